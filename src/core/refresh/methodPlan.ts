// Which operation a refresh starts with, and whether it may fall back.

import type { RefreshMethod, RefreshOperation, Session } from '../sessions';

export interface MethodPlan {
  readonly first: RefreshOperation;
  /** On "operation not implemented", call InitiateAuth REFRESH_TOKEN_AUTH instead. */
  readonly mayFallBack: boolean;
  /** `first` is InitiateAuth because an earlier fallback was remembered. */
  readonly remembered: boolean;
  /** A remembered fallback is old: the newer operation is tried again (and forgotten on success). */
  readonly retrying: boolean;
}

/** How long a remembered fallback holds before GetTokensFromRefreshToken is tried again. */
export const FALLBACK_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export function planMethod(session: Session, override?: RefreshMethod, now: number = Date.now()): MethodPlan {
  const method = override ?? session.refreshMethod;
  if (method !== 'auto') return { first: method, mayFallBack: false, remembered: false, retrying: false };
  // Emulators without GetTokensFromRefreshToken (cognito-local, moto) stay without it for a
  // while: once remembered (two unsupported answers in a row), skip the call known to fail,
  // but try it again a day later (the endpoint may have been upgraded, or the answers were
  // transient after all).
  if (session.effectiveMethod === 'InitiateAuth') {
    const since = session.effectiveMethodSince ? Date.parse(session.effectiveMethodSince) : Number.NaN;
    if (Number.isFinite(since) && now - since < FALLBACK_RETRY_AFTER_MS) return { first: 'InitiateAuth', mayFallBack: false, remembered: true, retrying: false };
    return { first: 'GetTokensFromRefreshToken', mayFallBack: true, remembered: false, retrying: true };
  }
  return { first: 'GetTokensFromRefreshToken', mayFallBack: true, remembered: false, retrying: false };
}
