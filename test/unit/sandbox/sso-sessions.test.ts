// Managed login's SSO sessions in the sandbox (issue 11, item 6), as a browser
// and an app see them: fetch with a cookie jar and manual redirects through
// /oauth2/authorize -> /login -> the callback, the code redeemed at
// /oauth2/token, and the real SDK for ListUserSessions, RevokeToken,
// RevokeUserSession, GlobalSignOut and GetTokensFromRefreshToken.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AdminListUserSessionsCommand, GetTokensFromRefreshTokenCommand, GlobalSignOutCommand, ListUserSessionsCommand, NotAuthorizedException, RevokeTokenCommand,
  RevokeUserSessionCommand, type AdminListUserSessionsCommandOutput, type CognitoIdentityProviderClient, type ListUserSessionsCommandOutput,
  type SessionDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import { DEMO_IAM_ACCESS_KEY } from '../../../src/sandbox/oauth/demo';
import { FakeClock, jwtPayload, rejectsWith, sdkClient, signIn } from './helpers';

const CALLBACK = 'http://127.0.0.1:53682/callback';
const SIGNED_OUT = 'http://127.0.0.1:53682/signed-out';
/** Managed login (PKCE, rotation) and USER_PASSWORD_AUTH for API sign-ins. */
const SPA = 'sbxssospa0000000000000030';
/** A second app client of the pool: it reuses the SSO session made through SPA. */
const OTHER = 'sbxssoother00000000000031';
/** Reuses an SSO session for 5 minutes only. */
const SHORT = 'sbxssoshort00000000000032';
/** Never reuses an SSO session silently (MaxValidityMinutes 0). */
const NEVER = 'sbxssonever00000000000033';
const SCOPE = 'openid email aws.cognito.signin.user.admin';

function testConfig(tracking: 'ENABLED' | 'DISABLED' = 'ENABLED', pageSize?: number): SandboxConfig {
  const config = demoConfig();
  const pool = config.pools[0];
  pool.userSessionTracking = tracking;
  if (pageSize !== undefined) pool.sessionsPageSize = pageSize;
  const oauth = {
    callbackURLs: [CALLBACK], logoutURLs: [SIGNED_OUT], allowedOAuthFlows: ['code' as const], allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
  };
  pool.clients.push(
    {
      name: 'sso-spa', clientId: SPA, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 0 }, ...oauth,
    },
    { name: 'sso-other', clientId: OTHER, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], ...oauth },
    { name: 'sso-short', clientId: SHORT, clientSecret: null, explicitAuthFlows: [], ssoSessionMaxValidityMinutes: 5, ...oauth },
    { name: 'sso-never', clientId: NEVER, clientSecret: null, explicitAuthFlows: [], ssoSessionMaxValidityMinutes: 0, ...oauth },
  );
  return config;
}

/** A browser's cookie jar for one origin: keeps what Set-Cookie sets (Max-Age=0 removes), sends it back. */
class CookieJar {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie line seen, for checking attributes. */
  readonly lines: string[] = [];
  keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      this.lines.push(line);
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (attributes.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

interface Tokens { access_token: string; id_token: string; refresh_token: string }

void describe('sandbox SSO sessions (managed login session cookie)', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  const clock = new FakeClock();
  const user = () => sandbox.info.user;

  before(async () => {
    sandbox = await startSandbox({ config: testConfig(), now: clock.now });
    cognito = sdkClient(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });
  // Every test starts with no session of the user, so no session of one test shows in another's list:
  // the SSO sessions are revoked one by one (GlobalSignOut leaves them), then the token sessions.
  beforeEach(async () => {
    const api = await signIn(cognito, SPA, user().username, user().password);
    const listed = (await cognito.send(new ListUserSessionsCommand({ AccessToken: api.AccessToken }))).Sessions ?? [];
    for (const s of listed.filter((x) => x.SessionType === 'SSO')) {
      await cognito.send(new RevokeUserSessionCommand({ AccessToken: api.AccessToken, SessionId: s.SessionId }));
    }
    await cognito.send(new GlobalSignOutCommand({ AccessToken: api.AccessToken }));
  });

  const get = (path: string, jar?: CookieJar) => fetch(new URL(path, sandbox.endpoint), { redirect: 'manual', headers: jar ? { cookie: jar.header() } : {} });

  function authorizePath(clientId: string, challenge: string, state: string): string {
    return `/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: SCOPE, state, code_challenge: challenge, code_challenge_method: 'S256',
    })}`;
  }

  /**
   * GET /oauth2/authorize with the jar. `form`: the browser was sent to /login and
   * shown the form, which it submitted; `silent`: it came back with a code at once.
   */
  async function authorize(jar: CookieJar, clientId = SPA): Promise<{ how: 'form' | 'silent'; code: string; verifier: string }> {
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = randomBytes(8).toString('hex');
    const start = await get(authorizePath(clientId, challenge, state), jar);
    jar.keep(start);
    assert.equal(start.status, 302);
    let location = start.headers.get('location') ?? '';
    let how: 'form' | 'silent' = 'silent';
    if (location.startsWith('/login?')) {
      how = 'form';
      const page = await get(location, jar);
      jar.keep(page);
      assert.equal(page.status, 200, 'the login page');
      const html = await page.text();
      const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1]?.replace(/&#38;/g, '&');
      assert.ok(action, 'the login page shows the sign-in form');
      const submitted = await fetch(new URL(action, sandbox.endpoint), {
        method: 'POST', redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: jar.header() },
        body: new URLSearchParams({ username: user().username, password: user().password }).toString(),
      });
      jar.keep(submitted);
      assert.equal(submitted.status, 302, 'a successful sign-in redirects');
      location = submitted.headers.get('location') ?? '';
    }
    const back = new URL(location);
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK, `redirected to ${location}`);
    assert.equal(back.searchParams.get('state'), state);
    const code = back.searchParams.get('code');
    assert.ok(code, `a code in ${location}`);
    return { how, code, verifier };
  }

  async function redeem(clientId: string, got: { code: string; verifier: string }): Promise<Tokens> {
    const res = await fetch(`${sandbox.endpoint}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: got.code, redirect_uri: CALLBACK, code_verifier: got.verifier }).toString(),
    });
    assert.equal(res.status, 200);
    return await res.json() as Tokens;
  }

  /** authorize + redeem: the tokens and how the browser got the code. */
  async function managedSignIn(jar: CookieJar, clientId = SPA): Promise<Tokens & { how: 'form' | 'silent' }> {
    const got = await authorize(jar, clientId);
    return { ...await redeem(clientId, got), how: got.how };
  }

  async function sessions(accessToken: string): Promise<SessionDescriptionType[]> {
    return (await cognito.send(new ListUserSessionsCommand({ AccessToken: accessToken }))).Sessions ?? [];
  }

  const ssoOf = (list: SessionDescriptionType[]) => list.filter((s) => s.SessionType === 'SSO');
  const tokenSessionOf = (list: SessionDescriptionType[], accessToken: string) =>
    list.find((s) => s.SessionType === 'TOKEN' && s.IsCurrentSession === true && s.ClientId === jwtPayload(accessToken).client_id);

  const refresh = (clientId: string, refreshToken: string) => cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }));

  void it('a sign-in on the form sets an HttpOnly, SameSite=Lax, Path=/ cookie; ListUserSessions shows the SSO session and the token session\'s OriginSessionId', async () => {
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    assert.equal(first.how, 'form');
    assert.equal(jar.lines.length, 1, `one Set-Cookie: ${jar.lines.join(' | ')}`);
    const attributes = jar.lines[0].split(';').slice(1).map((a) => a.trim().toLowerCase()).sort();
    assert.deepEqual(attributes, ['httponly', 'path=/', 'samesite=lax']);
    const list = await sessions(first.access_token);
    const sso = ssoOf(list);
    assert.equal(sso.length, 1, JSON.stringify(list));
    assert.match(sso[0].SessionId ?? '', /^sso[a-z0-9]{25}$/);
    assert.equal(sso[0].ClientId, SPA);
    assert.equal(sso[0].IsCurrentSession, false);
    assert.equal(sso[0].OriginSessionId, undefined, 'OriginSessionId is for token sessions only');
    assert.ok(sso[0].CreateDate instanceof Date && sso[0].LastActiveDate instanceof Date);
    const own = tokenSessionOf(list, first.access_token);
    assert.ok(own, JSON.stringify(list));
    assert.equal(own.OriginSessionId, sso[0].SessionId);
    // The cookie holds the SessionId and a secret; the id alone signs nobody in.
    const [value] = [...jar.cookies.values()];
    assert.ok(value.startsWith(`${sso[0].SessionId}.`));
    // An API sign-in has no SSO session.
    const api = await signIn(cognito, SPA, user().username, user().password);
    assert.equal(tokenSessionOf(await sessions(api.AccessToken), api.AccessToken)?.OriginSessionId, undefined);
  });

  void it('a second /oauth2/authorize with the cookie redirects with a code at once, on the same or another app client of the pool; its token sessions come through the same SSO session', async () => {
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    clock.advanceSeconds(30);
    const second = await managedSignIn(jar);
    assert.equal(second.how, 'silent', 'the second authorize showed the form');
    const third = await managedSignIn(jar, OTHER);
    assert.equal(third.how, 'silent', 'another client of the pool showed the form');
    const list = await sessions(first.access_token);
    const [sso] = ssoOf(list);
    assert.ok(sso);
    assert.equal(ssoOf(list).length, 1);
    for (const t of [first, second, third]) assert.equal(tokenSessionOf(await sessions(t.access_token), t.access_token)?.OriginSessionId, sso.SessionId);
    // The SSO session's latest activity is the last silent sign-in; auth_time stays the fresh authentication.
    assert.ok((sso.LastActiveDate?.getTime() ?? 0) > (sso.CreateDate?.getTime() ?? 0));
    assert.equal(jwtPayload(second.id_token).auth_time, jwtPayload(first.id_token).auth_time);
    // Without the cookie, the form.
    assert.equal((await authorize(new CookieJar())).how, 'form');
  });

  void it('RevokeToken LINKED ends the parent SSO session (the next authorize shows the form) but not a second token session from it; NONE leaves it', async () => {
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    const second = await managedSignIn(jar);
    assert.equal(second.how, 'silent');
    await cognito.send(new RevokeTokenCommand({ ClientId: SPA, Token: second.refresh_token, RevokeAssociatedSessions: 'NONE' }));
    assert.equal(ssoOf(await sessions(first.access_token)).length, 1, 'NONE ended the SSO session');
    const third = await managedSignIn(jar);
    assert.equal(third.how, 'silent');

    await cognito.send(new RevokeTokenCommand({ ClientId: SPA, Token: first.refresh_token, RevokeAssociatedSessions: 'LINKED' }));
    const list = await sessions(third.access_token);
    assert.deepEqual(ssoOf(list), [], 'the SSO session is still listed');
    await rejectsWith(refresh(SPA, first.refresh_token), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    const refreshed = await refresh(SPA, third.refresh_token);
    assert.ok(refreshed.AuthenticationResult?.AccessToken, 'the other token session from the SSO session was revoked too');
    // The cookie no longer signs the browser in.
    assert.equal((await authorize(jar)).how, 'form');
  });

  void it('RevokeUserSession LINKED on the SSO session revokes both token sessions from it; on a token session, its parent SSO session only', async () => {
    const api = await signIn(cognito, SPA, user().username, user().password);
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    const second = await managedSignIn(jar, OTHER);
    assert.equal(second.how, 'silent');
    const [sso] = ssoOf(await sessions(api.AccessToken));
    assert.ok(sso?.SessionId);
    await cognito.send(new RevokeUserSessionCommand({ AccessToken: api.AccessToken, SessionId: sso.SessionId, RevokeAssociatedSessions: 'LINKED' }));
    await rejectsWith(refresh(SPA, first.refresh_token), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    await rejectsWith(refresh(OTHER, second.refresh_token), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    assert.deepEqual((await sessions(api.AccessToken)).map((s) => s.SessionType), ['TOKEN'], 'only the API sign-in is left');
    assert.equal((await authorize(jar)).how, 'form', 'the SSO session still signs in');

    // A token session with LINKED: its SSO session ends, the sibling token session stays.
    const jar2 = new CookieJar();
    const a = await managedSignIn(jar2);
    const b = await managedSignIn(jar2);
    assert.equal(b.how, 'silent');
    const target = tokenSessionOf(await sessions(a.access_token), a.access_token);
    assert.ok(target?.SessionId && target.OriginSessionId);
    await cognito.send(new RevokeUserSessionCommand({ AccessToken: api.AccessToken, SessionId: target.SessionId, RevokeAssociatedSessions: 'LINKED' }));
    await rejectsWith(refresh(SPA, a.refresh_token), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    assert.ok((await refresh(SPA, b.refresh_token)).AuthenticationResult?.AccessToken);
    assert.ok(!ssoOf(await sessions(api.AccessToken)).some((s) => s.SessionId === target.OriginSessionId), 'the parent SSO session is still listed');
    assert.equal((await authorize(jar2)).how, 'form');
  });

  void it('RevokeUserSession NONE on the SSO session ends it alone: its token sessions keep refreshing', async () => {
    const api = await signIn(cognito, SPA, user().username, user().password);
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    const [sso] = ssoOf(await sessions(api.AccessToken));
    assert.ok(sso?.SessionId);
    await cognito.send(new RevokeUserSessionCommand({ AccessToken: api.AccessToken, SessionId: sso.SessionId }));
    assert.ok((await refresh(SPA, first.refresh_token)).AuthenticationResult?.AccessToken);
    assert.equal((await authorize(jar)).how, 'form');
  });

  void it('/logout ends the SSO session and clears the cookie; the token sessions keep working; GlobalSignOut leaves the SSO session', async () => {
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    await cognito.send(new GlobalSignOutCommand({ AccessToken: first.access_token }));
    // GlobalSignOut "doesn't clear the managed login session cookie" (its API Reference).
    const later = await managedSignIn(jar);
    assert.equal(later.how, 'silent');

    const res = await get(`/logout?${new URLSearchParams({ client_id: SPA, logout_uri: SIGNED_OUT })}`, jar);
    const sentCookie = jar.header();
    jar.keep(res);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), SIGNED_OUT);
    assert.equal(jar.cookies.size, 0, 'the cookie was not cleared');
    assert.ok((await refresh(SPA, later.refresh_token)).AuthenticationResult?.AccessToken, 'signing out of the browser revoked tokens');
    assert.deepEqual(ssoOf(await sessions(later.access_token)), []);
    // A browser that kept the old cookie anyway is shown the form.
    const stale = new CookieJar();
    for (const pair of sentCookie.split('; ')) stale.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    assert.equal((await authorize(stale)).how, 'form');
  });

  void it('a client reuses the SSO session only within its MaxValidityMinutes of the fresh authentication (0: never); a forged or foreign cookie shows the form', async () => {
    const jar = new CookieJar();
    await managedSignIn(jar);
    assert.equal((await authorize(jar, NEVER)).how, 'form', 'MaxValidityMinutes 0 reused the SSO session');
    // The form on NEVER made a new SSO session; start from SPA's again.
    const jar2 = new CookieJar();
    await managedSignIn(jar2);
    assert.equal((await authorize(jar2, SHORT)).how, 'silent');
    clock.advanceSeconds(6 * 60);
    assert.equal((await authorize(jar2, SHORT)).how, 'form', 'SHORT reused it after its 5 minutes');
    assert.equal((await authorize(jar, SPA)).how, 'silent', 'SPA (60 minutes) did not reuse it after 6 minutes');
    clock.advanceSeconds(60 * 60);
    assert.equal((await authorize(jar, SPA)).how, 'form', 'reused after 60 minutes');
    // A cookie with the right id and another secret, or a value of the wrong shape.
    const jar3 = new CookieJar();
    await managedSignIn(jar3);
    const [[name, value]] = [...jar3.cookies];
    const forged = new CookieJar();
    forged.cookies.set(name, `${value.slice(0, value.indexOf('.'))}.${randomBytes(32).toString('base64url')}`);
    assert.equal((await authorize(forged)).how, 'form');
    forged.cookies.set(name, `${value}x`);
    assert.equal((await authorize(forged)).how, 'form');
  });

  void it('GET /login with the cookie skips the form too; a wrong logout_uri ends nothing; LastActiveDate is the last code redeemed', async () => {
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const login = await get(authorizePath(SPA, challenge, 'st').replace('/oauth2/authorize?', '/login?'), jar);
    assert.equal(login.status, 302);
    assert.ok((login.headers.get('location') ?? '').startsWith(`${CALLBACK}?code=`), `GET /login with the cookie: ${login.status} ${login.headers.get('location')}`);

    const wrong = await get(`/logout?${new URLSearchParams({ client_id: SPA, logout_uri: 'https://evil.example/' })}`, jar);
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.headers.getSetCookie(), []);
    clock.advanceSeconds(20);
    const got = await authorize(jar);
    assert.equal(got.how, 'silent', 'a refused /logout ended the SSO session');
    clock.advanceSeconds(20);
    await redeem(SPA, got);
    const [sso] = ssoOf(await sessions(first.access_token));
    assert.equal(sso?.LastActiveDate?.getTime(), clock.now(), 'LastActiveDate is not the last code redeemed');
  });

  void it('an SSO session is listed until no client of the pool may reuse it; LINKED on the caller\'s own parent SSO session revokes the caller too', async () => {
    const jar = new CookieJar();
    const first = await managedSignIn(jar);
    assert.equal(ssoOf(await sessions(first.access_token)).length, 1);
    // The pool's longest MaxValidityMinutes is 60 (the default of the demo clients).
    clock.advanceSeconds(59 * 60);
    assert.equal(ssoOf(await sessions(first.access_token)).length, 1, 'gone before 60 minutes');
    clock.advanceSeconds(2 * 60);
    const fresh = await signIn(cognito, SPA, user().username, user().password);
    assert.deepEqual(ssoOf(await sessions(fresh.AccessToken)), [], 'listed after 60 minutes');

    const jar2 = new CookieJar();
    const a = await managedSignIn(jar2);
    const own = tokenSessionOf(await sessions(a.access_token), a.access_token);
    assert.ok(own?.OriginSessionId);
    await cognito.send(new RevokeUserSessionCommand({ AccessToken: a.access_token, SessionId: own.OriginSessionId, RevokeAssociatedSessions: 'LINKED' }));
    await rejectsWith(refresh(SPA, a.refresh_token), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
  });
});

void describe('sandbox SSO sessions: paging, the admin list, session tracking off, and the state file', () => {
  void it('ListUserSessions pages through SSO and token sessions with NextToken; AdminListUserSessions lists the SSO session, never current', async () => {
    const sandbox = await startSandbox({ config: testConfig('ENABLED', 1) });
    const cognito = sdkClient(sandbox);
    const admin = sdkClient(sandbox, { credentials: { ...DEMO_IAM_ACCESS_KEY } });
    try {
      const form = (path: string) => fetch(`${sandbox.endpoint}${path}?${new URLSearchParams({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: SCOPE })}`, {
        method: path === '/login' ? 'POST' : 'GET', redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie },
        ...(path === '/login' ? { body: new URLSearchParams({ username: sandbox.info.user.username, password: sandbox.info.user.password }).toString() } : {}),
      });
      let cookie = '';
      const tokensFrom = async (res: Response) => {
        const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
        const out = await fetch(`${sandbox.endpoint}/oauth2/token`, {
          method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', client_id: SPA, code, redirect_uri: CALLBACK }).toString(),
        });
        return await out.json() as Tokens;
      };
      const login = await form('/login');
      cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0];
      await tokensFrom(login);
      const second = await tokensFrom(await form('/oauth2/authorize'));
      const seen: SessionDescriptionType[] = [];
      let next: string | undefined;
      do {
        const page: ListUserSessionsCommandOutput = await cognito.send(new ListUserSessionsCommand({ AccessToken: second.access_token, NextToken: next }));
        assert.ok((page.Sessions ?? []).length <= 1);
        seen.push(...page.Sessions ?? []);
        next = page.NextToken;
      } while (next !== undefined && seen.length < 10);
      assert.deepEqual(seen.map((s) => s.SessionType).sort(), ['SSO', 'TOKEN', 'TOKEN']);
      assert.equal(new Set(seen.map((s) => s.SessionId)).size, 3, 'a session was repeated');
      const sso = seen.find((s) => s.SessionType === 'SSO');
      assert.ok(seen.filter((s) => s.SessionType === 'TOKEN').every((s) => s.OriginSessionId === sso?.SessionId));
      const username = String(jwtPayload(second.access_token).username);
      const adminSeen: SessionDescriptionType[] = [];
      next = undefined;
      do {
        const page: AdminListUserSessionsCommandOutput = await admin.send(new AdminListUserSessionsCommand({ UserPoolId: sandbox.info.userPoolId, Username: username, NextToken: next }));
        adminSeen.push(...page.Sessions ?? []);
        next = page.NextToken;
      } while (next !== undefined && adminSeen.length < 10);
      assert.deepEqual(adminSeen.map((s) => s.SessionId), seen.map((s) => s.SessionId));
      assert.ok(adminSeen.every((s) => s.IsCurrentSession === false));
    } finally {
      cognito.destroy();
      admin.destroy();
      await sandbox.close();
    }
  });

  void it('with tracking DISABLED, ListUserSessions lists nothing and RevokeToken LINKED leaves the SSO session', async () => {
    const sandbox = await startSandbox({ config: testConfig('DISABLED') });
    const cognito = sdkClient(sandbox);
    try {
      const signInThrough = async (cookie: string) => fetch(`${sandbox.endpoint}/oauth2/authorize?${new URLSearchParams({
        response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: SCOPE,
      })}`, { redirect: 'manual', headers: { cookie } });
      // Sign in on the form (no PKCE: a confidential-style code without a challenge).
      const login = await fetch(`${sandbox.endpoint}/login?${new URLSearchParams({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: SCOPE })}`, {
        method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: sandbox.info.user.username, password: sandbox.info.user.password }).toString(),
      });
      assert.equal(login.status, 302);
      const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0];
      assert.match(cookie, /^cognito-sso-[\w-]+=sso[a-z0-9]{25}\./);
      const code = new URL(login.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const res = await fetch(`${sandbox.endpoint}/oauth2/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: SPA, code, redirect_uri: CALLBACK }).toString(),
      });
      const tokens = await res.json() as Tokens;
      assert.deepEqual((await cognito.send(new ListUserSessionsCommand({ AccessToken: tokens.access_token }))).Sessions, []);
      await cognito.send(new RevokeTokenCommand({ ClientId: SPA, Token: tokens.refresh_token, RevokeAssociatedSessions: 'LINKED' }));
      const again = await signInThrough(cookie);
      assert.equal(again.status, 302);
      assert.ok((again.headers.get('location') ?? '').startsWith(`${CALLBACK}?code=`), 'LINKED ended the SSO session although tracking is off');
    } finally {
      cognito.destroy();
      await sandbox.close();
    }
  });

  void it('the state file keeps SSO sessions across a restart, with the cookie secret as a digest only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-sso-'));
    const file = join(dir, 'state.json');
    try {
      const first = await startSandbox({ stateFile: file, config: testConfig() });
      let cookie: string;
      try {
        const login = await fetch(`${first.endpoint}/login?${new URLSearchParams({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: SCOPE })}`, {
          method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ username: first.info.user.username, password: first.info.user.password }).toString(),
        });
        cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0];
      } finally {
        await first.close();
      }
      const secret = cookie.slice(cookie.indexOf('.') + 1);
      assert.equal(secret.length, 43);
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes(secret), 'the state file holds the cookie secret');
      const stored = JSON.parse(text) as { sso?: { sessions: { id: string; secretHash: string }[] } };
      assert.equal(stored.sso?.sessions.length, 1);
      assert.equal(stored.sso.sessions[0].secretHash, createHash('sha256').update(secret).digest('base64url'));

      const again = await startSandbox({ stateFile: file });
      try {
        const res = await fetch(`${again.endpoint}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: SCOPE })}`,
          { redirect: 'manual', headers: { cookie } });
        assert.equal(res.status, 302);
        assert.ok((res.headers.get('location') ?? '').startsWith(`${CALLBACK}?code=`), 'the restarted sandbox forgot the SSO session');
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
