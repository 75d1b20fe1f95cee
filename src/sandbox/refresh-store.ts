// Server-side memory of refresh tokens: which sign-in each belongs to, whether
// it was rotated out, revoked or has expired.
//
// Tokens are kept only as SHA-256 digests: the store (and the state file it is
// saved to) can tell a presented token's story without holding any token.
// Refresh tokens are 256+ random bytes, so an unsalted digest cannot be reversed.

import { createHash, randomUUID } from 'node:crypto';
import { newRefreshToken } from './tokens';

/** One authentication (sign-in) and every refresh token descended from it. */
export interface SignInSession {
  readonly id: string;
  readonly clientId: string;
  readonly username: string;
  /** Seconds since the epoch: the `auth_time` claim, kept across refreshes. */
  readonly authTime: number;
  readonly originJti: string;
  readonly eventId: string;
  /**
   * Milliseconds since the epoch. Absolute: rotated refresh tokens inherit it
   * instead of starting a new validity window (user reports, e.g.
   * authts/oidc-client-ts#2039; not stated in AWS text).
   */
  readonly expiresAt: number;
  revokedAt?: number;
  /** The device the sign-in was made on (device tracking): its refreshes must send this DEVICE_KEY. */
  readonly deviceKey?: string;
  /** Session tracking (sessions/tracking.ts): ms of the last sign-in, refresh or rotation, and what it came from. */
  lastActiveAt?: number;
  lastIpAddress?: string;
  deviceType?: string;
  /** The scopes granted through managed login (oauth/); a token-endpoint refresh keeps them. Absent for API sign-ins. */
  scope?: string;
  /** The SSO session (sessions/sso.ts) this sign-in came through: ListUserSessions' OriginSessionId. Absent for API sign-ins. */
  readonly originSsoSessionId?: string;
  /** ms: when the session was made, set only when that differs from `authTime` (a silent reuse of an SSO session keeps its auth_time). */
  readonly createdAt?: number;
}

export interface RefreshTokenRecord {
  /** base64url SHA-256 of the token; the token itself is never kept. */
  readonly hash: string;
  readonly session: SignInSession;
  readonly issuedAt: number;
  /** Set when a rotation replaced this token; the grace period counts from here. */
  rotatedAt?: number;
}

export type RefreshLookup =
  | { kind: 'invalid' }
  | { kind: 'revoked'; record: RefreshTokenRecord }
  | { kind: 'expired'; record: RefreshTokenRecord }
  | { kind: 'reused'; record: RefreshTokenRecord }
  | { kind: 'valid'; record: RefreshTokenRecord; withinGrace: boolean };

/** The store as plain JSON (what a state file keeps): digests, never tokens. */
export interface RefreshStoreSnapshot {
  sessions: SignInSession[];
  refreshTokens: { hash: string; sessionId: string; issuedAt: number; rotatedAt?: number }[];
  revokedOriginJtis: string[];
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

export class RefreshTokenStore {
  private readonly byHash = new Map<string, RefreshTokenRecord>();
  private readonly sessions = new Map<string, SignInSession>();
  private readonly revokedOriginJtis = new Set<string>();
  /** Bumped by every change, so a caller can tell whether a call changed the store. */
  revision = 0;

  /** Starts a sign-in session and issues its first refresh token. */
  startSession(args: {
    clientId: string; username: string; now: number; validitySeconds: number; deviceKey?: string;
    /** ms of the authentication when it is not `now` (an SSO session's fresh authentication). */
    authenticatedAt?: number;
    originSsoSessionId?: string;
  }): { record: RefreshTokenRecord; token: string } {
    const authenticatedAt = args.authenticatedAt ?? args.now;
    const session: SignInSession = {
      id: randomUUID(),
      clientId: args.clientId,
      username: args.username,
      authTime: Math.floor(authenticatedAt / 1000),
      originJti: randomUUID(),
      eventId: randomUUID(),
      expiresAt: args.now + args.validitySeconds * 1000,
      ...(args.deviceKey === undefined ? {} : { deviceKey: args.deviceKey }),
      ...(args.originSsoSessionId === undefined ? {} : { originSsoSessionId: args.originSsoSessionId }),
      ...(Math.floor(authenticatedAt / 1000) === Math.floor(args.now / 1000) ? {} : { createdAt: args.now }),
    };
    this.sessions.set(session.id, session);
    return this.issue(session, args.now);
  }

  /**
   * Classifies a presented refresh token for `clientId`. A token issued to
   * another app client is just "invalid" to Cognito ("Invalid Refresh Token.").
   */
  lookup(token: string, clientId: string, now: number, graceSeconds: number): RefreshLookup {
    const record = this.byHash.get(tokenDigest(token));
    if (!record || record.session.clientId !== clientId) return { kind: 'invalid' };
    if (record.session.revokedAt !== undefined) return { kind: 'revoked', record };
    if (now >= record.session.expiresAt) return { kind: 'expired', record };
    if (record.rotatedAt !== undefined) {
      if (now < record.rotatedAt + graceSeconds * 1000) return { kind: 'valid', record, withinGrace: true };
      return { kind: 'reused', record };
    }
    return { kind: 'valid', record, withinGrace: false };
  }

  /** The app client a refresh token was issued to, if the sandbox issued it. */
  clientOf(token: string): string | undefined {
    return this.byHash.get(tokenDigest(token))?.session.clientId;
  }

  /**
   * Replaces `record` with a new refresh token of the same session. A token
   * retried within its grace period keeps its first `rotatedAt`, so retries do
   * not extend the grace period.
   */
  rotate(record: RefreshTokenRecord, now: number): { record: RefreshTokenRecord; token: string } {
    record.rotatedAt ??= now;
    return this.issue(record.session, now);
  }

  /** Revokes the session: every refresh token of the sign-in, and (for Cognito's own APIs) its access tokens. */
  revokeSession(session: SignInSession, now: number): void {
    if (session.revokedAt === undefined) {
      session.revokedAt = now;
      this.revision += 1;
    }
    this.revokedOriginJtis.add(session.originJti);
  }

  /** Every sign-in session the store knows (live objects), revoked and expired ones included. */
  allSessions(): SignInSession[] {
    return [...this.sessions.values()];
  }

  isAccessRevoked(originJti: string): boolean {
    return this.revokedOriginJtis.has(originJti);
  }

  snapshot(): RefreshStoreSnapshot {
    return {
      sessions: [...this.sessions.values()].map((s) => ({ ...s })),
      refreshTokens: [...this.byHash.values()].map((r) => ({
        hash: r.hash, sessionId: r.session.id, issuedAt: r.issuedAt, ...(r.rotatedAt === undefined ? {} : { rotatedAt: r.rotatedAt }),
      })),
      revokedOriginJtis: [...this.revokedOriginJtis],
    };
  }

  /** Rebuilds a store from a snapshot that the caller has already shape-checked. */
  static restore(snapshot: RefreshStoreSnapshot): RefreshTokenStore {
    const store = new RefreshTokenStore();
    for (const s of snapshot.sessions) store.sessions.set(s.id, { ...s });
    for (const t of snapshot.refreshTokens) {
      const session = store.sessions.get(t.sessionId);
      if (!session) throw new Error(`refresh token entry names an unknown session ${t.sessionId}`);
      store.byHash.set(t.hash, { hash: t.hash, session, issuedAt: t.issuedAt, ...(t.rotatedAt === undefined ? {} : { rotatedAt: t.rotatedAt }) });
    }
    for (const j of snapshot.revokedOriginJtis) store.revokedOriginJtis.add(j);
    return store;
  }

  private issue(session: SignInSession, now: number): { record: RefreshTokenRecord; token: string } {
    const token = newRefreshToken();
    const record: RefreshTokenRecord = { hash: tokenDigest(token), session, issuedAt: now };
    this.byHash.set(record.hash, record);
    this.revision += 1;
    return { record, token };
  }
}
