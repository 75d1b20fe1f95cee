// Server-side memory of refresh tokens: which sign-in each belongs to, whether
// it was rotated out, revoked or has expired.

import { randomUUID } from 'node:crypto';
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
}

export interface RefreshTokenRecord {
  readonly token: string;
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

export class RefreshTokenStore {
  private readonly byToken = new Map<string, RefreshTokenRecord>();
  private readonly revokedOriginJtis = new Set<string>();

  /** Starts a sign-in session and issues its first refresh token. */
  startSession(args: { clientId: string; username: string; now: number; validitySeconds: number }): RefreshTokenRecord {
    const session: SignInSession = {
      id: randomUUID(),
      clientId: args.clientId,
      username: args.username,
      authTime: Math.floor(args.now / 1000),
      originJti: randomUUID(),
      eventId: randomUUID(),
      expiresAt: args.now + args.validitySeconds * 1000,
    };
    return this.issue(session, args.now);
  }

  /**
   * Classifies a presented refresh token for `clientId`. A token issued to
   * another app client is just "invalid" to Cognito ("Invalid Refresh Token.").
   */
  lookup(token: string, clientId: string, now: number, graceSeconds: number): RefreshLookup {
    const record = this.byToken.get(token);
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
    return this.byToken.get(token)?.session.clientId;
  }

  /**
   * Replaces `record` with a new refresh token of the same session. A token
   * retried within its grace period keeps its first `rotatedAt`, so retries do
   * not extend the grace period.
   */
  rotate(record: RefreshTokenRecord, now: number): RefreshTokenRecord {
    record.rotatedAt ??= now;
    return this.issue(record.session, now);
  }

  /** Revokes the session: every refresh token of the sign-in, and (for Cognito's own APIs) its access tokens. */
  revokeSession(session: SignInSession, now: number): void {
    session.revokedAt ??= now;
    this.revokedOriginJtis.add(session.originJti);
  }

  isAccessRevoked(originJti: string): boolean {
    return this.revokedOriginJtis.has(originJti);
  }

  private issue(session: SignInSession, now: number): RefreshTokenRecord {
    const record: RefreshTokenRecord = { token: newRefreshToken(), session, issuedAt: now };
    this.byToken.set(record.token, record);
    return record;
  }
}
