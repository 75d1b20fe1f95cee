/**
 * The server operations, over an SDK client the caller makes (createServerClient with the
 * session's region and endpoint). Each returns a view model or a failure explained through the
 * catalog; none throws, none logs, and the access token goes only into the request.
 *
 * With the user's access token: listUserSessions (all pages, bounded), revokeUserSession,
 * globalSignOut, getUser. With AWS credentials: describeUserPoolClient, describeUserPool,
 * getUserPoolSessionConfiguration, getUserPoolClientSessionConfiguration, adminListUserSessions,
 * adminGetUser.
 */
import type { CognitoIdentityProviderClient, SessionDescriptionType } from '@aws-sdk/client-cognito-identity-provider';
import { loadSdk } from '../refresh/sdkClient';
import { explainServerFailure, type FailureContext } from './failure';
import type {
  ClientConfigView,
  ClientSessionConfigView,
  PoolConfigView,
  PoolSessionConfigView,
  ServerOperation,
  ServerResult,
  TrackingState,
  UserSessionsView,
  UserView,
} from './types';
import {
  attributesOf,
  clientConfigView,
  clientSessionConfigView,
  isoDate,
  markCurrent,
  mfaOf,
  poolConfigView,
  poolSessionConfigView,
  sessionView,
  type CurrentSessionHint,
} from './views';

/** Most pages read from ListUserSessions / AdminListUserSessions (MaxPerUser is 20 by default). */
export const MAX_PAGES = 20;

async function run<T>(operation: ServerOperation, context: FailureContext, body: () => Promise<T>): Promise<ServerResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (err) {
    return { ok: false, failure: explainServerFailure(err, operation, context) };
  }
}

export interface ListSessionsOptions {
  /** Which listed session is this one, when Cognito does not say (AdminListUserSessions never does). */
  readonly current?: CurrentSessionHint;
  /** The pool's session tracking, when known (GetUserPoolSessionConfiguration); shown beside the list. */
  readonly tracking?: TrackingState;
  /** For failure wording. */
  readonly context?: FailureContext;
}

type Page = { Sessions?: SessionDescriptionType[]; NextToken?: string };

async function allPages(fetch: (nextToken: string | undefined) => Promise<Page>, options: ListSessionsOptions): Promise<UserSessionsView> {
  const sessions: SessionDescriptionType[] = [];
  const seen = new Set<string>();
  let next: string | undefined;
  let pages = 0;
  let truncated = false;
  for (;;) {
    const page = await fetch(next);
    pages++;
    if (Array.isArray(page.Sessions)) sessions.push(...page.Sessions);
    const token = typeof page.NextToken === 'string' && page.NextToken !== '' ? page.NextToken : undefined;
    if (token === undefined) break;
    if (seen.has(token) || pages >= MAX_PAGES) {
      truncated = true;
      break;
    }
    seen.add(token);
    next = token;
  }
  const views = markCurrent(sessions.map((s) => sessionView(s, options.current)));
  const tracking = options.tracking ?? 'unknown';
  const view: { -readonly [K in keyof UserSessionsView]: UserSessionsView[K] } = { sessions: views, tracking, truncated, pages };
  if (views.length === 0 && tracking === 'DISABLED') {
    view.note = 'User session tracking is off for this user pool, so Cognito keeps no session records to list. Turn it on with SetUserPoolSessionConfiguration.';
  } else if (views.length === 0 && tracking === 'unknown') {
    view.note = 'No sessions listed. Session tracking may be off for this user pool (it is off by default); reading the pool\'s session configuration needs AWS credentials.';
  }
  return view;
}

/** ListUserSessions, every page (at most MAX_PAGES). */
export async function listUserSessions(
  client: CognitoIdentityProviderClient,
  accessToken: string,
  options: ListSessionsOptions = {},
): Promise<ServerResult<UserSessionsView>> {
  return run('ListUserSessions', options.context ?? {}, async () => {
    const { ListUserSessionsCommand } = await loadSdk();
    return allPages(
      (NextToken) => client.send(new ListUserSessionsCommand({ AccessToken: accessToken, ...(NextToken ? { NextToken } : {}) })),
      options,
    );
  });
}

/** AdminListUserSessions (IAM), every page (at most MAX_PAGES). Cognito's IsCurrentSession is always false here. */
export async function adminListUserSessions(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
  options: ListSessionsOptions = {},
): Promise<ServerResult<UserSessionsView>> {
  return run('AdminListUserSessions', { userPoolId, ...options.context }, async () => {
    const { AdminListUserSessionsCommand } = await loadSdk();
    return allPages(
      (NextToken) =>
        client.send(new AdminListUserSessionsCommand({ UserPoolId: userPoolId, Username: username, ...(NextToken ? { NextToken } : {}) })),
      options,
    );
  });
}

/**
 * What `RevokeAssociatedSessions` does:
 * - NONE: only this session.
 * - LINKED: also the sessions linked to it: a token session's parent SSO session, or an SSO
 *   session's token sessions.
 */
export const ASSOCIATED_EXPLAINED: Readonly<Record<'NONE' | 'LINKED', string>> = {
  NONE: 'Revokes only this session: its refresh token and the access tokens issued from it stop working.',
  LINKED:
    'Also revokes the sessions linked to it: for a token session, the SSO session it came through (and so its other token sessions); for an SSO session, the token sessions that came through it.',
};

/** RevokeUserSession: another session of the same user (Cognito refuses the caller's own current session). */
export async function revokeUserSession(
  client: CognitoIdentityProviderClient,
  accessToken: string,
  sessionId: string,
  associated: 'NONE' | 'LINKED' = 'NONE',
  context: FailureContext = {},
): Promise<ServerResult<{ readonly sessionId: string; readonly associated: 'NONE' | 'LINKED' }>> {
  return run('RevokeUserSession', context, async () => {
    const { RevokeUserSessionCommand } = await loadSdk();
    await client.send(new RevokeUserSessionCommand({ AccessToken: accessToken, SessionId: sessionId, RevokeAssociatedSessions: associated }));
    return { sessionId, associated };
  });
}

/** What GlobalSignOut does, for the confirmation. */
export const GLOBAL_SIGN_OUT_EXPLAINED =
  'Signs the user out of every session on every app client: all of the user\'s refresh tokens are revoked, and their access tokens stop working with Cognito (ID and access tokens still pass an offline signature check until they expire). This session will need a new sign-in.';

export async function globalSignOut(
  client: CognitoIdentityProviderClient,
  accessToken: string,
  context: FailureContext = {},
): Promise<ServerResult<{ readonly signedOut: true }>> {
  return run('GlobalSignOut', context, async () => {
    const { GlobalSignOutCommand } = await loadSdk();
    await client.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    return { signedOut: true as const };
  });
}

export async function getUser(
  client: CognitoIdentityProviderClient,
  accessToken: string,
  context: FailureContext = {},
): Promise<ServerResult<UserView>> {
  return run('GetUser', context, async () => {
    const { GetUserCommand } = await loadSdk();
    const out = await client.send(new GetUserCommand({ AccessToken: accessToken }));
    return {
      username: typeof out.Username === 'string' ? out.Username : '',
      attributes: attributesOf(out.UserAttributes),
      mfa: mfaOf(out.PreferredMfaSetting, out.UserMFASettingList, out.MFAOptions),
    };
  });
}

export async function adminGetUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
  context: FailureContext = {},
): Promise<ServerResult<UserView>> {
  return run('AdminGetUser', { userPoolId, ...context }, async () => {
    const { AdminGetUserCommand } = await loadSdk();
    const out = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    const view: { -readonly [K in keyof UserView]: UserView[K] } = {
      username: typeof out.Username === 'string' ? out.Username : username,
      attributes: attributesOf(out.UserAttributes),
      mfa: mfaOf(out.PreferredMfaSetting, out.UserMFASettingList, out.MFAOptions),
    };
    if (typeof out.UserStatus === 'string') view.status = out.UserStatus;
    if (typeof out.Enabled === 'boolean') view.enabled = out.Enabled;
    const created = isoDate(out.UserCreateDate);
    if (created) view.createdAt = created;
    const modified = isoDate(out.UserLastModifiedDate);
    if (modified) view.lastModifiedAt = modified;
    return view;
  });
}

export async function describeUserPoolClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  clientId: string,
  context: FailureContext = {},
): Promise<ServerResult<ClientConfigView>> {
  return run('DescribeUserPoolClient', { userPoolId, ...context }, async () => {
    const { DescribeUserPoolClientCommand } = await loadSdk();
    const out = await client.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    return clientConfigView(out, clientId);
  });
}

export async function describeUserPool(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  context: FailureContext = {},
): Promise<ServerResult<PoolConfigView>> {
  return run('DescribeUserPool', { userPoolId, ...context }, async () => {
    const { DescribeUserPoolCommand } = await loadSdk();
    const out = await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    return poolConfigView(out, userPoolId);
  });
}

export async function getUserPoolSessionConfiguration(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  context: FailureContext = {},
): Promise<ServerResult<PoolSessionConfigView>> {
  return run('GetUserPoolSessionConfiguration', { userPoolId, ...context }, async () => {
    const { GetUserPoolSessionConfigurationCommand } = await loadSdk();
    return poolSessionConfigView(await client.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: userPoolId })));
  });
}

export async function getUserPoolClientSessionConfiguration(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  clientId: string,
  context: FailureContext = {},
): Promise<ServerResult<ClientSessionConfigView>> {
  return run('GetUserPoolClientSessionConfiguration', { userPoolId, ...context }, async () => {
    const { GetUserPoolClientSessionConfigurationCommand } = await loadSdk();
    return clientSessionConfigView(
      await client.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: userPoolId, ClientId: clientId })),
    );
  });
}
