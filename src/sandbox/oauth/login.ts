// The managed-login pages: GET /login shows the sign-in form for a checked
// authorization request, POST /login checks the user name and password, and
// POST /login/mfa the TOTP code when the user has TOTP MFA; success redirects
// to the callback with a single-use code and the request's state.
//
// Supported here: password sign-in, and TOTP MFA (the user's `totpSecret` from
// the config) when the pool's MFA is ON or OPTIONAL and the user has "totp".
// Not supported on this page (an error page says so; sign in through the API
// instead): SMS or email MFA, MFA setup, and changing a temporary password
// (FORCE_CHANGE_PASSWORD).
//
// A successful sign-in starts an SSO session and sets its cookie
// (sessions/sso.ts); an authorization request (GET /oauth2/authorize or GET
// /login) that carries a live one for the client's pool, within the client's
// SSO session maximum validity, gets its code at once without the form. A
// revoked or expired SSO session's cookie shows the form again. GET /logout ends
// the SSO session and clears the cookie.

import type { AppClientConfig, UserConfig } from '../config';
import { clearSsoCookie, maxValidityMinutesOf, setSsoCookie, type SsoSession } from '../sessions/sso';
import { totpMatches } from '../sign-in/totp';
import type { PoolRuntime, SandboxState } from '../state';
import { authorizeQuery, checkAuthorizeRequest, redirectWith, type AuthorizeCheck } from './authorize';
import { OAuthError, parseForm, redirectAnswer, type HttpAnswer } from './http';
import { errorPage, loginPage, mfaPage } from './pages';
import { MAX_MFA_ATTEMPTS, oauthRuntime, type AuthorizeRequest } from './runtime';

const INCORRECT = 'Incorrect username or password.';

type SignInView = UserConfig & { status?: string; mfa?: readonly string[]; totpSecret?: string };
type PoolView = { mfaConfiguration?: string };

/** An authorization request check that failed, as its answer. */
export function answerForFailedCheck(check: Exclude<AuthorizeCheck, { kind: 'ok' }>): HttpAnswer {
  return check.kind === 'page' ? errorPage(check.status, check.error, check.description) : redirectAnswer(check.location);
}

export function authorizeEndpoint(state: SandboxState, query: URLSearchParams, cookie: string | undefined): HttpAnswer {
  const check = checkAuthorizeRequest(state, query);
  if (check.kind !== 'ok') return answerForFailedCheck(check);
  const silent = silentSignIn(state, check.request, check.client, cookie);
  if (silent) return silent;
  // Like Cognito: the authorize endpoint sends the browser on to the login page with the request.
  return redirectAnswer(`/login?${authorizeQuery(check.request)}`);
}

export function loginForm(state: SandboxState, query: URLSearchParams, cookie: string | undefined): HttpAnswer {
  const check = checkAuthorizeRequest(state, query);
  if (check.kind !== 'ok') return answerForFailedCheck(check);
  const silent = silentSignIn(state, check.request, check.client, cookie);
  if (silent) return silent;
  return loginPage({ action: `/login?${authorizeQuery(check.request)}`, clientName: check.client.name, redirectUri: check.request.redirectUri });
}

export function loginSubmit(state: SandboxState, query: URLSearchParams, raw: Buffer, contentType: string | undefined): HttpAnswer {
  const check = checkAuthorizeRequest(state, query);
  if (check.kind !== 'ok') return answerForFailedCheck(check);
  const { request, client } = check;
  const action = `/login?${authorizeQuery(request)}`;
  let form: Map<string, string>;
  try {
    form = parseForm(raw, contentType);
  } catch (e) {
    return errorPage(400, 'invalid_request', (e as OAuthError).message);
  }
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  const again = (error: string) => loginPage({ action, clientName: client.name, error, username, redirectUri: request.redirectUri });
  if (username === '' || password === '') return again('Enter your username and password.');
  const pool = state.client(request.clientId)?.pool as PoolRuntime;
  const user = pool.userForSignIn(username) as SignInView | undefined;
  // The password, status and TOTP secret the sign-in runtime keeps (changed through the API), not the config's.
  if (!user || !state.signIn.passwordMatches(pool.config, user, password)) return again(INCORRECT);
  if (state.signIn.status(pool.config, user) === 'FORCE_CHANGE_PASSWORD') {
    return errorPage(400, 'unsupported', 'This user must set a new password; the sandbox login page cannot do that. Sign in through the API (NEW_PASSWORD_REQUIRED) first.');
  }
  const mfa = (pool.config as PoolView).mfaConfiguration ?? 'OFF';
  if (mfa !== 'OFF') {
    if (state.signIn.totpSecret(pool.config, user) !== undefined) {
      const session = oauthRuntime(state).startMfa({ request, username: user.username }, state.now());
      return mfaPage({ action: `/login/mfa?${authorizeQuery(request)}`, session, redirectUri: request.redirectUri });
    }
    if (mfa === 'ON' || (user.mfa ?? []).length > 0) {
      return errorPage(400, 'unsupported', 'This user signs in with SMS or email MFA, or must set MFA up; the sandbox login page does TOTP only. Sign in through the API instead.');
    }
  }
  return signedIn(state, request, user.username);
}

export function mfaSubmit(state: SandboxState, query: URLSearchParams, raw: Buffer, contentType: string | undefined): HttpAnswer {
  const check = checkAuthorizeRequest(state, query);
  if (check.kind !== 'ok') return answerForFailedCheck(check);
  const { request } = check;
  let form: Map<string, string>;
  try {
    form = parseForm(raw, contentType);
  } catch (e) {
    return errorPage(400, 'invalid_request', (e as OAuthError).message);
  }
  const id = form.get('session') ?? '';
  const runtime = oauthRuntime(state);
  const now = state.now();
  const pending = runtime.mfa(id, now);
  if (!pending || pending.request.clientId !== request.clientId || pending.request.redirectUri !== request.redirectUri) {
    return errorPage(400, 'session_expired', 'The sign-in took longer than 3 minutes or is unknown. Start again from your app.');
  }
  const pool = state.client(request.clientId)?.pool;
  const user = pool?.user(pending.username);
  const secret = pool && user ? state.signIn.totpSecret(pool.config, user) : undefined;
  const code = form.get('code') ?? '';
  if (secret !== undefined && /^\d{6}$/.test(code) && totpMatches(secret, code, now)) {
    runtime.endMfa(id);
    return signedIn(state, pending.request, pending.username);
  }
  pending.attempts += 1;
  if (pending.attempts >= MAX_MFA_ATTEMPTS) {
    runtime.endMfa(id);
    return errorPage(400, 'too_many_attempts', 'Too many wrong codes. Start again from your app.');
  }
  return mfaPage({ action: `/login/mfa?${authorizeQuery(request)}`, session: id, error: 'Invalid code received for user', redirectUri: request.redirectUri });
}

/**
 * GET /logout?client_id=...&logout_uri=...: checks logout_uri against the
 * client's LogoutURLs (exactly), ends the pool's SSO session the cookie names
 * (its token sessions keep working: signing out of the browser is not
 * revoking tokens) and clears the cookie, then redirects there; anything else
 * is an error page that changes nothing (assumed: Cognito's answer to a wrong
 * logout_uri is not documented to end the session).
 */
export function logoutEndpoint(state: SandboxState, query: URLSearchParams, cookie: string | undefined): HttpAnswer {
  const runtime = state.client(query.get('client_id') ?? '');
  const client = runtime?.config;
  if (!runtime || !client) return errorPage(400, 'invalid_request', 'client_id is missing or the app client does not exist');
  const target = query.get('logout_uri');
  if (target === null || !(client.logoutURLs ?? []).includes(target)) {
    return errorPage(400, 'redirect_mismatch', 'logout_uri is not one of the app client\'s sign-out URLs (they must match exactly)');
  }
  const pool = runtime.pool.config;
  const sso = state.sso.fromCookie(pool, cookie, state.now());
  if (sso) state.sso.revoke(sso, state.now());
  const answer = redirectAnswer(target);
  answer.headers['Set-Cookie'] = clearSsoCookie(pool.id);
  return answer;
}

/**
 * The code at once for a request whose cookie names a live SSO session of the
 * client's pool, when the client may still reuse it (MaxValidityMinutes since
 * the fresh authentication; 0 never); undefined to show the form.
 */
function silentSignIn(state: SandboxState, request: AuthorizeRequest, client: AppClientConfig, cookie: string | undefined): HttpAnswer | undefined {
  const pool = state.client(request.clientId)?.pool;
  if (!pool) return undefined;
  const now = state.now();
  const sso = state.sso.fromCookie(pool.config, cookie, now);
  if (!sso || !pool.user(sso.username)) return undefined;
  const minutes = maxValidityMinutesOf(client);
  if (minutes === 0 || now >= sso.createdAt + minutes * 60_000) return undefined;
  state.sso.touch(sso, now, state.request);
  return codeRedirect(state, request, sso.username, sso);
}

function signedIn(state: SandboxState, request: AuthorizeRequest, username: string): HttpAnswer {
  const pool = state.client(request.clientId)?.pool as PoolRuntime;
  const { session, cookieValue } = state.sso.start({
    poolId: pool.config.id, clientId: request.clientId, username, now: state.now(), ...(state.request ? { request: state.request } : {}),
  });
  const answer = codeRedirect(state, request, username, session);
  answer.headers['Set-Cookie'] = setSsoCookie(pool.config.id, cookieValue);
  return answer;
}

function codeRedirect(state: SandboxState, request: AuthorizeRequest, username: string, sso: SsoSession): HttpAnswer {
  const now = state.now();
  const code = oauthRuntime(state).issueCode({ request, username, authenticatedAt: sso.createdAt, ssoSessionId: sso.id }, now);
  return redirectAnswer(redirectWith(request.redirectUri, { code, state: request.state }));
}
