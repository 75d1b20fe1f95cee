// Building a new session from the AuthenticationResult of a sign-in
// (InitiateAuth USER_PASSWORD_AUTH / USER_SRP_AUTH, or an import).

import { randomUUID } from 'node:crypto';
import { internalUsernameFromIdToken } from './internalUsername';
import type { RefreshMethod, RotationHint, SessionRecord } from './model';
import type { RefreshTokenValidity } from '../token/diff';

/** The fields of the SDK's `AuthenticationResultType` used here. */
export interface AuthenticationResultLike {
  readonly AccessToken?: string | undefined;
  readonly IdToken?: string | undefined;
  readonly RefreshToken?: string | undefined;
  readonly ExpiresIn?: number | undefined;
  readonly NewDeviceMetadata?: { readonly DeviceKey?: string | undefined } | undefined;
}

export interface NewSessionInput {
  readonly label: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly endpoint?: string;
  readonly clientSecret?: string;
  readonly refreshMethod?: RefreshMethod;
  readonly rotationHint?: RotationHint;
  /** The app client's refresh token validity, when the caller knows it (each refresh then records when the token ends). */
  readonly refreshTokenValidity?: RefreshTokenValidity;
  readonly deviceKey?: string;
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** Internal username; read from the ID token when absent. */
  readonly username?: string;
  readonly authenticationResult: AuthenticationResultLike;
  /** Epoch ms. */
  readonly now: number;
  readonly id?: string;
}

export type NewSessionResult =
  | { readonly ok: true; readonly record: SessionRecord }
  /** A sign-in that needs a challenge answered first, or a result without a refresh token. */
  | { readonly ok: false; readonly reason: 'no-refresh-token'; readonly message: string };

export function sessionFromAuthenticationResult(input: NewSessionInput): NewSessionResult {
  const result = input.authenticationResult;
  if (!result.RefreshToken) {
    return { ok: false, reason: 'no-refresh-token', message: 'The sign-in result holds no refresh token, so there is nothing to refresh.' };
  }
  const at = new Date(input.now).toISOString();
  const username = input.username ?? (result.IdToken ? internalUsernameFromIdToken(result.IdToken) : undefined);
  // Cognito issues a device key at sign-in when device tracking is on; it must
  // be sent back on refresh (an unknown or missing key is an "Invalid Refresh Token" cause).
  const deviceKey = input.deviceKey ?? result.NewDeviceMetadata?.DeviceKey;
  const record: SessionRecord = {
    session: {
      id: input.id ?? randomUUID(),
      label: input.label,
      region: input.region,
      userPoolId: input.userPoolId,
      clientId: input.clientId,
      ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}),
      refreshMethod: input.refreshMethod ?? 'auto',
      ...(deviceKey !== undefined ? { deviceKey } : {}),
      ...(input.clientMetadata !== undefined ? { clientMetadata: input.clientMetadata } : {}),
      ...(username !== undefined ? { username } : {}),
      ...(input.rotationHint !== undefined ? { rotationHint: input.rotationHint } : {}),
      ...(input.refreshTokenValidity !== undefined ? { refreshTokenValidity: input.refreshTokenValidity } : {}),
      createdAt: at,
      updatedAt: at,
    },
    secrets: {
      refreshToken: result.RefreshToken,
      ...(input.clientSecret !== undefined ? { clientSecret: input.clientSecret } : {}),
      ...(result.IdToken !== undefined ? { idToken: result.IdToken } : {}),
      ...(result.AccessToken !== undefined ? { accessToken: result.AccessToken } : {}),
      ...(result.ExpiresIn !== undefined ? { expiresIn: result.ExpiresIn } : {}),
      tokensReceivedAt: at,
    },
    history: [],
  };
  return { ok: true, record };
}
