// The managed-login pages: GET /login shows the sign-in form for a checked
// authorization request, POST /login checks the user name and password, and
// POST /login/mfa the TOTP code when the user has TOTP MFA; success redirects
// to the callback with a single-use code and the request's state.
//
// Supported here: password sign-in, and TOTP MFA (the user's `totpSecret` from
// the config) when the pool's MFA is ON or OPTIONAL and the user has "totp".
// Not supported on this page (an error page says so; sign in through the API
// instead): SMS or email MFA, MFA setup, and changing a temporary password
// (FORCE_CHANGE_PASSWORD). There is no managed-login session cookie, so every
// authorization request shows the form (no silent sign-in, no SSO sessions).

import type { UserConfig } from '../config';
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

export function authorizeEndpoint(state: SandboxState, query: URLSearchParams): HttpAnswer {
  const check = checkAuthorizeRequest(state, query);
  if (check.kind !== 'ok') return answerForFailedCheck(check);
  // Like Cognito: the authorize endpoint sends the browser on to the login page with the request.
  return redirectAnswer(`/login?${authorizeQuery(check.request)}`);
}

export function loginForm(state: SandboxState, query: URLSearchParams): HttpAnswer {
  const check = checkAuthorizeRequest(state, query);
  if (check.kind !== 'ok') return answerForFailedCheck(check);
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
 * GET /logout?client_id=...&logout_uri=...: there is no managed-login session
 * cookie to clear, so it only checks logout_uri against the client's LogoutURLs
 * (exactly) and redirects there; anything else is an error page.
 */
export function logoutEndpoint(state: SandboxState, query: URLSearchParams): HttpAnswer {
  const client = state.client(query.get('client_id') ?? '')?.config;
  if (!client) return errorPage(400, 'invalid_request', 'client_id is missing or the app client does not exist');
  const target = query.get('logout_uri');
  if (target === null || !(client.logoutURLs ?? []).includes(target)) {
    return errorPage(400, 'redirect_mismatch', 'logout_uri is not one of the app client\'s sign-out URLs (they must match exactly)');
  }
  return redirectAnswer(target);
}

function signedIn(state: SandboxState, request: AuthorizeRequest, username: string): HttpAnswer {
  const now = state.now();
  const code = oauthRuntime(state).issueCode({ request, username, authenticatedAt: now }, now);
  return redirectAnswer(redirectWith(request.redirectUri, { code, state: request.state }));
}
