// Session tracking: a token session is one sign-in's refresh-token family
// (refresh-store.ts's SignInSession). Each has a stable SessionId derived from
// the family, is listed while it is neither revoked nor expired, and remembers
// its last activity (sign-in, refresh, rotation), address and user agent.
//
// From the SDK model (SessionDescriptionType, UserPoolTokenSessionConfigType):
// SessionId is 28 lowercase letters and digits, prefixed `tkn` for a token
// session; LastActiveDate is the last refresh or rotation; a new sign-in makes a
// new session; MaxPerUser (default 20) evicts the least recently used session
// at the next sign-in. SSO sessions (managed login's session cookie) are
// sessions/sso.ts's; a token session that came through one names it in
// OriginSessionId, and both kinds are listed together (listedSessions).

import { createHash } from 'node:crypto';
import type { PoolConfig } from '../config';
import { CognitoError } from '../errors';
import type { RefreshTokenStore, SignInSession } from '../refresh-store';
import type { RequestInfo } from './request-info';
import type { SsoSession, SsoSessionStore } from './sso';

export const DEFAULT_MAX_SESSIONS_PER_USER = 20;
export const DEFAULT_SESSIONS_PAGE_SIZE = 125;
/** SessionDescriptionType.DeviceType: at most 1,024 characters. */
const MAX_DEVICE_TYPE = 1024;
/** SessionDescriptionType.LastIPAddress: at most 128 characters. */
const MAX_IP = 128;

export const SESSION_ID_PATTERN = /^(tkn|sso)[a-z0-9]{25}$/;

export function trackingEnabled(pool: PoolConfig): boolean {
  return pool.userSessionTracking === 'ENABLED';
}

/** `tkn` + 25 base-36 digits of SHA-256(family id): stable across restarts (the family id is in the state file). */
export function sessionIdOf(session: SignInSession): string {
  const digest = createHash('sha256').update(`token-session:${session.id}`).digest('hex');
  const digits = BigInt(`0x${digest}`).toString(36).padStart(25, '0');
  return `tkn${digits.slice(-25)}`;
}

/** The user agent's first product token ("aws-sdk-js/3.1169.0"), or "unknown"; what the sandbox has instead of Cognito's parsed "Chrome 125 / macOS 15.0". */
export function deviceTypeOf(userAgent: string | undefined): string {
  const text = (userAgent ?? '').trim();
  if (text === '') return 'unknown';
  const space = text.indexOf(' ');
  return (space < 0 ? text : text.slice(0, space)).slice(0, MAX_DEVICE_TYPE);
}

/** Records a sign-in, refresh or rotation on the session (and marks the store changed, so a state file keeps it). */
export function recordActivity(store: RefreshTokenStore, session: SignInSession, now: number, request: RequestInfo | undefined): void {
  session.lastActiveAt = now;
  if (request?.remoteAddress) session.lastIpAddress = request.remoteAddress.slice(0, MAX_IP);
  if (request) session.deviceType = deviceTypeOf(request.userAgent);
  store.revision += 1;
}

/** The user's token sessions in the pool that are neither revoked nor expired, oldest first (then by SessionId). */
export function activeSessions(store: RefreshTokenStore, pool: PoolConfig, username: string, now: number): SignInSession[] {
  const clients = new Set(pool.clients.map((c) => c.clientId));
  return store.allSessions()
    .filter((s) => s.username === username && clients.has(s.clientId) && s.revokedAt === undefined && now < s.expiresAt)
    .map((s) => ({ s, id: sessionIdOf(s) }))
    .sort((a, b) => a.s.authTime - b.s.authTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ s }) => s);
}

/**
 * Before a new sign-in when tracking is on: revokes the least recently used
 * sessions so that the new one keeps the user within MaxPerUser.
 */
export function enforceSessionLimit(store: RefreshTokenStore, pool: PoolConfig, username: string, now: number): void {
  if (!trackingEnabled(pool)) return;
  const max = pool.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER;
  const active = activeSessions(store, pool, username, now)
    .sort((a, b) => lastActive(a) - lastActive(b));
  for (let i = 0; i <= active.length - max; i += 1) store.revokeSession(active[i], now);
}

function lastActive(s: SignInSession): number {
  return s.lastActiveAt ?? s.authTime * 1000;
}

/** SessionDescriptionType for a token session. Timestamps are epoch seconds, as AWS JSON 1.1 sends them. */
export function describeSession(session: SignInSession, currentOriginJti: string | undefined): Record<string, unknown> {
  return {
    SessionId: sessionIdOf(session),
    SessionType: 'TOKEN',
    ClientId: session.clientId,
    CreateDate: session.createdAt === undefined ? session.authTime : session.createdAt / 1000,
    LastActiveDate: lastActive(session) / 1000,
    DeviceType: session.deviceType ?? 'unknown',
    ...(session.lastIpAddress ? { LastIPAddress: session.lastIpAddress } : {}),
    // LastLocation: derived from the IP address in Cognito; a loopback or LAN
    // address has no location, so the sandbox leaves it out. OriginSessionId:
    // absent (null) for sessions that did not come through an SSO session; kept
    // after that SSO session ends (it still names where the session came from).
    ...(session.originSsoSessionId ? { OriginSessionId: session.originSsoSessionId } : {}),
    IsCurrentSession: currentOriginJti !== undefined && session.originJti === currentOriginJti,
  };
}

/** A session ListUserSessions lists: a token session or an SSO session. */
export type ListedSession = { kind: 'token'; session: SignInSession } | { kind: 'sso'; session: SsoSession };

/** The sort key of a listed session: its creation second, then its SessionId. */
function keyOf(item: ListedSession): { time: number; id: string } {
  return item.kind === 'token'
    ? { time: item.session.authTime, id: sessionIdOf(item.session) }
    : { time: Math.floor(item.session.createdAt / 1000), id: item.session.id };
}

/**
 * The user's live token sessions and, when `sso` is given, SSO sessions in the
 * pool, oldest first (then by SessionId): the order pageOf pages through.
 */
export function listedSessions(store: RefreshTokenStore, sso: SsoSessionStore | undefined, pool: PoolConfig, username: string, now: number): ListedSession[] {
  const items: ListedSession[] = [
    ...activeSessions(store, pool, username, now).map((session) => ({ kind: 'token' as const, session })),
    ...(sso ? sso.active(pool, username, now) : []).map((session) => ({ kind: 'sso' as const, session })),
  ];
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => a.key.time - b.key.time || (a.key.id < b.key.id ? -1 : a.key.id > b.key.id ? 1 : 0))
    .map(({ item }) => item);
}

/** SessionDescriptionType for either kind; an SSO session is never the current one (an access token names a token session). */
export function describeListed(item: ListedSession, currentOriginJti: string | undefined): Record<string, unknown> {
  if (item.kind === 'token') return describeSession(item.session, currentOriginJti);
  const s = item.session;
  return {
    SessionId: s.id,
    SessionType: 'SSO',
    ClientId: s.clientId,
    CreateDate: s.createdAt / 1000,
    LastActiveDate: s.lastActiveAt / 1000,
    DeviceType: s.deviceType ?? 'unknown',
    ...(s.lastIpAddress ? { LastIPAddress: s.lastIpAddress } : {}),
    IsCurrentSession: false,
  };
}

/**
 * One page of `sessions` (sorted as listedSessions sorts them). NextToken names
 * the last session returned, so revocations between pages neither skip nor
 * repeat a session. A token that is not one the sandbox made is InvalidParameterException.
 */
export function pageOf(
  sessions: ListedSession[],
  nextToken: string | undefined,
  pageSize: number,
): { page: ListedSession[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = decodeNextToken(nextToken);
    if (!after) throw new CognitoError('InvalidParameterException', 'Invalid pagination token.');
    start = sessions.findIndex((s) => {
      const k = keyOf(s);
      return k.time > after.authTime || (k.time === after.authTime && k.id > after.sessionId);
    });
    if (start < 0) start = sessions.length;
  }
  const page = sessions.slice(start, start + pageSize);
  if (start + pageSize >= sessions.length) return { page };
  const last = keyOf(page[page.length - 1]);
  return { page, nextToken: Buffer.from(`v1.${last.time}.${last.id}`, 'utf8').toString('base64url') };
}

const NEXT_TOKEN = /^v1\.(\d{1,15})\.((?:tkn|sso)[a-z0-9]{25})$/;

function decodeNextToken(token: string): { authTime: number; sessionId: string } | undefined {
  if (token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const m = NEXT_TOKEN.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? { authTime: Number(m[1]), sessionId: m[2] } : undefined;
}

export function pageSizeOf(pool: PoolConfig): number {
  return pool.sessionsPageSize ?? DEFAULT_SESSIONS_PAGE_SIZE;
}
