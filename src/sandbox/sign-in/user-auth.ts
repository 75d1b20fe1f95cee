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
//
// A user name no user has: the developer guide ("Managing user existence error
// responses") says that for choice-based authentication Cognito "responds with a
// randomly selected one of the challenge types" the user pool allows (a passkey,
// one-time password or password challenge), and that choice-based authentication
// is not affected by the PreventUserExistenceErrors setting. So the sandbox answers
// with one simulated challenge whatever the setting: PASSWORD, EMAIL_OTP or SMS_OTP
// (WEB_AUTHN never: no sandbox user has a passkey), picked from the pool's
// AllowedFirstAuthFactors, the same for the same name (assumed: "randomly" could
// also mean per request), regardless of PREFERRED_CHALLENGE. Its answer then fails
// as a wrong one does for a real user: NotAuthorizedException "Incorrect username or
// password." for a password, CodeMismatchException for a code (no code is sent; after
// three the session is gone). The one exception: PREFERRED_CHALLENGE=PASSWORD_SRP with
// SRP_A gets the simulated PASSWORD_VERIFIER of USER_SRP_AUTH (assumed: an SRP client
// cannot answer another challenge with SRP, and Cognito documents that simulation).

import { requireSecretHash } from '../client-auth';
import type { UserConfig } from '../config';
import { CognitoError } from '../errors';
import type { ClientRuntime, SandboxState } from '../state';
import {
  challengeResponse, codeChallenge, continueSignIn, findUser, requireParam, signInMessages, srpParams, startPasswordSrp, startSimulatedSrp, type AuthResponse,
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
  if (!client.pool.userForSignIn(username)) return unknownUserAuth(state, client, username, params);
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

/** The first factors a simulated answer picks from: the pool's allowed ones the sandbox can serve (no WEB_AUTHN). */
export function simulatedFirstFactors(client: ClientRuntime): ('PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP')[] {
  const allowed = client.pool.config.allowedFirstAuthFactors ?? ['PASSWORD'];
  const out = (['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] as const).filter((f) => allowed.includes(f));
  return out.length > 0 ? out : ['PASSWORD'];
}

/** USER_AUTH for a name no user has: one simulated challenge (see the top of this file). */
function unknownUserAuth(state: SandboxState, client: ClientRuntime, signInName: string, params: Record<string, string>): AuthResponse {
  const pool = client.pool.config;
  if (params.PREFERRED_CHALLENGE === 'PASSWORD_SRP' && params.SRP_A !== undefined && (pool.allowedFirstAuthFactors ?? ['PASSWORD']).includes('PASSWORD')) {
    const record = startSimulatedSrp(state, client, signInName, params.SRP_A);
    return challengeResponse(record, srpParams(record));
  }
  const { userId } = state.signIn.simulatedUser(pool, signInName);
  const progress: SignInProgress = { poolId: pool.id, clientId: client.config.clientId, username: userId, signInName, deviceKey: params.DEVICE_KEY };
  const factors = simulatedFirstFactors(client);
  const factor = factors[state.signIn.simulatedPick(pool, signInName, factors.length)] ?? 'PASSWORD';
  const record = state.signIn.newChallenge(factor, { ...progress, ...(factor === 'PASSWORD' ? {} : { firstFactorCode: true }) }, state.now(), { simulated: true });
  if (factor === 'PASSWORD') return challengeResponse(record, {});
  const sms = factor === 'SMS_OTP';
  return challengeResponse(record, {
    CODE_DELIVERY_DELIVERY_MEDIUM: sms ? 'SMS' : 'EMAIL',
    CODE_DELIVERY_DESTINATION: sms ? simulatedPhoneMask(state, client, signInName) : simulatedEmailMask(signInName),
  });
}

/** Where a code "went": the sign-in name masked as Cognito masks an address, when it is one. */
function simulatedEmailMask(name: string): string {
  const at = name.lastIndexOf('@');
  if (at > 0 && at < name.length - 1) {
    const domain = name.slice(at + 1);
    const dot = domain.lastIndexOf('.');
    return `${name[0]}***@${domain[0]}***${dot > 0 ? domain.slice(dot) : ''}`;
  }
  return `${name[0] ?? 'u'}***@e***.com`;
}

function simulatedPhoneMask(state: SandboxState, client: ClientRuntime, name: string): string {
  const digits = String(state.signIn.simulatedPick(client.pool.config, `phone\u0000${name}`, 10_000)).padStart(4, '0');
  return `+*******${digits}`;
}
