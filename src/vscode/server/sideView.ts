// The Cognito side of a session panel as the webview shows it (src/shared/protocol.ts
// CognitoSideView), built from the core's server views (src/core/server). Pure: no `vscode`
// import, unit-tested in plain node. Values from Cognito are untrusted: they go out as they
// are, bounded, and the webview puts them in text nodes with hidden characters marked
// (webview/dom.ts), so nothing here escapes them twice. No token or secret reaches a view.
import type { ConfigFinding } from '../../core/server/configExplain';
import type {
  ClientConfigView,
  ClientSessionConfigView,
  PoolConfigView,
  PoolSessionConfigView,
  ServerFailure,
  TokenValidityView,
  UserSessionView,
  UserSessionsView,
  UserView,
} from '../../core/server/types';
import type {
  ServerConfigPartView,
  ServerConfigSectionView,
  ServerFactView,
  ServerFailureView,
  ServerSessionsListView,
  ServerUserPartView,
} from '../../shared/protocol';
import { cutAt } from '../../shared/visible';

/** Longest value sent for one fact or attribute (a custom attribute holds at most 2048 characters in Cognito). */
export const MAX_SERVER_VALUE_LENGTH = 2048;
/** Most attributes and sessions sent (Cognito allows 50 custom attributes; MaxPerUser is at most 100 sessions). */
export const MAX_SERVER_ROWS = 200;

const EXPIRED_ID = 'NotAuthorizedException/access-token-expired';
const REVOKED_ID = 'NotAuthorizedException/access-token-revoked';

/** Text bounded to `max` characters, with "…" when it was cut. */
export function bounded(text: string, max = MAX_SERVER_VALUE_LENGTH): string {
  return text.length > max ? `${cutAt(text, max - 1)}…` : text;
}

function fact(key: string, label: string, value: string | undefined): ServerFactView | undefined {
  return value === undefined ? undefined : { key, label, value: bounded(value) };
}

function facts(list: readonly (ServerFactView | undefined)[]): ServerFactView[] {
  return list.filter((f): f is ServerFactView => f !== undefined);
}

function joined(values: readonly string[], none = 'none'): string {
  return values.length === 0 ? none : values.join(', ');
}

export const TRACKING_SENTENCE: Readonly<Record<UserSessionsView['tracking'], string>> = {
  ENABLED: 'Session tracking is on for this user pool (GetUserPoolSessionConfiguration).',
  DISABLED: 'Session tracking is off for this user pool: Cognito keeps no session records, so the list is empty whatever the user did.',
  unknown: 'Session tracking of the pool is unknown: reading it needs AWS credentials (Load client configuration). It is off by default, and then nothing is listed.',
};

/** A failed operation as the panel shows it: the catalog's explanation, the permission to allow. */
export function failureView(f: ServerFailure): ServerFailureView {
  const e = f.explanation;
  const view: ServerFailureView = {
    operation: f.operation,
    id: e.id,
    title: bounded(e.title, 400),
    whatHappened: bounded(e.whatHappened, 1000),
    whatToDo: e.whatToDo.slice(0, 6).map((t) => bounded(t, 600)),
  };
  if (f.missingPermission) {
    const { action, resource } = f.missingPermission;
    view.missingPermission = {
      action: bounded(action, 128),
      ...(resource !== undefined ? { resource: bounded(resource, 512) } : {}),
      statement: JSON.stringify({ Effect: 'Allow', Action: bounded(action, 128), Resource: resource !== undefined ? bounded(resource, 512) : '*' }),
    };
  }
  if (e.id === EXPIRED_ID || e.id === REVOKED_ID) view.refreshFirst = true;
  return view;
}

/** A failure before any request: no access token, or the credential question dismissed. */
export function localFailure(operation: string, id: string, title: string, whatHappened: string, whatToDo: string[]): ServerFailureView {
  return { operation, id, title, whatHappened, whatToDo };
}

function row(s: UserSessionView, ownClientId: string | undefined): ServerSessionsListView['rows'][number] {
  const out: ServerSessionsListView['rows'][number] = {
    sessionId: bounded(s.sessionId, 128),
    type: s.type,
    sameClient: ownClientId !== undefined && s.clientId === ownClientId,
    isCurrent: s.isCurrent,
  };
  if (s.clientId) out.clientId = bounded(s.clientId, 128);
  if (s.createdAt) out.createdAt = s.createdAt;
  if (s.lastActiveAt) out.lastActiveAt = s.lastActiveAt;
  if (s.deviceType) out.deviceType = bounded(s.deviceType, 256);
  if (s.lastIpAddress) out.lastIpAddress = bounded(s.lastIpAddress, 64);
  if (s.location) out.location = bounded(s.location, 256);
  if (s.originSessionId) out.originSessionId = bounded(s.originSessionId, 128);
  if (s.currentBy) out.currentBy = s.currentBy;
  return out;
}

/** ListUserSessions (every page) with the tracking state beside it; this session first. */
export function sessionsListView(list: UserSessionsView, ownClientId: string | undefined, at: number): ServerSessionsListView {
  const rows = list.sessions.slice(0, MAX_SERVER_ROWS).map((s) => row(s, ownClientId));
  rows.sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  const view: ServerSessionsListView = {
    at,
    tracking: list.tracking,
    trackingText: TRACKING_SENTENCE[list.tracking],
    truncated: list.truncated || list.sessions.length > MAX_SERVER_ROWS,
    rows,
  };
  if (list.note) view.note = bounded(list.note, 600);
  return view;
}

/** GetUser, and the status when AdminGetUser gave it (with credentials) or failed. */
export function userPartView(user: UserView, admin: UserView | ServerFailure | undefined, at: number): ServerUserPartView {
  const a = admin !== undefined && 'username' in admin ? admin : undefined;
  const status = a?.status
    ? `${a.status}${a.enabled === false ? ', disabled' : a.enabled === true ? ', enabled' : ''}`
    : admin !== undefined && 'explanation' in admin
      ? `not read: ${admin.explanation.title}`
      : 'not read (AdminGetUser needs AWS credentials: Load client configuration chooses them)';
  return {
    at,
    username: bounded(user.username, 256),
    facts: facts([
      fact('status', 'User status', status),
      fact('created', 'Created', a?.createdAt),
      fact('lastModified', 'Last modified', a?.lastModifiedAt),
      fact('preferredMfa', 'Preferred MFA', user.mfa.preferred ?? 'none'),
      fact('mfaEnabled', 'MFA enabled', joined(user.mfa.enabled)),
      user.mfa.legacyOptions.length > 0 ? fact('mfaLegacy', 'Legacy MFA options', joined(user.mfa.legacyOptions)) : undefined,
    ]),
    attributes: user.attributes
      .slice(0, MAX_SERVER_ROWS)
      .map((x) => (x.value === undefined ? { name: bounded(x.name, 128) } : { name: bounded(x.name, 128), value: bounded(x.value) })),
  };
}

function unitText(v: TokenValidityView): string {
  const unit = v.value === 1 ? v.unit.replace(/s$/, '') : v.unit;
  return `${v.value} ${unit}${v.isDefault ? " (Cognito's default)" : ''}`;
}

export function clientFacts(c: ClientConfigView): ServerFactView[] {
  return facts([
    fact('clientId', 'Client id', c.clientId),
    fact('clientName', 'Name', c.clientName),
    fact('hasSecret', 'Client secret', c.hasSecret ? 'yes (not shown)' : 'no'),
    fact('rotation', 'Refresh token rotation', c.rotation.enabled ? `on, retry grace period ${c.rotation.graceSeconds ?? 0} s` : 'off'),
    fact('accessValidity', 'Access token validity', unitText(c.validity.access)),
    fact('idValidity', 'ID token validity', unitText(c.validity.id)),
    fact('refreshValidity', 'Refresh token validity', unitText(c.validity.refresh)),
    fact('explicitAuthFlows', 'Explicit auth flows', joined(c.explicitAuthFlows)),
    fact('tokenRevocation', 'Token revocation', c.tokenRevocation === undefined ? 'unknown' : c.tokenRevocation ? 'on' : 'off'),
    fact('preventUserExistenceErrors', 'Prevent user existence errors', c.preventUserExistenceErrors ?? 'unknown'),
    fact('callbackUrls', 'Callback URLs', joined(c.callbackUrls)),
    c.logoutUrls.length > 0 ? fact('logoutUrls', 'Sign-out URLs', joined(c.logoutUrls)) : undefined,
    fact('oauthFlows', 'OAuth flows', joined(c.allowedOAuthFlows)),
    c.allowedOAuthScopes.length > 0 ? fact('oauthScopes', 'OAuth scopes', joined(c.allowedOAuthScopes)) : undefined,
    c.authSessionValidityMinutes !== undefined ? fact('authSessionValidity', 'Auth session validity', `${c.authSessionValidityMinutes} minutes`) : undefined,
    fact('lastModified', 'Last modified', c.lastModifiedAt),
  ]);
}

const DEVICE_TEXT: Readonly<Record<PoolConfigView['deviceRemembering'], string>> = {
  off: 'off',
  always: 'on: devices are always remembered',
  'user-opt-in': 'on: devices are remembered when the user opts in',
};

export function poolFacts(p: PoolConfigView): ServerFactView[] {
  return facts([
    fact('poolId', 'Pool id', p.id),
    fact('poolName', 'Name', p.name),
    fact('tier', 'Feature plan (tier)', p.tier ?? 'unknown'),
    fact('mfa', 'MFA', p.mfa ?? 'unknown'),
    fact('deviceTracking', 'Device tracking', DEVICE_TEXT[p.deviceRemembering]),
    p.challengeRequiredOnNewDevice === undefined ? undefined : fact('challengeOnNewDevice', 'Challenge on a new device', p.challengeRequiredOnNewDevice ? 'yes' : 'no'),
    fact(
      'preTokenGeneration',
      'Pre-token-generation trigger',
      p.preTokenGeneration ? `${p.preTokenGeneration.version}${p.preTokenGeneration.lambdaArn ? ` (${p.preTokenGeneration.lambdaArn})` : ''}` : 'none',
    ),
    fact('domain', 'Domain', p.customDomain ?? p.domain),
  ]);
}

export function poolSessionFacts(ps: PoolSessionConfigView): ServerFactView[] {
  return facts([
    fact('tracking', 'User session tracking', ps.tracking === 'ENABLED' ? 'on' : ps.tracking === 'DISABLED' ? 'off' : 'unknown'),
    ps.maxPerUser !== undefined ? fact('maxPerUser', 'Token sessions per user (most)', String(ps.maxPerUser)) : undefined,
  ]);
}

export function clientSessionFacts(cs: ClientSessionConfigView): ServerFactView[] {
  return [{ key: 'ssoMaxValidity', label: 'SSO session maximum validity', value: `${cs.ssoMaxValidityMinutes} minutes${cs.isDefault ? " (Cognito's default)" : ''}` }];
}

export interface ConfigSections {
  readonly client: ClientConfigView | ServerFailure;
  readonly pool: PoolConfigView | ServerFailure;
  readonly poolSessions: PoolSessionConfigView | ServerFailure;
  readonly clientSessions: ClientSessionConfigView | ServerFailure;
}

export function isServerFailure(v: object): v is ServerFailure {
  return 'explanation' in v && 'operation' in v;
}

function sectionView<T extends object>(key: ServerConfigSectionView['key'], title: string, v: T | ServerFailure, toFacts: (x: T) => ServerFactView[]): ServerConfigSectionView {
  return isServerFailure(v) ? { key, title, failure: failureView(v) } : { key, title, facts: toFacts(v) };
}

/** The four configuration reads, the last failure, and what configExplain found reading one against the other. */
export function configPartView(
  credentials: string,
  sections: ConfigSections,
  findings: readonly ConfigFinding[],
  lastFailure: string | undefined,
  at: number,
): ServerConfigPartView {
  const view: ServerConfigPartView = {
    at,
    credentials,
    sections: [
      sectionView('client', 'App client (DescribeUserPoolClient)', sections.client, clientFacts),
      sectionView('pool', 'User pool (DescribeUserPool)', sections.pool, poolFacts),
      sectionView('poolSessions', 'Session tracking (GetUserPoolSessionConfiguration)', sections.poolSessions, poolSessionFacts),
      sectionView('clientSessions', 'SSO session (GetUserPoolClientSessionConfiguration)', sections.clientSessions, clientSessionFacts),
    ],
    findings: findings.map((f) => ({ id: f.id, severity: f.severity, text: bounded(f.text, 1000) })),
  };
  if (lastFailure !== undefined) view.lastFailure = bounded(lastFailure, 600);
  return view;
}
