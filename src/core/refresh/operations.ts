// The three Cognito calls, each from typed inputs to a typed result. They
// throw what the SDK throws (classified by the caller through the error
// catalog) and never log.

import type { AuthenticationResultType, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadSdk } from './sdkClient';
import { secretHash } from './secretHash';

export interface RefreshRequest {
  readonly refreshToken: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly deviceKey?: string;
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** Internal username, for SECRET_HASH on InitiateAuth. */
  readonly username?: string;
}

/** What a successful refresh returned. */
export interface TokenGrant {
  readonly idToken?: string;
  readonly accessToken?: string;
  /** Only when the app client rotates refresh tokens (GetTokensFromRefreshToken). */
  readonly refreshToken?: string;
  readonly expiresIn?: number;
  /** Cognito issued a new device: the DeviceKey sent was unknown. */
  readonly newDeviceKey?: string;
}

/** A response without the expected AuthenticationResult (e.g. a challenge). */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
}

/** SECRET_HASH is required but no internal username is known. */
export class MissingUsernameError extends Error {
  override readonly name = 'MissingUsernameError';
  constructor() {
    super(
      'The app client has a secret, so REFRESH_TOKEN_AUTH needs SECRET_HASH, which is computed over the internal username (sub / cognito:username). Set the session\'s username or keep its ID token.',
    );
  }
}

interface CallOptions {
  readonly abortSignal?: AbortSignal;
}

/**
 * GetTokensFromRefreshToken: `ClientSecret` is the raw secret (not a
 * SECRET_HASH); `DeviceKey` must be sent when device remembering is on;
 * `ClientMetadata` only reaches the pre-token-generation Lambda.
 */
export async function getTokensFromRefreshToken(
  client: CognitoIdentityProviderClient,
  req: RefreshRequest,
  options: CallOptions,
): Promise<TokenGrant> {
  const { GetTokensFromRefreshTokenCommand } = await loadSdk();
  const out = await client.send(
    new GetTokensFromRefreshTokenCommand({
      RefreshToken: req.refreshToken,
      ClientId: req.clientId,
      ...(req.clientSecret !== undefined ? { ClientSecret: req.clientSecret } : {}),
      ...(req.deviceKey !== undefined ? { DeviceKey: req.deviceKey } : {}),
      ...(req.clientMetadata !== undefined ? { ClientMetadata: { ...req.clientMetadata } } : {}),
    }),
    sendOptions(options),
  );
  return toGrant(out.AuthenticationResult, 'GetTokensFromRefreshToken');
}

/**
 * InitiateAuth with `AuthFlow: REFRESH_TOKEN_AUTH`. `AuthParameters` take
 * REFRESH_TOKEN, SECRET_HASH when the client has a secret (computed over the
 * internal username) and DEVICE_KEY. Never returns a new refresh token.
 */
export async function initiateRefreshTokenAuth(
  client: CognitoIdentityProviderClient,
  req: RefreshRequest,
  options: CallOptions,
): Promise<TokenGrant> {
  const params: Record<string, string> = { REFRESH_TOKEN: req.refreshToken };
  if (req.clientSecret !== undefined) {
    if (req.username === undefined) throw new MissingUsernameError();
    params['SECRET_HASH'] = secretHash(req.clientSecret, req.username, req.clientId);
  }
  if (req.deviceKey !== undefined) params['DEVICE_KEY'] = req.deviceKey;
  const { InitiateAuthCommand } = await loadSdk();
  const out = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: req.clientId,
      AuthParameters: params,
      ...(req.clientMetadata !== undefined ? { ClientMetadata: { ...req.clientMetadata } } : {}),
    }),
    sendOptions(options),
  );
  if (out.ChallengeName !== undefined) {
    throw new UnexpectedResponseError(`InitiateAuth answered with the challenge ${out.ChallengeName} instead of tokens.`);
  }
  return toGrant(out.AuthenticationResult, 'InitiateAuth');
}

/**
 * RevokeToken: `{ Token, ClientId, ClientSecret?, RevokeAssociatedSessions? }`; an empty 200 on
 * success. `associated: 'LINKED'` also revokes the parent SSO session the token session came
 * through (not that SSO session's other token sessions); NONE, Cognito's default, is sent as an
 * absent field, so emulators that predate the field see the request they know.
 */
export async function revokeToken(
  client: CognitoIdentityProviderClient,
  req: { readonly token: string; readonly clientId: string; readonly clientSecret?: string; readonly associated?: 'NONE' | 'LINKED' },
  options: CallOptions,
): Promise<void> {
  const { RevokeTokenCommand } = await loadSdk();
  await client.send(
    new RevokeTokenCommand({
      Token: req.token,
      ClientId: req.clientId,
      ...(req.clientSecret !== undefined ? { ClientSecret: req.clientSecret } : {}),
      ...(req.associated === 'LINKED' ? { RevokeAssociatedSessions: 'LINKED' as const } : {}),
    }),
    sendOptions(options),
  );
}

function sendOptions(options: CallOptions): { abortSignal?: AbortSignal } {
  return options.abortSignal ? { abortSignal: options.abortSignal } : {};
}

function toGrant(result: AuthenticationResultType | undefined, operation: string): TokenGrant {
  if (!result || (result.AccessToken === undefined && result.IdToken === undefined)) {
    throw new UnexpectedResponseError(`${operation} answered without an AuthenticationResult.`);
  }
  return {
    ...(result.IdToken !== undefined ? { idToken: result.IdToken } : {}),
    ...(result.AccessToken !== undefined ? { accessToken: result.AccessToken } : {}),
    ...(result.RefreshToken !== undefined ? { refreshToken: result.RefreshToken } : {}),
    ...(result.ExpiresIn !== undefined ? { expiresIn: result.ExpiresIn } : {}),
    ...(result.NewDeviceMetadata?.DeviceKey !== undefined ? { newDeviceKey: result.NewDeviceMetadata.DeviceKey } : {}),
  };
}
