// Checking an AccessToken sent to an operation that acts as the signed-in user
// (ConfirmDevice, UpdateDeviceStatus, AssociateSoftwareToken,
// VerifySoftwareToken): the sandbox's own signature, token_use, expiry and
// revocation, with Cognito's messages.

import { createPublicKey, verify } from 'node:crypto';
import type { UserConfig } from '../config';
import { CognitoError } from '../errors';
import type { PoolRuntime, SandboxState } from '../state';

export interface AccessTokenOwner {
  pool: PoolRuntime;
  user: UserConfig;
  clientId: string;
  originJti: string;
}

const INVALID = 'Invalid Access Token';

export function requireAccessToken(state: SandboxState, token: string): AccessTokenOwner {
  const parts = token.split('.');
  if (parts.length !== 3) throw new CognitoError('NotAuthorizedException', INVALID);
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new CognitoError('NotAuthorizedException', INVALID);
  }
  const pool = state.pools.find((p) => p.keys.accessTokenKey.kid === header.kid);
  if (!pool || header.alg !== 'RS256') throw new CognitoError('NotAuthorizedException', INVALID);
  const signed = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(pool.keys.accessTokenKey.privateKey), Buffer.from(parts[2], 'base64url'));
  if (!signed || payload.token_use !== 'access') throw new CognitoError('NotAuthorizedException', INVALID);
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= state.now()) throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
  const originJti = typeof payload.origin_jti === 'string' ? payload.origin_jti : '';
  if (state.store.isAccessRevoked(originJti)) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
  const user = typeof payload.username === 'string' ? pool.user(payload.username) : undefined;
  if (!user) throw new CognitoError('NotAuthorizedException', 'User does not exist.');
  return { pool, user, clientId: String(payload.client_id), originJti };
}
