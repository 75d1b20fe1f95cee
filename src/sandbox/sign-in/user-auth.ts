// USER_AUTH (choice-based sign-in): the first factor is PASSWORD,
// PASSWORD_SRP, EMAIL_OTP, SMS_OTP or WEB_AUTHN, as the pool's
// AllowedFirstAuthFactors and the user's attributes permit. PREFERRED_CHALLENGE
// picks one directly when it is available (with its parameter: PASSWORD or
// SRP_A); otherwise SELECT_CHALLENGE lists AvailableChallenges.
//
// WEB_AUTHN: the sandbox's users have no passkeys, so WEB_AUTHN is never
// available; preferring it yields SELECT_CHALLENGE without it, and selecting
// it is refused (assumed answer: Cognito's is undocumented for a user without
// a passkey).

import { requireSecretHash } from '../client-auth';
import type { UserConfig } from '../config';
import { CognitoError } from '../errors';
import type { ClientRuntime, SandboxState } from '../state';
import {
  challengeResponse, codeChallenge, continueSignIn, findUser, requireParam, signInMessages, srpParams, startPasswordSrp, type AuthResponse,
} from './flow';
import type { SignInProgress } from './runtime';

/** Passwordless one-time codes are 8 digits (assumed from Cognito's email OTP messages; MFA codes have 6). */
export const FIRST_FACTOR_CODE_DIGITS = 8;

export function availableFirstFactors(client: ClientRuntime, user: UserConfig): string[] {
  const allowed = client.pool.config.allowedFirstAuthFactors ?? ['PASSWORD'];
  const out: string[] = [];
  if (allowed.includes('PASSWORD')) out.push('PASSWORD', 'PASSWORD_SRP');
  if (allowed.includes('EMAIL_OTP') && typeof user.attributes?.email === 'string') out.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && typeof user.attributes?.phone_number === 'string') out.push('SMS_OTP');
  return out;
}

export function userAuth(state: SandboxState, client: ClientRuntime, params: Record<string, string>): AuthResponse {
  const username = requireParam(params, 'USERNAME');
  requireSecretHash(client.config, params.SECRET_HASH, [username]);
  const user = findUser(client, username);
  const pool = client.pool.config;
  const progress: SignInProgress = {
    poolId: pool.id, clientId: client.config.clientId, username: user.username, signInName: username, deviceKey: params.DEVICE_KEY,
  };
  const available = availableFirstFactors(client, user);
  const preferred = params.PREFERRED_CHALLENGE;
  if (preferred !== undefined && available.includes(preferred)) {
    const direct = startFirstFactor(state, client, user, progress, preferred, params);
    if (direct) return direct;
  }
  const record = state.signIn.newChallenge('SELECT_CHALLENGE', progress, state.now(), { choices: available });
  return { ...challengeResponse(record, {}), AvailableChallenges: available };
}

/**
 * The first factor `factor` with the parameters at hand: tokens or the next
 * challenge; undefined when PASSWORD / PASSWORD_SRP lack their parameter.
 */
export function startFirstFactor(
  state: SandboxState, client: ClientRuntime, user: UserConfig, progress: SignInProgress, factor: string, params: Record<string, string>,
): AuthResponse | undefined {
  const pool = client.pool.config;
  switch (factor) {
    case 'PASSWORD': {
      if (params.PASSWORD === undefined) return undefined;
      if (!state.signIn.passwordMatches(pool, user, params.PASSWORD)) throw new CognitoError('NotAuthorizedException', signInMessages.incorrectCredentials);
      return continueSignIn(state, client, user, progress);
    }
    case 'PASSWORD_SRP': {
      if (params.SRP_A === undefined) return undefined;
      const record = startPasswordSrp(state, progress, params.SRP_A, state.signIn.credential(pool, user));
      return challengeResponse(record, srpParams(record));
    }
    case 'EMAIL_OTP':
    case 'SMS_OTP':
      return codeChallenge(state, { ...progress, firstFactorCode: true }, factor, user, FIRST_FACTOR_CODE_DIGITS);
    default:
      throw new CognitoError('InvalidParameterException', `${factor} is not an available challenge for this user.`);
  }
}
