// Session tracking: a token session is one sign-in's refresh-token family
// (refresh-store.ts's SignInSession). Each has a stable SessionId derived from
// the family, is listed while it is neither revoked nor expired, and remembers
// its last activity (sign-in, refresh, rotation), address and user agent.
//
// From the SDK model (SessionDescriptionType, UserPoolTokenSessionConfigType):
// SessionId is 28 lowercase letters and digits, prefixed `tkn` for a token
// session; LastActiveDate is the last refresh or rotation; a new sign-in makes a
// new session; MaxPerUser (default 20) evicts the least recently used session
// at the next sign-in. The sandbox has no SSO sessions (no managed-login
// session cookie), so OriginSessionId is never set and LINKED revokes nothing more.

import { createHash } from 'node:crypto';
import type { PoolConfig } from '../config';
import { CognitoError } from '../errors';
import type { RefreshTokenStore, SignInSession } from '../refresh-store';
import type { RequestInfo } from './request-info';

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
    CreateDate: session.authTime,
    LastActiveDate: lastActive(session) / 1000,
    DeviceType: session.deviceType ?? 'unknown',
    ...(session.lastIpAddress ? { LastIPAddress: session.lastIpAddress } : {}),
    // LastLocation: derived from the IP address in Cognito; a loopback or LAN
    // address has no location, so the sandbox leaves it out. OriginSessionId:
    // null for sessions that did not come through an SSO session (all of them here).
    IsCurrentSession: currentOriginJti !== undefined && session.originJti === currentOriginJti,
  };
}

/**
 * One page of `sessions` (sorted as activeSessions sorts them). NextToken names
 * the last session returned, so revocations between pages neither skip nor
 * repeat a session. A token that is not one the sandbox made is InvalidParameterException.
 */
export function pageOf(
  sessions: SignInSession[],
  nextToken: string | undefined,
  pageSize: number,
): { page: SignInSession[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = decodeNextToken(nextToken);
    if (!after) throw new CognitoError('InvalidParameterException', 'Invalid pagination token.');
    start = sessions.findIndex((s) => s.authTime > after.authTime || (s.authTime === after.authTime && sessionIdOf(s) > after.sessionId));
    if (start < 0) start = sessions.length;
  }
  const page = sessions.slice(start, start + pageSize);
  if (start + pageSize >= sessions.length) return { page };
  const last = page[page.length - 1];
  return { page, nextToken: Buffer.from(`v1.${last.authTime}.${sessionIdOf(last)}`, 'utf8').toString('base64url') };
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
