// Checking an authorization request (GET /oauth2/authorize and the /login
// pages that carry it on), as Cognito's authorize endpoint does:
//
// - an unknown client_id, or a redirect_uri that is not exactly one of the
//   client's CallbackURLs, gets an error page and never a redirect (RFC 6749
//   §4.1.2.1; Cognito's page reads "redirect_mismatch");
// - anything else wrong is sent back to the redirect_uri as `error=...&state=...`:
//   invalid_request (missing response_type, a code_challenge_method other than
//   S256, which Cognito requires, or a challenge without it), unsupported_response_type,
//   unauthorized_client (the client lacks the flow or AllowedOAuthFlowsUserPoolClient),
//   invalid_scope (a scope the client is not allowed, or email/phone/profile without openid).
//
// identity_provider / idp_identifier hints are accepted and ignored: the
// sandbox signs users in with its own user directory (COGNITO) only.
// response_type=token (the implicit grant) is not served: unsupported_response_type.

import type { AppClientConfig } from '../config';
import type { SandboxState } from '../state';
import { OAuthError, singleValued } from './http';
import type { AuthorizeRequest } from './runtime';

export type AuthorizeCheck =
  | { kind: 'ok'; request: AuthorizeRequest; client: AppClientConfig }
  /** No redirect is safe: show a page. */
  | { kind: 'page'; status: number; error: string; description: string }
  /** Tell the client through its redirect_uri. */
  | { kind: 'redirect'; location: string };

/** RFC 7636 §4.2: 43..128 characters of [A-Z a-z 0-9 - . _ ~]. */
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
/** OIDC scopes that need openid in Cognito. */
const OIDC_ATTRIBUTE_SCOPES = ['email', 'phone', 'profile'];

export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, v);
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`;
}

export function checkAuthorizeRequest(state: SandboxState, query: URLSearchParams): AuthorizeCheck {
  let params: Map<string, string>;
  try {
    params = singleValued(query);
  } catch (e) {
    return { kind: 'page', status: 400, error: 'invalid_request', description: (e as OAuthError).message };
  }
  const clientId = params.get('client_id');
  const runtime = clientId === undefined ? undefined : state.client(clientId);
  if (!runtime) return { kind: 'page', status: 400, error: 'invalid_request', description: clientId === undefined ? 'client_id is missing' : 'the app client does not exist' };
  const client = runtime.config;
  const redirectUri = params.get('redirect_uri');
  if (redirectUri === undefined || !(client.callbackURLs ?? []).includes(redirectUri)) {
    return {
      kind: 'page', status: 400, error: 'redirect_mismatch',
      description: redirectUri === undefined ? 'redirect_uri is missing' : 'redirect_uri is not one of the app client\'s callback URLs (they must match exactly)',
    };
  }
  const stateParam = params.get('state');
  const fail = (error: string, description: string): AuthorizeCheck =>
    ({ kind: 'redirect', location: redirectWith(redirectUri, { error, error_description: description, state: stateParam }) });

  const responseType = params.get('response_type');
  if (responseType === undefined) return fail('invalid_request', 'response_type is missing');
  if (responseType !== 'code') return fail('unsupported_response_type', 'the sandbox serves response_type=code only');
  if (client.allowedOAuthFlowsUserPoolClient !== true || !(client.allowedOAuthFlows ?? []).includes('code')) {
    return fail('unauthorized_client', 'the app client is not allowed the authorization code grant');
  }
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (challenge !== undefined || method !== undefined) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (challenge === undefined || !CODE_CHALLENGE.test(challenge)) return fail('invalid_request', 'code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~');
  }
  const allowed = client.allowedOAuthScopes ?? [];
  const asked = params.get('scope');
  const scopes = asked === undefined ? [...allowed] : [...new Set(asked.split(' ').filter((s) => s !== ''))];
  if (scopes.some((s) => !allowed.includes(s))) return fail('invalid_scope', 'a requested scope is not allowed for this app client');
  if (scopes.some((s) => OIDC_ATTRIBUTE_SCOPES.includes(s)) && !scopes.includes('openid')) {
    return fail('invalid_scope', 'the email, phone and profile scopes need openid');
  }
  return {
    kind: 'ok',
    client,
    request: {
      clientId: client.clientId, redirectUri, scopes,
      ...(stateParam === undefined ? {} : { state: stateParam }),
      ...(params.has('nonce') ? { nonce: params.get('nonce') } : {}),
      ...(challenge === undefined ? {} : { codeChallenge: challenge }),
    },
  };
}

/** The query that carries an authorization request on to /login (rebuilt from the checked values, never echoed raw). */
export function authorizeQuery(request: AuthorizeRequest): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: request.clientId, redirect_uri: request.redirectUri, scope: request.scopes.join(' ') });
  if (request.state !== undefined) q.set('state', request.state);
  if (request.nonce !== undefined) q.set('nonce', request.nonce);
  if (request.codeChallenge !== undefined) {
    q.set('code_challenge', request.codeChallenge);
    q.set('code_challenge_method', 'S256');
  }
  return q.toString();
}
