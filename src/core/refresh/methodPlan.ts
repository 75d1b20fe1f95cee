// Which operation a refresh starts with, and whether it may fall back.

import type { RefreshMethod, RefreshOperation, Session } from '../sessions';

export interface MethodPlan {
  readonly first: RefreshOperation;
  /** On "operation not implemented", call InitiateAuth REFRESH_TOKEN_AUTH instead (and remember it). */
  readonly mayFallBack: boolean;
  /** `first` is InitiateAuth because an earlier fallback was remembered. */
  readonly remembered: boolean;
}

export function planMethod(session: Session, override?: RefreshMethod): MethodPlan {
  const method = override ?? session.refreshMethod;
  if (method !== 'auto') return { first: method, mayFallBack: false, remembered: false };
  // Emulators without GetTokensFromRefreshToken (cognito-local, moto) stay
  // without it: once seen, skip the call that is known to fail.
  if (session.effectiveMethod === 'InitiateAuth') return { first: 'InitiateAuth', mayFallBack: false, remembered: true };
  return { first: 'GetTokensFromRefreshToken', mayFallBack: true, remembered: false };
}
