// Signing in with a password (InitiateAuth USER_PASSWORD_AUTH) to create a
// session: the sandbox demo's "try it without AWS" and tests. The password is
// sent once and never stored, logged or put in an error.

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ErrorInfo, Explanation } from '../errors';
import type { RefreshTokenValidity } from '../token/diff';
import { sessionFromAuthenticationResult, type RefreshMethod, type RotationHint, type SessionRecord } from '../sessions';
import { readFailure, sessionContext } from './failure';
import { loadSdk } from './sdkClient';
import { secretHash } from './secretHash';

export interface PasswordSignInInput {
  readonly label: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly endpoint?: string;
  readonly clientSecret?: string;
  /** As the user types it (an email in pools that sign in by email). */
  readonly username: string;
  readonly password: string;
  readonly refreshMethod?: RefreshMethod;
  readonly rotationHint?: RotationHint;
  readonly refreshTokenValidity?: RefreshTokenValidity;
  readonly signal?: AbortSignal;
}

export type PasswordSignInOutcome =
  | { readonly ok: true; readonly record: SessionRecord }
  | { readonly ok: false; readonly reason: 'cognito' | 'transport' | 'cancelled'; readonly error: ErrorInfo; readonly explanation: Explanation }
  /** Cognito asks for a challenge (MFA, new password, ...), which this flow does not answer. */
  | { readonly ok: false; readonly reason: 'challenge'; readonly challengeName: string }
  | { readonly ok: false; readonly reason: 'no-refresh-token'; readonly message: string };

export async function signInWithPassword(
  client: CognitoIdentityProviderClient,
  input: PasswordSignInInput,
  now: number,
): Promise<PasswordSignInOutcome> {
  const params: Record<string, string> = { USERNAME: input.username, PASSWORD: input.password };
  // At sign-in, SECRET_HASH is over the name as typed (unlike refresh, which needs the internal username).
  if (input.clientSecret !== undefined) params['SECRET_HASH'] = secretHash(input.clientSecret, input.username, input.clientId);
  const { InitiateAuthCommand } = await loadSdk();
  let out;
  try {
    out = await client.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: input.clientId, AuthParameters: params }),
      input.signal ? { abortSignal: input.signal } : {},
    );
  } catch (err) {
    const failure = readFailure(err, 'InitiateAuth', input.signal, sessionContext(input));
    const reason = failure.cancelled ? 'cancelled' : failure.transport ? 'transport' : 'cognito';
    return { ok: false, reason, error: failure.info, explanation: failure.explanation };
  }
  if (out.ChallengeName !== undefined) return { ok: false, reason: 'challenge', challengeName: out.ChallengeName };
  const created = sessionFromAuthenticationResult({
    label: input.label,
    region: input.region,
    userPoolId: input.userPoolId,
    clientId: input.clientId,
    ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}),
    ...(input.clientSecret !== undefined ? { clientSecret: input.clientSecret } : {}),
    ...(input.refreshMethod !== undefined ? { refreshMethod: input.refreshMethod } : {}),
    ...(input.rotationHint !== undefined ? { rotationHint: input.rotationHint } : {}),
    ...(input.refreshTokenValidity !== undefined ? { refreshTokenValidity: input.refreshTokenValidity } : {}),
    authenticationResult: out.AuthenticationResult ?? {},
    now,
  });
  return created.ok ? { ok: true, record: created.record } : created;
}
