// Authorizing a user-pools API call with the user's access token (GetUser,
// ListUserSessions, RevokeUserSession, GlobalSignOut): the token must be one
// this sandbox signed with the pool's access-token key, unexpired, not revoked,
// and carry the aws.cognito.signin.user.admin scope.
//
// Messages as Cognito answers them (NotAuthorizedException): "Access Token has
// expired", "Access Token has been revoked" (GlobalSignOut's API Reference),
// "Invalid Access Token" and "Access Token does not have required scopes"
// (seen in user reports; the text is not in AWS's reference).

import { createPublicKey, verify } from 'node:crypto';
import type { UserConfig } from '../config';
import { CognitoError } from '../errors';
import type { SignInSession } from '../refresh-store';
import type { ClientRuntime, PoolRuntime, SandboxState } from '../state';

export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export const accessTokenMessages = {
  invalid: 'Invalid Access Token',
  expired: 'Access Token has expired',
  revoked: 'Access Token has been revoked',
  scope: 'Access Token does not have required scopes',
} as const;

export interface AccessTokenCaller {
  pool: PoolRuntime;
  client: ClientRuntime;
  user: UserConfig;
  claims: Record<string, unknown>;
  /** The sign-in (token session) the access token belongs to, when the sandbox still knows it. */
  session?: SignInSession;
  originJti?: string;
}

export interface AccessTokenOptions {
  /** Default true: the user-pools API needs aws.cognito.signin.user.admin. */
  requireAdminScope?: boolean;
  /** An extra scope the caller needs (the userInfo endpoint needs openid). */
  requireScope?: string;
}

/** Throws CognitoError('NotAuthorizedException' | 'UserNotFoundException') unless the token authorizes the call. */
export function authenticateAccessToken(state: SandboxState, token: string, opts: AccessTokenOptions = {}): AccessTokenCaller {
  const invalid = () => new CognitoError('NotAuthorizedException', accessTokenMessages.invalid);
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  if (!header || !claims || header.alg !== 'RS256') throw invalid();
  const client = typeof claims.client_id === 'string' ? state.client(claims.client_id) : undefined;
  if (!client) throw invalid();
  const pool = client.pool;
  const key = pool.keys.accessTokenKey;
  if (header.kid !== key.kid) throw invalid();
  let signatureOk = false;
  try {
    signatureOk = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(key.privateKey), Buffer.from(parts[2], 'base64url'));
  } catch {
    signatureOk = false;
  }
  // The signature proves the pool; the issuer's host may name an earlier port of this sandbox.
  if (!signatureOk || claims.token_use !== 'access' || typeof claims.iss !== 'string' || !claims.iss.endsWith(`/${pool.config.id}`)) throw invalid();
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= state.now()) {
    throw new CognitoError('NotAuthorizedException', accessTokenMessages.expired);
  }
  const originJti = typeof claims.origin_jti === 'string' ? claims.origin_jti : undefined;
  if (originJti !== undefined && state.store.isAccessRevoked(originJti)) {
    throw new CognitoError('NotAuthorizedException', accessTokenMessages.revoked);
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if ((opts.requireAdminScope ?? true) && !scopes.includes(ADMIN_SCOPE)) throw new CognitoError('NotAuthorizedException', accessTokenMessages.scope);
  if (opts.requireScope !== undefined && !scopes.includes(opts.requireScope)) throw new CognitoError('NotAuthorizedException', accessTokenMessages.scope);
  const user = typeof claims.username === 'string' ? pool.user(claims.username) : undefined;
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  const session = originJti === undefined ? undefined : state.store.allSessions().find((s) => s.originJti === originJti);
  return { pool, client, user, claims, session, originJti };
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
