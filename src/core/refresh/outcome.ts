// What `RefreshService.refresh()` and `revoke()` resolve to. They never
// throw for Cognito or transport errors: every such failure is a value here,
// carrying the catalog's ErrorInfo and its Explanation.
// Outcomes hold fingerprints, never tokens.

import type { ErrorInfo, Explanation } from '../errors';
import type { RefreshOperation, Session, SessionParseError } from '../sessions';

interface RefreshAttempted {
  readonly sessionId: string;
  /** The operation of the last attempt. */
  readonly operation: RefreshOperation;
  /** Network attempts made (first call, retry, fallback). */
  readonly attempts: number;
  /** Sum of the attempts' latencies. */
  readonly latencyMs: number;
  /** GetTokensFromRefreshToken was unsupported and InitiateAuth was called in this refresh. */
  readonly fellBack: boolean;
  /** InitiateAuth was used straight away because an earlier fallback was remembered. */
  readonly usedRememberedFallback: boolean;
  /** The same refresh token was re-sent after a possibly lost response, and how covered that was. */
  readonly retry?: 'within-grace' | 'outside-grace';
  /** Bookkeeping (history, lastError) that could not be saved; the tokens were. */
  readonly warnings: readonly RefreshWarning[];
}

export type RefreshWarning =
  | 'history-not-saved'
  /** Another window changed the refresh token while this refresh ran; its record was kept. */
  | 'superseded';

export interface RefreshSuccess extends RefreshAttempted {
  readonly ok: true;
  /** The session as stored after this refresh. */
  readonly session: Session;
  /** Cognito returned a new refresh token (rotation); it is stored. */
  readonly rotated: boolean;
  /** Fingerprint of the refresh token the session now holds. */
  readonly refreshTokenFingerprint: string;
  readonly expiresIn?: number;
  readonly retriedWithinGrace: boolean;
  /**
   * The first answer was RefreshTokenReuseException but the store then held a newer refresh
   * token (another window had refreshed meanwhile): the refresh was made with that one.
   */
  readonly usedTokenFromAnotherWindow?: boolean;
}

export type RefreshFailureReason =
  /** Cognito answered with an exception (see `error.name`). */
  | 'cognito'
  /** No answer: refused, reset, timed out, DNS. */
  | 'transport'
  /** A precondition failed before sending (e.g. SECRET_HASH without a username). */
  | 'precondition'
  /**
   * Cognito answered with new tokens but saving them failed. When `rotated`,
   * the stored refresh token stops working once the app client's grace period
   * is over: the new one is held in memory by this RefreshService only, is
   * used by its next refresh and is saved again then (`hasUnsavedTokens`).
   * Closing the window before that loses the session.
   */
  | 'not-persisted';

export interface RefreshFailure extends RefreshAttempted {
  readonly ok: false;
  readonly reason: RefreshFailureReason;
  readonly error: ErrorInfo;
  /** The catalog's explanation of `error`, with hints from the session's region, pool and endpoint. */
  readonly explanation: Explanation;
  /** For `not-persisted`: Cognito rotated the token that could not be saved. */
  readonly rotated: boolean;
  /**
   * The last attempt may have reached Cognito without an answer coming back
   * (lost response): with rotation on, Cognito may hold a new refresh token
   * we never received.
   */
  readonly responseLost: boolean;
  /**
   * The response was lost and the same refresh token was NOT sent again, because the app
   * client's grace period does not provably cover a retry (rotation unknown, grace 0 or
   * unknown, or elapsed): a retry could only be rejected as reuse, which Cognito treats as
   * possible theft. The token may already be rotated out; signing in again is the safe way.
   */
  readonly retryWithheld?: boolean;
  /**
   * This window's RefreshTokenReuseException was its own retry after a lost response: the
   * first request had rotated the token, and the answer carrying the new one never arrived.
   */
  readonly reuseAfterOwnRetry?: boolean;
}

/**
 * The caller's AbortSignal fired. The SDK request was aborted when no other
 * caller was waiting for the same refresh; one that had already reached
 * Cognito may still have rotated the token (`responseLost`).
 */
export interface RefreshCancelled {
  readonly ok: false;
  readonly reason: 'cancelled';
  readonly sessionId: string;
  readonly error: ErrorInfo;
  readonly explanation: Explanation;
  /** Absent when this caller stopped waiting before the shared refresh answered. */
  readonly operation?: RefreshOperation;
  readonly attempts: number;
  readonly latencyMs: number;
  readonly responseLost: boolean;
}

/** Nothing was sent: the session is gone or unreadable. */
export type RefreshSkipped =
  | { readonly ok: false; readonly reason: 'session-missing'; readonly sessionId: string }
  | { readonly ok: false; readonly reason: 'session-broken'; readonly sessionId: string; readonly parseError: SessionParseError }
  /**
   * This window's copy of the stored sessions is older than what another window wrote
   * (code-server keeps a SecretStorage copy per browser tab): nothing is sent or written from
   * it. Reloading this window reads the current one.
   */
  | { readonly ok: false; readonly reason: 'stale-store'; readonly sessionId: string; readonly storedRev: number; readonly publishedRev: number }
  /**
   * Another window held this session's refresh lease for longer than we waited, or holds it
   * with new tokens it could not save yet (`heldUnsaved`: the refresh token stored here may be
   * rotated out already, so sending it could burn the sign-in; refresh in that window, or
   * wait until it saved them). Nothing was sent.
   */
  | { readonly ok: false; readonly reason: 'busy-elsewhere'; readonly sessionId: string; readonly holder: string; readonly heldUnsaved?: boolean }
  /** `ifAccessToken` was given and the stored access token is another one (another window refreshed): nothing to do. */
  | { readonly ok: false; readonly reason: 'already-fresh'; readonly sessionId: string }
  /**
   * The answer to this session's last refresh was lost and the token was not re-sent (the grace
   * period did not provably cover a retry: `transport/response-lost-not-resent`). Cognito may have
   * rotated the stored refresh token meanwhile, so sending it again may be reuse (on a client
   * that revokes the token family on reuse, the end of the sign-in). Nothing is sent until the
   * caller says so (`resendAfterLostResponse`), or a new sign-in replaces the token. `since`: when
   * the response was lost (ISO-8601).
   */
  | { readonly ok: false; readonly reason: 'resend-unconfirmed'; readonly sessionId: string; readonly since: string };

export type RefreshOutcome = RefreshSuccess | RefreshFailure | RefreshCancelled | RefreshSkipped;

export type RevokeOutcome =
  | { readonly ok: true; readonly sessionId: string; readonly latencyMs: number; readonly warnings: readonly RefreshWarning[] }
  | {
      readonly ok: false;
      readonly sessionId: string;
      readonly reason: 'cognito' | 'transport' | 'cancelled';
      readonly error: ErrorInfo;
      readonly explanation: Explanation;
      readonly latencyMs: number;
      readonly warnings: readonly RefreshWarning[];
    }
  | RefreshSkipped;
