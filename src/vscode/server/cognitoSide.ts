// The Cognito side of one session panel: what Cognito keeps about the panel's session, read
// only when the user asks (`serverLoad`) and kept in memory for the panel's lifetime (no token
// in it). `user`: ListUserSessions (every page) and GetUser with the session's access token,
// sent only to the session's own endpoint (its override, or its Region's AWS endpoint), plus
// AdminGetUser's status when AWS credentials were chosen for the session. `config`: the app
// client's and pool's configuration with those credentials (asked for once, kept as the
// session's awsProfile), read against the session's last failure. `serverRevoke` revokes only
// a session this panel listed as another session of the user (the webview confirms first).
import * as vscode from 'vscode';
import { adminGetUser, ASSOCIATED_EXPLAINED, getUser, revokeUserSession } from '../../core/server/operations';
import type { ServerFailure, UserSessionView, UserView } from '../../core/server/types';
import type { SessionRecord } from '../../core/sessions/index';
import type { CognitoSideView, RevokeAssociated, ServerLoadPart } from '../../shared/protocol';
import type { Ctx } from '../context';
import { chooseCredentials, describeChoice, storedChoice, type ProfileSessions } from './credentials';
import { configFailures, failureContext, findingsFor, iamClient, listForRecord, readConfiguration, rememberRefreshTokenValidity, userClient } from './serverOps';
import { forgetServerSessions, rememberServerSessions } from './serverTree';
import { configPartView, failureView, localFailure, sessionsListView, TRACKING_SENTENCE, userPartView } from './sideView';

/** What the Cognito side needs of the sessions: the stored record, and the settings write for awsProfile. */
export type CognitoSidePort = ProfileSessions;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_ACCESS_TOKEN = localFailure(
  'ListUserSessions',
  'server/no-access-token',
  'This session holds no access token yet',
  'The server operations ask Cognito with the session\'s access token, and it has none.',
  ['Refresh the session, then load again.'],
);

/** The endpoint the access token is sent to: the session's override, else its Region's AWS endpoint. */
export function destinationOf(record: Pick<SessionRecord, 'session'>): string {
  return record.session.endpoint ?? `https://cognito-idp.${record.session.region}.amazonaws.com/`;
}

export class CognitoSide {
  private readonly busy: { user: boolean; config: boolean; revoking?: string } = { user: false, config: false };
  private state: Omit<Mutable<CognitoSideView>, 'busy' | 'destination' | 'credentials' | 'revokeText'> = {};
  /** The sessions last listed, by id: a revoke may name only one of these that is not this session. */
  private listed = new Map<string, UserSessionView>();

  constructor(
    private readonly ctx: Ctx,
    private readonly sessions: CognitoSidePort,
    private readonly sessionId: string,
    /** Rebuilds and posts the panel's state. */
    private readonly changed: () => Promise<void>,
  ) {}

  view(record: SessionRecord): CognitoSideView {
    const choice = storedChoice(this.ctx, record.session);
    return {
      ...this.state,
      busy: { ...this.busy },
      destination: destinationOf(record),
      ...(choice ? { credentials: describeChoice(choice) } : {}),
      revokeText: { ...ASSOCIATED_EXPLAINED },
    };
  }

  private async record(): Promise<SessionRecord> {
    const record = await this.sessions.getRecord(this.sessionId);
    if (!record) throw new Error('The session no longer exists.');
    return record;
  }

  /** `credentials` asks again which AWS credentials the session uses, then reads the configuration with them. */
  async load(part: ServerLoadPart): Promise<void> {
    const which = part === 'user' ? 'user' : 'config';
    if (this.busy[which]) throw new Error('This part is already loading.');
    this.busy[which] = true;
    void this.changed();
    try {
      const record = await this.record();
      const title = part === 'user' ? `Reading the server-side sessions and the user of ${record.session.label}…` : `Reading the configuration of ${record.session.label}'s app client…`;
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () =>
        part === 'user' ? this.loadUser(record) : this.loadConfig(record, part === 'credentials'),
      );
    } finally {
      this.busy[which] = false;
      await this.changed();
    }
  }

  private async loadUser(record: SessionRecord): Promise<void> {
    const access = record.secrets.accessToken;
    const { session } = record;
    if (access === undefined) {
      this.state = { ...this.state, sessionsFailure: NO_ACCESS_TOKEN };
      delete this.state.sessions;
      return;
    }
    const choice = storedChoice(this.ctx, session);
    const readUser = async (): Promise<{ user?: UserView; failure?: ServerFailure; admin?: UserView | ServerFailure }> => {
      const client = await userClient(session);
      let user: UserView;
      try {
        const r = await getUser(client, access, failureContext(session));
        if (!r.ok) return { failure: r.failure };
        user = r.value;
      } finally {
        client.destroy();
      }
      if (!choice) return { user };
      // The status (CONFIRMED, FORCE_CHANGE_PASSWORD, ...) only AdminGetUser gives, with the credentials chosen for the session.
      const admin = await iamClient(session, choice);
      try {
        const s = await adminGetUser(admin, session.userPoolId, user.username, failureContext(session));
        return { user, admin: s.ok ? s.value : s.failure };
      } finally {
        admin.destroy();
      }
    };
    const [list, user] = await Promise.all([listForRecord(this.ctx, record), readUser()]);
    const at = Date.now();
    const next: typeof this.state = { ...this.state };
    delete next.sessions;
    delete next.sessionsFailure;
    delete next.user;
    delete next.userFailure;
    delete next.userStatusFailure;
    if (list === undefined) next.sessionsFailure = NO_ACCESS_TOKEN;
    else {
      rememberServerSessions(this.sessionId, list);
      if (list.ok) {
        next.sessions = sessionsListView(list.value, session.clientId, at);
        this.listed = new Map(list.value.sessions.map((s) => [s.sessionId, s]));
      } else {
        next.sessionsFailure = failureView(list.failure);
        this.listed.clear();
      }
    }
    if (user.failure) next.userFailure = failureView(user.failure);
    else if (user.user) {
      next.user = userPartView(user.user, user.admin, at);
      if (user.admin && 'explanation' in user.admin) next.userStatusFailure = failureView(user.admin);
    }
    this.state = next;
    this.ctx.log.info(
      `server view (inspector): ${session.label}: ${list?.ok ? `${list.value.sessions.length} server sessions` : 'sessions not listed'}, user ${user.user ? 'read' : 'not read'}`,
    );
  }

  private async loadConfig(record: SessionRecord, askAgain: boolean): Promise<void> {
    const choice = await chooseCredentials(this.ctx, this.sessions, record.session, record.session.label, askAgain);
    // Asked again and dismissed: the choice stays as it was.
    if (!choice && askAgain) return;
    if (!choice) {
      this.state = {
        ...this.state,
        configFailure: localFailure(
          'DescribeUserPoolClient',
          'server/no-credentials-chosen',
          'No AWS credentials chosen',
          'Reading the app client and pool configuration needs AWS credentials (the SDK\'s default chain or a named profile); the question was dismissed.',
          ['Load the client configuration again and choose the default chain or a profile.'],
        ),
      };
      return;
    }
    const sections = await readConfiguration(record.session, choice);
    await rememberRefreshTokenValidity(this.ctx, this.sessions, record, sections);
    const findings = findingsFor(record, sections);
    const e = record.lastError;
    const lastFailure = e ? `${e.name} in ${e.operation} (${e.at})` : undefined;
    const next: typeof this.state = { ...this.state, config: configPartView(describeChoice(choice), sections, findings, lastFailure, Date.now()) };
    delete next.configFailure;
    // The list read before knew no tracking state: now it is known.
    const ps = sections.poolSessions;
    if (next.sessions && !('explanation' in ps) && ps.tracking !== 'unknown') {
      const { note: _note, ...rest } = next.sessions;
      next.sessions = { ...rest, tracking: ps.tracking, trackingText: TRACKING_SENTENCE[ps.tracking] };
    }
    this.state = next;
    const failed = configFailures(sections);
    this.ctx.log.info(
      `server view (inspector): configuration of ${record.session.label} read with ${describeChoice(choice)}: ${4 - failed.length} of 4 parts${failed.length ? `; failed: ${failed.map((f) => `${f.operation} [${f.explanation.id}]`).join(', ')}` : ''}; findings ${findings.map((f) => f.id).join(', ') || 'none'}`,
    );
  }

  /** RevokeUserSession for a session this panel listed as another one of the user. */
  async revoke(serverSessionId: string, associated: RevokeAssociated): Promise<void> {
    const listed = this.listed.get(serverSessionId);
    if (!listed) throw new Error('That session is not in the list this panel read: load the list again.');
    if (listed.isCurrent) throw new Error('This is the session of this panel: Cognito does not revoke the session that asks. Use Revoke Refresh Token or Sign Out Everywhere.');
    if (this.busy.revoking) throw new Error('A revoke is already running.');
    this.busy.revoking = serverSessionId;
    void this.changed();
    try {
      const record = await this.record();
      const access = record.secrets.accessToken;
      if (access === undefined) throw new Error('This session holds no access token: refresh it first.');
      const client = await userClient(record.session);
      let result: Awaited<ReturnType<typeof revokeUserSession>>;
      try {
        result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Revoking the server-side session ${serverSessionId}…` }, () =>
          revokeUserSession(client, access, serverSessionId, associated, failureContext(record.session)),
        );
      } finally {
        client.destroy();
      }
      forgetServerSessions(); // every session of the user listed it
      const next: typeof this.state = { ...this.state };
      delete next.revokeFailure;
      if (result.ok) {
        next.message = {
          severity: 'info',
          text: `Revoked the server-side session ${serverSessionId}${associated === 'LINKED' ? ' and the sessions linked to it' : ''}: its refresh token and the access tokens issued from it no longer work.`,
        };
        this.ctx.log.info(`server view (inspector): RevokeUserSession ${serverSessionId} (${associated}) for ${record.session.label}: revoked`);
      } else {
        next.message = { severity: 'error', text: `Revoking ${serverSessionId} failed: ${result.failure.explanation.title}` };
        next.revokeFailure = failureView(result.failure);
        this.ctx.log.warn(`server view (inspector): RevokeUserSession ${serverSessionId} failed: ${result.failure.explanation.title} [${result.failure.explanation.id}]`);
      }
      this.state = next;
      // The list as it is now (Cognito deletes the revoked session's record).
      if (result.ok) await this.loadUser(await this.record());
    } finally {
      delete this.busy.revoking;
      await this.changed();
    }
  }
}
