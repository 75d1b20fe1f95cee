// Tokens from managed login: the sandbox's own ID and access tokens
// (state.issueTokens, which applies the pool's pre token generation trigger),
// with the access token's `scope` the granted scopes and the ID token given
// `nonce` and `at_hash`. Client-credentials access tokens have no user; only a
// V3_0 trigger changes them.

import { randomUUID } from 'node:crypto';
import type { UserConfig } from '../config';
import type { SignInSession } from '../refresh-store';
import type { ClientRuntime, SandboxState } from '../state';
import { signJwt } from '../tokens';
import { applyToClientCredentialsToken } from '../triggers/pre-token-generation';

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** ID and access tokens of a session for the granted scopes; an ID token only with `openid`. */
export function userTokens(
  state: SandboxState,
  client: ClientRuntime,
  session: SignInSession,
  user: UserConfig,
  scopes: string[],
  withIdToken: boolean,
  nonce?: string,
): TokenResponse {
  const issued = state.issueTokens(client, session, user, { scopes, oidc: { nonce } });
  const out: TokenResponse = { access_token: issued.AccessToken, expires_in: issued.ExpiresIn, token_type: 'Bearer' };
  if (withIdToken) out.id_token = issued.IdToken;
  return out;
}

/** A machine-to-machine access token (client_credentials): `sub` is the client id, no user claims. */
export function clientCredentialsToken(state: SandboxState, client: ClientRuntime, scopes: string[]): TokenResponse {
  const seconds = client.config.tokenValidity?.accessTokenSeconds ?? 3600;
  const now = Math.floor(state.now() / 1000);
  const key = client.pool.keys.accessTokenKey;
  const payload: Record<string, unknown> = {
    sub: client.config.clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iss: client.pool.issuer,
    exp: now + seconds,
    iat: now,
    version: 2,
    jti: randomUUID(),
    client_id: client.config.clientId,
  };
  applyToClientCredentialsToken(state.overrides.triggerOf(client.pool.config), client.config.clientId, payload);
  return { access_token: signJwt(payload, key), expires_in: seconds, token_type: 'Bearer' };
}
