// Tokens from managed login: the sandbox's own ID and access tokens
// (state.issueTokens), with the access token's `scope` set to the granted
// scopes and the ID token given `nonce` and `at_hash`, re-signed with the
// pool's keys. Client-credentials access tokens have no user.

import { createHash, randomUUID, sign } from 'node:crypto';
import type { UserConfig } from '../config';
import type { SigningKey } from '../keys';
import type { SignInSession } from '../refresh-store';
import type { ClientRuntime, SandboxState } from '../state';

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signWith(header: unknown, payload: unknown, key: SigningKey): string {
  const input = `${b64urlJson(header)}.${b64urlJson(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

function resign(jwt: string, change: (claims: Record<string, unknown>) => void, key: SigningKey): string {
  const [h, p] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return signWith(JSON.parse(Buffer.from(h, 'base64url').toString('utf8')), claims, key);
}

/** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the access token. */
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
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
  const issued = state.issueTokens(client, session, user);
  const keys = client.pool.keys;
  const access = resign(issued.AccessToken, (c) => {
    c.scope = scopes.join(' ');
  }, keys.accessTokenKey);
  const out: TokenResponse = { access_token: access, expires_in: issued.ExpiresIn, token_type: 'Bearer' };
  if (withIdToken) {
    out.id_token = resign(issued.IdToken, (c) => {
      c.at_hash = atHash(access);
      if (nonce !== undefined) c.nonce = nonce;
    }, keys.idTokenKey);
  }
  return out;
}

/** A machine-to-machine access token (client_credentials): `sub` is the client id, no user claims. */
export function clientCredentialsToken(state: SandboxState, client: ClientRuntime, scopes: string[]): TokenResponse {
  const seconds = client.config.tokenValidity?.accessTokenSeconds ?? 3600;
  const now = Math.floor(state.now() / 1000);
  const key = client.pool.keys.accessTokenKey;
  const payload = {
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
  return { access_token: signWith({ kid: key.kid, alg: 'RS256' }, payload, key), expires_in: seconds, token_type: 'Bearer' };
}
