// POST /oauth2/token: authorization_code (PKCE S256 checked), refresh_token
// (the refresh store's own rotation, grace and reuse rules, as
// GetTokensFromRefreshToken applies them) and client_credentials.
//
// Errors follow RFC 6749 §5.2 and Cognito's token endpoint documentation:
// invalid_request (a missing or repeated parameter, a malformed code_verifier),
// invalid_client, invalid_grant (an unknown, used, expired or foreign code; a
// redirect_uri that differs from the authorization request's; a code_verifier
// that does not match; a refresh token that is invalid, expired, revoked or
// reused), unauthorized_client (the client lacks the grant), unsupported_grant_type,
// invalid_scope. Like Cognito, errors carry no error_description for grants
// (the sandbox adds one only to request and client errors, to help debugging).
// Assumed where undocumented: a redirect_uri that is not among the callback
// URLs at all is unauthorized_client; a code is used up by any attempt to
// redeem it, even one that fails (so a retry after a PKCE mismatch is invalid_grant).

import { createHash } from 'node:crypto';
import { CognitoError } from '../errors';
import { resolveRefreshToken } from '../operations/refresh-common';
import { rotates, type ClientRuntime, type SandboxState } from '../state';
import { API_ACCESS_TOKEN_SCOPE } from '../tokens';
import { authenticateClient } from './client-auth';
import { jsonAnswer, OAuthError, parseForm, type HttpAnswer } from './http';
import { oauthRuntime } from './runtime';
import { clientCredentialsToken, userTokens } from './tokens';

const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export function tokenEndpoint(state: SandboxState, raw: Buffer, contentType: string | undefined, authorization: string | undefined): HttpAnswer {
  try {
    const form = parseForm(raw, contentType);
    const client = authenticateClient(state, form, authorization);
    const grant = form.get('grant_type');
    if (grant === undefined || grant === '') throw new OAuthError('invalid_request', 'grant_type is missing');
    switch (grant) {
      case 'authorization_code': return jsonAnswer(200, authorizationCode(state, client, form));
      case 'refresh_token': return jsonAnswer(200, refreshToken(state, client, form));
      case 'client_credentials': return jsonAnswer(200, clientCredentials(state, client, form));
      default: throw new OAuthError('unsupported_grant_type');
    }
  } catch (e) {
    if (e instanceof OAuthError) return e.answer();
    throw e;
  }
}

function required(form: Map<string, string>, name: string): string {
  const value = form.get(name);
  if (value === undefined || value === '') throw new OAuthError('invalid_request', `${name} is missing`);
  return value;
}

function allowsFlow(client: ClientRuntime, flow: 'code' | 'client_credentials'): boolean {
  return client.config.allowedOAuthFlowsUserPoolClient === true && (client.config.allowedOAuthFlows ?? []).includes(flow);
}

function authorizationCode(state: SandboxState, client: ClientRuntime, form: Map<string, string>) {
  if (!allowsFlow(client, 'code')) throw new OAuthError('unauthorized_client');
  const code = required(form, 'code');
  const redirectUri = required(form, 'redirect_uri');
  const now = state.now();
  const entry = oauthRuntime(state).redeem(code, now);
  if (!entry || entry.request.clientId !== client.config.clientId) throw new OAuthError('invalid_grant');
  if (redirectUri !== entry.request.redirectUri) {
    throw new OAuthError((client.config.callbackURLs ?? []).includes(redirectUri) ? 'invalid_grant' : 'unauthorized_client');
  }
  if (entry.request.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (verifier === undefined || !CODE_VERIFIER.test(verifier)) throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~');
    if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== entry.request.codeChallenge) throw new OAuthError('invalid_grant');
  }
  const user = client.pool.user(entry.username);
  if (!user) throw new OAuthError('invalid_grant');
  // The token session comes through the SSO session of the sign-in (OriginSessionId), and keeps its
  // fresh authentication as auth_time; the code grant is the SSO session's latest activity.
  const sso = entry.ssoSessionId === undefined ? undefined : state.sso.get(entry.ssoSessionId);
  if (sso) state.sso.touch(sso, now, state.request);
  const { session, refreshToken: refresh } = state.startSession(client, user, {
    authenticatedAt: entry.authenticatedAt, ...(sso ? { originSsoSessionId: sso.id } : {}),
  });
  session.scope = entry.request.scopes.join(' ');
  const tokens = userTokens(state, client, session, user, entry.request.scopes, entry.request.scopes.includes('openid'), entry.request.nonce);
  return { ...tokens, refresh_token: refresh };
}

function refreshToken(state: SandboxState, client: ClientRuntime, form: Map<string, string>) {
  const token = required(form, 'refresh_token');
  let resolved: ReturnType<typeof resolveRefreshToken>;
  try {
    resolved = resolveRefreshToken(state, client, token);
  } catch (e) {
    if (e instanceof CognitoError) throw new OAuthError('invalid_grant');
    throw e;
  }
  const { record, user } = resolved;
  // A sign-in through the API has no OAuth scopes: its tokens keep the API scope and an ID token.
  const scopes = record.session.scope === undefined ? [API_ACCESS_TOKEN_SCOPE] : record.session.scope.split(' ').filter((s) => s !== '');
  const withId = record.session.scope === undefined || scopes.includes('openid');
  const tokens = userTokens(state, client, record.session, user, scopes, withId);
  if (!rotates(client.config)) return tokens;
  return { ...tokens, refresh_token: state.store.rotate(record, state.now()).token };
}

function clientCredentials(state: SandboxState, client: ClientRuntime, form: Map<string, string>) {
  if (!allowsFlow(client, 'client_credentials') || client.config.clientSecret === null) throw new OAuthError('unauthorized_client');
  // Only resource-server scopes ("<identifier>/<name>") are machine-to-machine scopes.
  const allowed = (client.config.allowedOAuthScopes ?? []).filter((s) => s.includes('/'));
  const asked = form.get('scope');
  const scopes = asked === undefined ? allowed : [...new Set(asked.split(' ').filter((s) => s !== ''))];
  if (scopes.length === 0 || scopes.some((s) => !allowed.includes(s))) throw new OAuthError('invalid_scope');
  return clientCredentialsToken(state, client, scopes);
}
