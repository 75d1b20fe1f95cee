// SSO sessions: what a successful sign-in on the managed-login pages (/login)
// leaves behind, as Cognito's managed login does with its session cookie. The
// browser gets a cookie on the sandbox's origin; /oauth2/authorize (and GET
// /login) with a valid cookie for the client's pool skip the form and redirect
// with a code at once. Token sessions that come from such a sign-in carry
// OriginSessionId = the SSO session (refresh-store.ts, SignInSession.originSsoSessionId).
//
// From the SDK model: an SSO session's SessionId is `sso` + 25 lowercase letters
// and digits; its LastActiveDate is "the most recent authentication, token
// grant, or token rotation"; ClientSSOSessionConfigType.MaxValidityMinutes is
// per app client: "the maximum amount of time ... that this app client silently
// reuses an existing SSO session ..., measured from the user's last fresh
// authentication" (0: never; the record and cookie are still created, and other
// app clients of the pool can still reuse the session). GlobalSignOut "doesn't
// clear the managed login session cookie"; /logout does.
//
// Assumed where AWS leaves it open (stated in src/sandbox/README.md too):
// - The cookie is per pool (the sandbox serves every pool on one origin; Cognito
//   has one domain per pool): `cognito-sso-<pool id>`, HttpOnly, SameSite=Lax,
//   Path=/, no Expires (the server decides validity). Its value is
//   `<SessionId>.<secret>`; the state keeps only the secret's SHA-256, as the
//   refresh-token store keeps refresh tokens.
// - An SSO session is live (listed, reusable by some client) until it is revoked
//   or until no app client of its pool may reuse it any more: its fresh
//   authentication plus the largest MaxValidityMinutes among the pool's clients.
// - Its ClientId is the app client of the sign-in that created it.
// - LastActiveDate moves on the sign-in, each silent reuse and each code grant
//   from it; a token session's refresh or rotation does not move it.
// - Tokens from a silent reuse keep auth_time = the fresh authentication (OIDC's
//   meaning of auth_time); their token session's CreateDate is when it was made.
// - SSO sessions exist whatever the pool's session tracking; ListUserSessions
//   lists them and LINKED follows them only while tracking is ENABLED.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PoolConfig } from '../config';
import type { RequestInfo } from './request-info';
import { deviceTypeOf } from './tracking';

/** GetUserPoolClientSessionConfiguration's default when a client never set it. */
export const DEFAULT_SSO_MAX_VALIDITY_MINUTES = 60;
export const SSO_SESSION_ID_PATTERN = /^sso[a-z0-9]{25}$/;
/** `<SessionId>.<43 base64url characters>` (32 random bytes). */
const COOKIE_VALUE = /^(sso[a-z0-9]{25})\.([A-Za-z0-9_-]{43})$/;
const MAX_IP = 128;

export interface SsoSession {
  /** `sso` + 25 [a-z0-9]: the SessionId, kept as is (random, so stable across restarts once stored). */
  readonly id: string;
  readonly poolId: string;
  readonly clientId: string;
  readonly username: string;
  /** base64url SHA-256 of the cookie's secret; the secret itself is never kept. */
  readonly secretHash: string;
  /** ms: the fresh authentication (the form's sign-in). */
  readonly createdAt: number;
  lastActiveAt: number;
  revokedAt?: number;
  lastIpAddress?: string;
  deviceType?: string;
}

export interface SsoSnapshot {
  sessions: SsoSession[];
}

/** The cookie that carries a pool's SSO session (pool ids are [\w-]+_[0-9a-zA-Z]+: cookie-name characters). */
export function ssoCookieName(poolId: string): string {
  return `cognito-sso-${poolId}`;
}

function newSessionId(): string {
  const digits = BigInt(`0x${randomBytes(16).toString('hex')}`).toString(36).padStart(25, '0');
  return `sso${digits.slice(-25)}`;
}

function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function maxValidityMinutesOf(client: { ssoSessionMaxValidityMinutes?: number }): number {
  return client.ssoSessionMaxValidityMinutes ?? DEFAULT_SSO_MAX_VALIDITY_MINUTES;
}

/** ms after which no app client of the pool may reuse the session (see the assumptions above). */
export function ssoExpiresAt(pool: PoolConfig, session: SsoSession): number {
  const minutes = Math.max(0, ...pool.clients.map(maxValidityMinutesOf));
  return session.createdAt + minutes * 60_000;
}

/** The value of cookie `name` in a Cookie header (the first one), or undefined. Linear: splits on ';' and '='. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class SsoSessionStore {
  private readonly sessions = new Map<string, SsoSession>();
  /** Bumped by every change, so the state file is written after it. */
  revision = 0;

  /** A new SSO session and the cookie value that names it (the only place the secret exists). */
  start(args: { poolId: string; clientId: string; username: string; now: number; request?: RequestInfo }): { session: SsoSession; cookieValue: string } {
    const secret = randomBytes(32).toString('base64url');
    const session: SsoSession = {
      id: newSessionId(), poolId: args.poolId, clientId: args.clientId, username: args.username,
      secretHash: digest(secret), createdAt: args.now, lastActiveAt: args.now,
    };
    this.sessions.set(session.id, session);
    this.touch(session, args.now, args.request);
    return { session, cookieValue: `${session.id}.${secret}` };
  }

  /**
   * The live SSO session of `pool` that a Cookie header names, or undefined: no
   * cookie, a malformed or foreign value, a wrong secret, revoked or expired.
   */
  fromCookie(pool: PoolConfig, cookieHeader: string | undefined, now: number): SsoSession | undefined {
    const value = cookieValue(cookieHeader, ssoCookieName(pool.id));
    const m = value === undefined ? null : COOKIE_VALUE.exec(value);
    if (!m) return undefined;
    const session = this.sessions.get(m[1]);
    if (!session || session.poolId !== pool.id) return undefined;
    const a = Buffer.from(session.secretHash);
    const b = Buffer.from(digest(m[2]));
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    return this.isLive(pool, session, now) ? session : undefined;
  }

  get(id: string): SsoSession | undefined {
    return this.sessions.get(id);
  }

  isLive(pool: PoolConfig, session: SsoSession, now: number): boolean {
    return session.revokedAt === undefined && now < ssoExpiresAt(pool, session);
  }

  /** The user's live SSO sessions in the pool. */
  active(pool: PoolConfig, username: string, now: number): SsoSession[] {
    return [...this.sessions.values()].filter((s) => s.poolId === pool.id && s.username === username && this.isLive(pool, s, now));
  }

  /** An authentication or token grant on the session: its latest activity. */
  touch(session: SsoSession, now: number, request: RequestInfo | undefined): void {
    session.lastActiveAt = now;
    if (request?.remoteAddress) session.lastIpAddress = request.remoteAddress.slice(0, MAX_IP);
    if (request) session.deviceType = deviceTypeOf(request.userAgent);
    this.revision += 1;
  }

  revoke(session: SsoSession, now: number): void {
    if (session.revokedAt !== undefined) return;
    session.revokedAt = now;
    this.revision += 1;
  }

  snapshot(): SsoSnapshot {
    return { sessions: [...this.sessions.values()].map((s) => ({ ...s })) };
  }

  /** Rebuilds the store from a snapshot the caller has shape-checked (persistence.ts). */
  static restore(snapshot: SsoSnapshot | undefined): SsoSessionStore {
    const store = new SsoSessionStore();
    for (const s of snapshot?.sessions ?? []) store.sessions.set(s.id, { ...s });
    return store;
  }
}

/** Set-Cookie for a new SSO session; and the one that clears it (/logout). */
export function setSsoCookie(poolId: string, value: string): string {
  return `${ssoCookieName(poolId)}=${value}; Path=/; HttpOnly; SameSite=Lax`;
}

export function clearSsoCookie(poolId: string): string {
  return `${ssoCookieName(poolId)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
