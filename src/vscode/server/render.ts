// The server view as plain text (documents opened as .txt, read as written) and as the short
// labels of quick picks and tree items. Pure: no `vscode` import. Everything Cognito returned
// goes through `visible()`, so bidi overrides and zero-width characters in an attribute, a
// device name or a location show as escapes; nothing here ever sees a token.
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
import type { TokenComparison, ComparedToken } from '../../core/server/compare';
import type { ConfigFinding } from '../../core/server/configExplain';
import type { SessionRecord } from '../../core/sessions/index';
import type { ClaimChange } from '../../core/token/diff';
import { formatDuration } from '../../shared/format';
import { visible } from '../../shared/visible';

/** One line of text from anything Cognito or a token said: no line breaks, hidden characters escaped, bounded. */
export function line(text: string, max = 200): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return visible(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}

/** "2026-12-01T23:10:00Z (5 min ago)", or "unknown". */
export function when(iso: string | undefined, now: number): string {
  if (iso === undefined) return 'unknown';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return 'unknown';
  const s = Math.round((now - ms) / 1000);
  const rel = s < 1 && s > -1 ? 'just now' : s > 0 ? `${formatDuration(s)} ago` : `in ${formatDuration(-s)}`;
  return `${new Date(ms).toISOString().replace('.000Z', 'Z')} (${rel})`;
}

function heading(text: string): string[] {
  const t = line(text);
  return [t, '='.repeat(Math.min(t.length, 100)), ''];
}

function sub(text: string): string[] {
  const t = line(text);
  return ['', t, '-'.repeat(Math.min(t.length, 100))];
}

function rows(pairs: readonly (readonly [string, string | undefined])[]): string[] {
  const kept = pairs.filter((p): p is readonly [string, string] => p[1] !== undefined);
  const width = Math.max(0, ...kept.map(([k]) => k.length));
  return kept.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

export const TRACKING_TEXT: Readonly<Record<UserSessionsView['tracking'], string>> = {
  ENABLED: 'on (GetUserPoolSessionConfiguration)',
  DISABLED: 'off: Cognito keeps no session records for this pool',
  unknown: 'unknown (reading it needs AWS credentials: Show Client Configuration)',
};

/** The quick pick / tree label of one server-side session. */
export function sessionLabel(s: UserSessionView): string {
  const type = s.type === 'TOKEN' ? 'Token session' : s.type === 'SSO' ? 'SSO session' : 'Session';
  return `${s.isCurrent ? 'This session: ' : ''}${type} ${line(s.sessionId, 40)}`;
}

/** "client sbxrotate… · last active 5 min ago · Firefox · 127.0.0.1 · Seattle, United States". */
export function sessionDescription(s: UserSessionView, now: number): string {
  const parts: string[] = [];
  if (s.clientId) parts.push(`client ${line(s.clientId, 40)}`);
  if (s.lastActiveAt) parts.push(`last active ${relative(s.lastActiveAt, now)}`);
  else if (s.createdAt) parts.push(`created ${relative(s.createdAt, now)}`);
  if (s.deviceType) parts.push(line(s.deviceType, 60));
  if (s.lastIpAddress) parts.push(line(s.lastIpAddress, 60));
  if (s.location) parts.push(line(s.location, 80));
  return parts.join(' · ');
}

function relative(iso: string, now: number): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return 'at an unknown time';
  const s = Math.round((now - ms) / 1000);
  return s < 1 ? 'just now' : `${formatDuration(s)} ago`;
}

function currentNote(s: UserSessionView): string | undefined {
  if (!s.isCurrent) return undefined;
  return s.currentBy === 'sign-in-time'
    ? 'yes (matched by this session\'s app client and sign-in time; Cognito did not say)'
    : 'yes (Cognito\'s IsCurrentSession)';
}

/** Show Server Sessions: the list with the tracking state beside it. */
export function renderUserSessions(label: string, view: UserSessionsView, now: number): string {
  const out = heading(`Server-side sessions of ${label}`);
  out.push(...rows([
    ['Session tracking', TRACKING_TEXT[view.tracking]],
    ['Sessions listed', `${view.sessions.length}${view.truncated ? ' (more exist: the list stopped after ' + view.pages + ' pages)' : ''}`],
  ]));
  if (view.note) out.push('', line(view.note, 400));
  view.sessions.forEach((s, i) => {
    out.push(...sub(`${i + 1}. ${sessionLabel(s)}`));
    out.push(...rows([
      ['Type', s.type],
      ['App client', s.clientId ? line(s.clientId) : undefined],
      ['Created', when(s.createdAt, now)],
      ['Last active', when(s.lastActiveAt, now)],
      ['Device', s.deviceType ? line(s.deviceType) : undefined],
      ['Last IP address', s.lastIpAddress ? line(s.lastIpAddress) : undefined],
      ['Location', s.location ? line(s.location) : undefined],
      ['Origin SSO session', s.originSessionId ? line(s.originSessionId) : undefined],
      ['This session', currentNote(s) ?? 'no'],
    ]));
  });
  out.push('', 'Revoke another session with "Cognito: Revoke Server Session…" (RevokeUserSession); a session cannot revoke itself.', '');
  return out.join('\n');
}

function validity(v: TokenValidityView): string {
  return `${v.value} ${v.unit}${v.isDefault ? ' (Cognito\'s default)' : ''}`;
}

function list(values: readonly string[], none = 'none'): string {
  return values.length === 0 ? none : values.map((v) => line(v, 120)).join(', ');
}

/** Show User: GetUser (and AdminGetUser's status when credentials gave it). */
export function renderUser(label: string, user: UserView, status: UserView | ServerFailure | undefined): string {
  const out = heading(`User of ${label}`);
  const admin = status !== undefined && 'username' in status ? status : undefined;
  const statusText = admin?.status
    ? `${line(admin.status)}${admin.enabled === false ? ', disabled' : admin.enabled === true ? ', enabled' : ''}`
    : status !== undefined && 'explanation' in status
      ? `not read: ${line(status.explanation.title)}`
      : 'not read (AdminGetUser needs AWS credentials: run Show Client Configuration once to choose them)';
  out.push(...rows([
    ['Username', line(user.username)],
    ['Status', statusText],
    ['Created', admin?.createdAt],
    ['Last modified', admin?.lastModifiedAt],
    ['Preferred MFA', user.mfa.preferred ? line(user.mfa.preferred) : 'none'],
    ['MFA enabled', list(user.mfa.enabled)],
    ['Legacy MFA options', user.mfa.legacyOptions.length ? list(user.mfa.legacyOptions) : undefined],
  ]));
  out.push(...sub(`Attributes (${user.attributes.length})`));
  out.push(...rows(user.attributes.map((a) => [line(a.name, 80), a.value === undefined ? '(no value)' : line(a.value, 300)] as const)));
  out.push('');
  return out.join('\n');
}

export interface ClientConfigSections {
  readonly client: ClientConfigView | ServerFailure;
  readonly pool: PoolConfigView | ServerFailure;
  readonly poolSessions: PoolSessionConfigView | ServerFailure;
  readonly clientSessions: ClientSessionConfigView | ServerFailure;
}

export function isFailure<T extends object>(v: T | ServerFailure): v is ServerFailure {
  return 'explanation' in v && 'operation' in v;
}

/** A failure in a few lines: the catalog's title, what happened, the first thing to do. */
export function failureLines(f: ServerFailure): string[] {
  const out = [`  ${f.operation} failed: ${line(f.explanation.title, 300)}`, `  ${line(f.explanation.whatHappened, 600)}`];
  if (f.missingPermission) out.push(`  Allow: ${line(f.missingPermission.action)}${f.missingPermission.resource ? ` on ${line(f.missingPermission.resource, 300)}` : ''}`);
  const todo = f.explanation.whatToDo[0];
  if (todo) out.push(`  What to do: ${line(todo, 600)}`);
  return out;
}

/** Show Client Configuration: the app client, the pool and their session settings as Cognito has them. */
export function renderClientConfig(label: string, credentials: string, sections: ClientConfigSections, extra: readonly string[] = []): string {
  const out = heading(`Client configuration of ${label}`);
  out.push(`Read with ${line(credentials)}. Credentials are never stored by the extension.`);
  out.push(...sub('App client (DescribeUserPoolClient)'));
  const c = sections.client;
  if (isFailure(c)) out.push(...failureLines(c));
  else {
    out.push(...rows([
      ['Client id', line(c.clientId)],
      ['Name', c.clientName ? line(c.clientName) : undefined],
      ['Client secret', c.hasSecret ? 'yes (not shown)' : 'none'],
      ['Refresh token rotation', c.rotation.enabled ? `on, retry grace period ${c.rotation.graceSeconds ?? 0} s` : 'off'],
      ['Access token validity', validity(c.validity.access)],
      ['ID token validity', validity(c.validity.id)],
      ['Refresh token validity', validity(c.validity.refresh)],
      ['Explicit auth flows', list(c.explicitAuthFlows)],
      ['Token revocation', c.tokenRevocation === undefined ? 'unknown' : c.tokenRevocation ? 'on' : 'off'],
      ['Prevent user existence errors', c.preventUserExistenceErrors ? line(c.preventUserExistenceErrors) : undefined],
      ['Callback URLs', list(c.callbackUrls)],
      ['Sign-out URLs', c.logoutUrls.length ? list(c.logoutUrls) : undefined],
      ['OAuth flows', list(c.allowedOAuthFlows)],
      ['OAuth scopes', c.allowedOAuthScopes.length ? list(c.allowedOAuthScopes) : undefined],
      ['Auth session validity', c.authSessionValidityMinutes !== undefined ? `${c.authSessionValidityMinutes} min` : undefined],
      ['Last modified', c.lastModifiedAt],
    ]));
  }
  out.push(...sub('User pool (DescribeUserPool)'));
  const p = sections.pool;
  if (isFailure(p)) out.push(...failureLines(p));
  else {
    out.push(...rows([
      ['Pool id', line(p.id)],
      ['Name', p.name ? line(p.name) : undefined],
      ['Tier', p.tier ? line(p.tier) : undefined],
      ['MFA', p.mfa ? line(p.mfa) : undefined],
      ['Device remembering', p.deviceRemembering === 'off' ? 'off' : p.deviceRemembering === 'always' ? 'always (device tracking on)' : 'when the user opts in (device tracking on)'],
      ['Challenge on new device', p.challengeRequiredOnNewDevice === undefined ? undefined : p.challengeRequiredOnNewDevice ? 'yes' : 'no'],
      ['Pre-token-generation trigger', p.preTokenGeneration ? `${line(p.preTokenGeneration.version)}${p.preTokenGeneration.lambdaArn ? ` (${line(p.preTokenGeneration.lambdaArn)})` : ''}` : 'none'],
      ['Domain', p.customDomain ? line(p.customDomain) : p.domain ? line(p.domain) : undefined],
    ]));
  }
  out.push(...sub('Session tracking (GetUserPoolSessionConfiguration)'));
  const ps = sections.poolSessions;
  if (isFailure(ps)) out.push(...failureLines(ps));
  else out.push(...rows([['User session tracking', TRACKING_TEXT[ps.tracking]], ['Token sessions per user', ps.maxPerUser !== undefined ? String(ps.maxPerUser) : undefined]]));
  out.push(...sub('SSO session (GetUserPoolClientSessionConfiguration)'));
  const cs = sections.clientSessions;
  if (isFailure(cs)) out.push(...failureLines(cs));
  else out.push(...rows([['SSO session maximum validity', `${cs.ssoMaxValidityMinutes} min${cs.isDefault ? ' (Cognito\'s default)' : ''}`]]));
  if (extra.length > 0) {
    out.push(...sub('Against this configuration'));
    for (const e of extra) out.push(`  ${line(e, 800)}`);
  }
  out.push('');
  return out.join('\n');
}

function tokenLine(t: ComparedToken): string {
  const kind = t.kind === 'not-a-token' ? `not a token${t.problem ? ` (${line(t.problem)})` : ''}` : `${t.kind}${t.format ? ` (${t.format})` : ''}`;
  const facts = [
    t.issuer ? `issuer ${line(t.issuer)}` : undefined,
    t.clientId ? `client ${line(t.clientId)}` : undefined,
    t.sub ? `sub ${line(t.sub)}` : undefined,
    t.issuedAt ? `issued ${line(t.issuedAt)}` : undefined,
    t.expiresAt ? `expires ${line(t.expiresAt)}` : undefined,
  ].filter((x): x is string => x !== undefined);
  return [kind, ...facts].join(' · ');
}

function changeLine(c: ClaimChange): string {
  const name = line(c.claim, 60);
  switch (c.kind) {
    case 'added':
      return `  + ${name}: ${line(c.after ?? '')}`;
    case 'removed':
      return `  - ${name}: ${line(c.before ?? '')}`;
    case 'kept':
      return `  = ${name}: ${line(c.after ?? c.before ?? '')} (same)`;
    case 'changed':
      return c.before === undefined ? `  ~ ${name}: ${line(c.after ?? '')}` : `  ~ ${name}: ${line(c.before)} → ${line(c.after ?? '')}`;
  }
}

/** Compare Tokens: the two tokens, the header and claim differences, and what explains them. */
export function renderComparison(nameA: string, nameB: string, cmp: TokenComparison): string {
  const out = heading('Token comparison');
  out.push(...rows([
    ['First', `${line(nameA)}: ${tokenLine(cmp.a)}`],
    ['Second', `${line(nameB)}: ${tokenLine(cmp.b)}`],
  ]));
  if (cmp.header.length > 0) {
    out.push(...sub('Header'));
    for (const h of cmp.header) out.push(`  ~ ${line(h.field)}: ${line(h.before ?? '(none)')} → ${line(h.after ?? '(none)')}`);
  }
  out.push(...sub(`Claims (${cmp.claims.changes.filter((c) => c.kind !== 'kept').length} differ; jti is ignored)`));
  if (cmp.claims.changes.length === 0) out.push('  (no claim differences to show)');
  for (const c of cmp.claims.changes) out.push(changeLine(c));
  if (cmp.claims.omitted) out.push(`  … and ${cmp.claims.omitted} more`);
  if (cmp.findings.length > 0) {
    out.push(...sub('What explains the differences'));
    for (const f of cmp.findings) out.push(`  • ${line(f.text, 1000)}`);
  }
  out.push('', 'Decoded only: no signature was checked.', '');
  return out.join('\n');
}

/** The claim changes a refresh stored, as one short line: "+admins -beta (cognito:groups), exp +60 min". */
export function changesSummary(changes: readonly { claim: string; kind: string; before?: string; after?: string }[], max = 4): string {
  const shown = changes.slice(0, max).map((c) => {
    const name = line(c.claim, 40);
    if (c.kind === 'added') return `+${name}`;
    if (c.kind === 'removed') return `-${name}`;
    return `${name} ${line(c.after ?? '', 40)}`.trim();
  });
  return `${shown.join(', ')}${changes.length > max ? `, +${changes.length - max} more` : ''}`;
}

/**
 * A token's size as a short warning, or undefined when it passes every limit:
 * "9,214 bytes: over CloudFront (8 KB per header) by 1,022 bytes; cognito:groups takes 85%".
 */
export { sizeWarning } from '../sessions/sizeText';

const SEVERITY_TEXT: Readonly<Record<ConfigFinding['severity'], string>> = { cause: 'Explains the last failure', warning: 'Warning', info: 'Note' };

/** The last failure, then the findings against the configuration, causes first. */
export function findingLines(record: SessionRecord, findings: readonly ConfigFinding[]): string[] {
  const out: string[] = [];
  if (record.lastError) out.push(`Last failure: ${record.lastError.name} in ${record.lastError.operation} (${record.lastError.at}).`);
  for (const f of findings) out.push(`${SEVERITY_TEXT[f.severity]}: ${f.text}`);
  if (out.length === 0 || (findings.length === 0 && record.lastError)) out.push('Nothing in this configuration disagrees with what this session did.');
  return out;
}
