// Managed login on the sandbox's own origin (Cognito serves it on
// https://<prefix>.auth.<region>.amazoncognito.com):
//
//   GET  /oauth2/authorize    -> 302 /login?<request>, or back to the callback with an error, or an error page;
//                                with a live SSO session cookie for the pool: 302 <callback>?code=...&state=... at once
//   GET  /login               the sign-in form (or, with a live SSO session cookie, the code at once)
//   POST /login               user name + password -> 302 <callback>?code=...&state=...  (or the MFA form)
//   POST /login/mfa           TOTP code -> 302 <callback>?code=...&state=...
//   POST /oauth2/token        authorization_code, refresh_token, client_credentials
//   POST /oauth2/revoke       revokes a refresh token's sign-in
//   GET|POST /oauth2/userInfo the user's attributes for a Bearer access token
//   GET  /logout              ends the SSO session, clears its cookie, -> 302 to a registered logout_uri

import type { IncomingMessage } from 'node:http';
import type { SandboxState } from '../state';
import { jsonAnswer, type HttpAnswer } from './http';
import { authorizeEndpoint, loginForm, loginSubmit, logoutEndpoint, mfaSubmit } from './login';
import { revokeEndpoint } from './revoke-endpoint';
import { tokenEndpoint } from './token-endpoint';
import { userInfoEndpoint } from './userinfo-endpoint';

const ROUTES: Record<string, readonly string[]> = {
  '/oauth2/authorize': ['GET'],
  '/login': ['GET', 'POST'],
  '/login/mfa': ['POST'],
  '/oauth2/token': ['POST'],
  '/oauth2/revoke': ['POST'],
  '/oauth2/userInfo': ['GET', 'POST'],
  '/logout': ['GET'],
};

/** The paths this router answers; anything else is left to the server. */
export function isOAuthPath(pathname: string): boolean {
  return Object.hasOwn(ROUTES, pathname);
}

/** Answers a managed-login request (handlers are synchronous, so each call's effects commit at once). */
export function handleOAuth(state: SandboxState, req: IncomingMessage, pathname: string, query: URLSearchParams, raw: Buffer): HttpAnswer {
  const method = req.method ?? 'GET';
  const allowed = ROUTES[pathname];
  if (!allowed.includes(method)) {
    return jsonAnswer(405, { error: 'invalid_request', error_description: `${method} is not allowed on ${pathname}; use ${allowed.join(' or ')}` }, { Allow: allowed.join(', ') });
  }
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  switch (`${method} ${pathname}`) {
    case 'GET /oauth2/authorize': return authorizeEndpoint(state, query, header('cookie'));
    case 'GET /login': return loginForm(state, query, header('cookie'));
    case 'POST /login': return loginSubmit(state, query, raw, header('content-type'));
    case 'POST /login/mfa': return mfaSubmit(state, query, raw, header('content-type'));
    case 'POST /oauth2/token': return tokenEndpoint(state, raw, header('content-type'), header('authorization'));
    case 'POST /oauth2/revoke': return revokeEndpoint(state, raw, header('content-type'), header('authorization'));
    case 'GET /logout': return logoutEndpoint(state, query, header('cookie'));
    default: return userInfoEndpoint(state, header('authorization'));
  }
}

/** The endpoints an OpenID configuration document lists, on the sandbox's origin. */
export function oauthEndpoints(origin: string): Record<string, string> {
  return {
    authorization_endpoint: `${origin}/oauth2/authorize`,
    token_endpoint: `${origin}/oauth2/token`,
    revocation_endpoint: `${origin}/oauth2/revoke`,
    userinfo_endpoint: `${origin}/oauth2/userInfo`,
    end_session_endpoint: `${origin}/logout`,
  };
}
