// When to re-send the same refresh token after a failed attempt.
//
// Only one kind of failure is retried: the connection failed after the
// request may have reached Cognito (reset, hang-up, timeout after sending).
// Cognito errors are answers and are never retried here (in particular
// RefreshTokenReuseException, which would fail again); failures that cannot
// have reached Cognito (refused connection, DNS) are reported at once.
//
// Why the grace period matters: with rotation on, each successful
// GetTokensFromRefreshToken returns a new refresh token and the one sent stays
// valid only for RetryGracePeriodSeconds (0..60), "for client retries". If the
// lost request did reach Cognito, a retry succeeds only within that window.
//
// Decision for grace 0, an unknown grace, unknown rotation or an elapsed
// window: do NOT re-send. If the lost request reached Cognito and rotated the
// token, the token we hold is dead, and sending it again is reuse of an
// invalidated refresh token, which Cognito treats as possible theft: on app
// clients that revoke the token family on reuse, the whole sign-in goes,
// including the new token that may still reach the app some other way. The
// outcome says the response was lost (`retryWithheld`) and what that means.
// `retryOutsideGrace: true` restores the old behaviour for tests that need it.

import type { RefreshOperation, RotationHint } from '../sessions';

/** What the service knows about the app client's rotation. */
export type RotationKnowledge =
  | { readonly kind: 'off' }
  | { readonly kind: 'on'; readonly graceSeconds?: number }
  | { readonly kind: 'unknown' };

export function rotationKnowledge(hint: RotationHint | undefined, observed: boolean | undefined): RotationKnowledge {
  if (hint) return hint.enabled ? { kind: 'on', graceSeconds: hint.graceSeconds } : { kind: 'off' };
  if (observed === true) return { kind: 'on' };
  if (observed === false) return { kind: 'off' };
  return { kind: 'unknown' };
}

export interface RetryPolicyOptions {
  /** Retries after a possibly-lost response. Default 1. */
  readonly maxRetries: number;
  /** Time a retry needs to reach Cognito, kept free inside the grace window. Default 1 000 ms. */
  readonly graceMarginMs: number;
  /** Retry when the grace period may not cover it (see above). Default false: never. */
  readonly retryOutsideGrace: boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = { maxRetries: 1, graceMarginMs: 1_000, retryOutsideGrace: false };

export interface RetryInput {
  readonly operation: RefreshOperation;
  /** From the error catalog: a reset, hang-up or timeout after sending. */
  readonly mayHaveReachedServer: boolean;
  readonly cancelled: boolean;
  readonly rotation: RotationKnowledge;
  /** Since the failed request was sent. */
  readonly elapsedMs: number;
  readonly retriesSoFar: number;
}

export type RetryDecision =
  | { readonly retry: false }
  | { readonly retry: true; readonly note: 'retry-within-grace' | 'retry-outside-grace' };

export function decideRetry(input: RetryInput, policy: RetryPolicyOptions = DEFAULT_RETRY_POLICY): RetryDecision {
  if (input.cancelled || !input.mayHaveReachedServer || input.retriesSoFar >= policy.maxRetries) return { retry: false };
  if (isCovered(input, policy.graceMarginMs)) return { retry: true, note: 'retry-within-grace' };
  return policy.retryOutsideGrace ? { retry: true, note: 'retry-outside-grace' } : { retry: false };
}

/** Whether the refresh token sent is certainly still valid for a retry. */
function isCovered(input: RetryInput, marginMs: number): boolean {
  // REFRESH_TOKEN_AUTH never rotates, so the token it sent stays valid.
  if (input.operation === 'InitiateAuth') return true;
  switch (input.rotation.kind) {
    case 'off':
      return true;
    case 'unknown':
      return false;
    case 'on': {
      const grace = input.rotation.graceSeconds;
      return grace !== undefined && input.elapsedMs + marginMs < grace * 1000;
    }
  }
}
