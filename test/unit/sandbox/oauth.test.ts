// Managed login through plain fetch over real HTTP, as a browser and an app
// would: /oauth2/authorize -> /login form -> callback with code and state ->
// /oauth2/token (PKCE, client_secret_basic and _post, rotation), /oauth2/revoke,
// /oauth2/userInfo, and the OpenID configuration that lists them. Tokens are
// checked with jose against the sandbox's JWKS, and through the real SDK.

import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DescribeUserPoolClientCommand, GetUserCommand, ListUserSessionsCommand, NotAuthorizedException, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { demoConfig, startSandbox, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import {
  DEMO_IAM_ACCESS_KEY, DEMO_MANAGED_LOGIN_CALLBACK, DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID, demoIamCredentials, managedLoginDemoClients,
} from '../../../src/sandbox/oauth/demo';
import { FakeClock, jwtPayload, rejectsWith, sdkClient, signIn } from './helpers';

const CALLBACK = 'http://127.0.0.1:53682/callback';
const APP_CALLBACK = 'myapp://signin?from=sandbox';
const SIGNED_OUT = 'http://127.0.0.1:53682/signed-out';
const SPA = 'sbxmanagedloginspa0000010';
const WEB = 'sbxmanagedloginweb0000011';
const WEB_SECRET = 'managedLoginWebSecretNotForProduction000000000';
const M2M = 'sbxmachinetomachine000012';
const M2M_SECRET = 'machineToMachineSecretNotForProduction00000000';
const NO_CODE = 'sbxnocodeflowclient000013';

function testConfig(): SandboxConfig {
  const config = demoConfig();
  const pool = config.pools[0];
  pool.userSessionTracking = 'ENABLED';
  pool.clients.push(
    {
      name: 'managed-login-spa', clientId: SPA, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 5 },
      callbackURLs: [CALLBACK, APP_CALLBACK], logoutURLs: [SIGNED_OUT], allowedOAuthFlows: ['code'], allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    },
    {
      name: 'managed-login-web', clientId: WEB, clientSecret: WEB_SECRET, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      callbackURLs: [CALLBACK], allowedOAuthFlows: ['code'], allowedOAuthFlowsUserPoolClient: true, allowedOAuthScopes: ['openid', 'email'],
    },
    {
      name: 'machine-to-machine', clientId: M2M, clientSecret: M2M_SECRET, explicitAuthFlows: [],
      allowedOAuthFlows: ['client_credentials'], allowedOAuthFlowsUserPoolClient: true, allowedOAuthScopes: ['api.example/read', 'api.example/write'],
    },
    {
      name: 'no-code-flow', clientId: NO_CODE, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      callbackURLs: [CALLBACK], allowedOAuthFlows: [], allowedOAuthFlowsUserPoolClient: true, allowedOAuthScopes: ['openid'],
    },
  );
  return config;
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

void describe('managed login (OAuth 2.0) endpoints', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  const clock = new FakeClock();
  const user = () => sandbox.info.user;

  before(async () => {
    sandbox = await startSandbox({ config: testConfig(), now: clock.now });
    cognito = sdkClient(sandbox);
    jwks = createLocalJWKSet(await (await fetch(sandbox.info.jwksUri)).json() as JSONWebKeySet);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const get = (path: string) => fetch(`${sandbox.endpoint}${path}`, { redirect: 'manual' });
  const postForm = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => fetch(`${sandbox.endpoint}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const authorizeUrl = (params: Record<string, string>) => `/oauth2/authorize?${new URLSearchParams(params).toString()}`;

  /** The browser part: authorize, follow to the login page, submit the form; returns the callback URL. */
  async function browserSignIn(params: Record<string, string>, password = user().password): Promise<URL> {
    const start = await get(authorizeUrl(params));
    assert.equal(start.status, 302);
    const loginPath = start.headers.get('location') ?? '';
    assert.match(loginPath, /^\/login\?/);
    const page = await get(loginPath);
    assert.equal(page.status, 200);
    const html = await page.text();
    const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1]?.replace(/&#38;/g, '&');
    assert.ok(action, 'the login page has a form');
    const submitted = await postForm(action, { username: user().username, password });
    assert.equal(submitted.status, 302, 'a successful sign-in redirects');
    return new URL(submitted.headers.get('location') ?? '');
  }

  async function codeTokens(clientId = SPA, scope = 'openid email profile aws.cognito.signin.user.admin') {
    const { verifier, challenge } = pkce();
    const back = await browserSignIn({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope, state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256' });
    const res = await postForm('/oauth2/token', { grant_type: 'authorization_code', client_id: clientId, code: back.searchParams.get('code') ?? '', redirect_uri: CALLBACK, code_verifier: verifier });
    assert.equal(res.status, 200);
    return await res.json() as { access_token: string; id_token?: string; refresh_token?: string; expires_in: number; token_type: string };
  }

  void it('signs in with the authorization code grant and PKCE: code and state come back, tokens verify against the JWKS', async () => {
    const { verifier, challenge } = pkce();
    const back = await browserSignIn({
      response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'openid email aws.cognito.signin.user.admin',
      state: 'xyz<&>"', nonce: 'n-0S6_WzA2Mj', code_challenge: challenge, code_challenge_method: 'S256', identity_provider: 'COGNITO',
    });
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get('state'), 'xyz<&>"');
    const code = back.searchParams.get('code');
    assert.ok(code);
    const res = await postForm('/oauth2/token', { grant_type: 'authorization_code', client_id: SPA, code, redirect_uri: CALLBACK, code_verifier: verifier });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const tokens = await res.json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(tokens).sort(), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 3600);
    const id = await jwtVerify(String(tokens.id_token), jwks, { issuer: sandbox.info.issuer, audience: SPA });
    assert.equal(id.payload.token_use, 'id');
    assert.equal(id.payload.nonce, 'n-0S6_WzA2Mj');
    const atHash = createHash('sha256').update(String(tokens.access_token)).digest().subarray(0, 16).toString('base64url');
    assert.equal(id.payload.at_hash, atHash);
    const access = await jwtVerify(String(tokens.access_token), jwks, { issuer: sandbox.info.issuer });
    assert.equal(access.payload.scope, 'openid email aws.cognito.signin.user.admin');
    assert.equal(access.payload.client_id, SPA);
    assert.equal(String(tokens.refresh_token).split('.').length, 5, 'a JWE-shaped refresh token');
    // The access token works on Cognito's own API (it has the admin scope) and its sign-in is a tracked session.
    const me = await cognito.send(new GetUserCommand({ AccessToken: String(tokens.access_token) }));
    assert.equal(me.Username, access.payload.username);
    const sessions = await cognito.send(new ListUserSessionsCommand({ AccessToken: String(tokens.access_token) }));
    assert.equal(sessions.Sessions?.find((s) => s.IsCurrentSession)?.ClientId, SPA);
  });

  void it('serves the login page with a strict CSP, no script, and every reflected value escaped', async () => {
    const res = await get(`/login?${new URLSearchParams({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, state: '"><script>alert(1)</script>' })}`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:53682;/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await res.text();
    assert.ok(!/<script/i.test(html), 'no script element, not even a reflected one');
    assert.match(html, /name="password" type="password"/);
  });

  void it('re-shows the form after a wrong password, without a redirect, the typed name escaped', async () => {
    const q = new URLSearchParams({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK });
    const res = await postForm(`/login?${q}`, { username: user().username, password: 'wrong-password' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /Incorrect username or password\./);
    const hostile = await postForm(`/login?${q}`, { username: '"><script>alert(1)</script>', password: 'x' });
    const html = await hostile.text();
    assert.ok(!/<script/i.test(html), 'the typed name is not markup');
    assert.match(html, /value="&#34;&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;"/);
  });

  void it('uses a code once; a second exchange is invalid_grant', async () => {
    const back = await browserSignIn({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'openid' });
    const form = { grant_type: 'authorization_code', client_id: SPA, code: back.searchParams.get('code') ?? '', redirect_uri: CALLBACK };
    assert.equal((await postForm('/oauth2/token', form)).status, 200);
    const again = await postForm('/oauth2/token', form);
    assert.equal(again.status, 400);
    assert.deepEqual(await again.json(), { error: 'invalid_grant' });
  });

  void it('checks the code_verifier against the S256 challenge; a missing verifier is invalid_request', async () => {
    const { challenge } = pkce();
    const params = { response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' };
    const wrong = await browserSignIn(params);
    const res = await postForm('/oauth2/token', { grant_type: 'authorization_code', client_id: SPA, code: wrong.searchParams.get('code') ?? '', redirect_uri: CALLBACK, code_verifier: pkce().verifier });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: 'invalid_grant' });
    const missing = await browserSignIn(params);
    const res2 = await postForm('/oauth2/token', { grant_type: 'authorization_code', client_id: SPA, code: missing.searchParams.get('code') ?? '', redirect_uri: CALLBACK });
    assert.equal(res2.status, 400);
    assert.equal((await res2.json() as { error: string }).error, 'invalid_request');
  });

  void it('expires codes after 5 minutes', async () => {
    const back = await browserSignIn({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'openid' });
    clock.advanceSeconds(301);
    const res = await postForm('/oauth2/token', { grant_type: 'authorization_code', client_id: SPA, code: back.searchParams.get('code') ?? '', redirect_uri: CALLBACK });
    assert.deepEqual(await res.json(), { error: 'invalid_grant' });
  });

  void it('requires the redirect_uri of the authorization request at the token endpoint', async () => {
    const back = await browserSignIn({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'openid' });
    const res = await postForm('/oauth2/token', { grant_type: 'authorization_code', client_id: SPA, code: back.searchParams.get('code') ?? '', redirect_uri: APP_CALLBACK });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: 'invalid_grant' });
  });

  void it('answers bad authorization requests: an error page when the callback is unknown, else an error on the callback', async () => {
    const pages: Record<string, string>[] = [
      { response_type: 'code', client_id: SPA, redirect_uri: `${CALLBACK}/` },
      { response_type: 'code', client_id: SPA },
      { response_type: 'code', client_id: 'nosuchclient', redirect_uri: CALLBACK },
    ];
    for (const params of pages) {
      const res = await get(authorizeUrl(params));
      assert.equal(res.status, 400, JSON.stringify(params));
      assert.equal(res.headers.get('location'), null, 'never a redirect to an unregistered URL');
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    }
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'openid phone' }, 'invalid_scope'],
      [{ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'email' }, 'invalid_scope'],
      [{ response_type: 'token', client_id: SPA, redirect_uri: CALLBACK }, 'unsupported_response_type'],
      [{ client_id: SPA, redirect_uri: CALLBACK }, 'invalid_request'],
      [{ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ response_type: 'code', client_id: NO_CODE, redirect_uri: CALLBACK }, 'unauthorized_client'],
    ];
    for (const [params, error] of cases) {
      const res = await get(authorizeUrl({ ...params, state: 'keep-me' }));
      assert.equal(res.status, 302, JSON.stringify(params));
      const location = new URL(res.headers.get('location') ?? '');
      assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
      assert.equal(location.searchParams.get('error'), error, JSON.stringify(params));
      assert.equal(location.searchParams.get('state'), 'keep-me');
    }
    // A callback with its own query keeps it and gets the code appended.
    const back = await browserSignIn({ response_type: 'code', client_id: SPA, redirect_uri: APP_CALLBACK, scope: 'openid' });
    assert.equal(back.protocol, 'myapp:');
    assert.equal(back.searchParams.get('from'), 'sandbox');
    assert.ok(back.searchParams.get('code'));
  });

  void it('authenticates a confidential client with client_secret_basic or client_secret_post, and refuses other shapes', async () => {
    const exchange = async (headers: Record<string, string>, extra: Record<string, string>) => {
      const back = await browserSignIn({ response_type: 'code', client_id: WEB, redirect_uri: CALLBACK, scope: 'openid email' });
      return postForm('/oauth2/token', { grant_type: 'authorization_code', code: back.searchParams.get('code') ?? '', redirect_uri: CALLBACK, ...extra }, headers);
    };
    const viaBasic = await exchange({ Authorization: basic(WEB, WEB_SECRET) }, {});
    assert.equal(viaBasic.status, 200);
    const tokens = await viaBasic.json() as { access_token: string; refresh_token: string };
    assert.equal(jwtPayload(tokens.access_token).scope, 'openid email');
    assert.equal((await exchange({}, { client_id: WEB, client_secret: WEB_SECRET })).status, 200);

    const wrongBasic = await exchange({ Authorization: basic(WEB, 'wrong-secret-000000000000000') }, {});
    assert.equal(wrongBasic.status, 401);
    assert.equal(wrongBasic.headers.get('www-authenticate'), 'Basic');
    assert.equal((await wrongBasic.json() as { error: string }).error, 'invalid_client');
    const wrongPost = await exchange({}, { client_id: WEB, client_secret: 'wrong-secret-000000000000000' });
    assert.equal(wrongPost.status, 400);
    assert.equal((await wrongPost.json() as { error: string }).error, 'invalid_client');
    const noSecret = await exchange({}, { client_id: WEB });
    assert.equal(noSecret.status, 400);
    assert.equal((await noSecret.json() as { error: string }).error, 'invalid_client');
    const both = await exchange({ Authorization: basic(WEB, WEB_SECRET) }, { client_secret: WEB_SECRET });
    assert.equal((await both.json() as { error: string }).error, 'invalid_request');

    // Refresh through the token endpoint: this client does not rotate, so no new refresh token.
    const refreshed = await postForm('/oauth2/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, { Authorization: basic(WEB, WEB_SECRET) });
    assert.equal(refreshed.status, 200);
    const r = await refreshed.json() as Record<string, unknown>;
    assert.equal(r.refresh_token, undefined);
    assert.equal(jwtPayload(String(r.access_token)).scope, 'openid email', 'a refresh keeps the granted scopes');
    assert.ok(r.id_token);
  });

  void it('rotates refresh tokens through /oauth2/token with the client\'s grace period and refuses reuse after it', async () => {
    const first = await codeTokens();
    const refresh = (token: string) => postForm('/oauth2/token', { grant_type: 'refresh_token', client_id: SPA, refresh_token: token });
    const r1 = await refresh(first.refresh_token ?? '');
    assert.equal(r1.status, 200);
    const t1 = await r1.json() as { refresh_token?: string; access_token: string; id_token?: string };
    assert.ok(t1.refresh_token && t1.refresh_token !== first.refresh_token, 'a new refresh token');
    assert.equal(jwtPayload(t1.access_token).origin_jti, jwtPayload(first.access_token).origin_jti, 'same sign-in');
    assert.ok(t1.id_token, 'openid was granted');
    clock.advanceSeconds(3);
    assert.equal((await refresh(first.refresh_token ?? '')).status, 200, 'within the 5 s grace period');
    clock.advanceSeconds(3);
    const reused = await refresh(first.refresh_token ?? '');
    assert.equal(reused.status, 400);
    assert.deepEqual(await reused.json(), { error: 'invalid_grant' });
    assert.equal((await refresh(t1.refresh_token)).status, 200, 'the rotated token still works');
    const bogus = await refresh('not-a-token');
    assert.deepEqual(await bogus.json(), { error: 'invalid_grant' });
  });

  void it('revokes through /oauth2/revoke: refresh and access tokens of the sign-in stop working', async () => {
    const t = await codeTokens();
    const res = await postForm('/oauth2/revoke', { token: t.refresh_token ?? '', client_id: SPA });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
    const after = await postForm('/oauth2/token', { grant_type: 'refresh_token', client_id: SPA, refresh_token: t.refresh_token ?? '' });
    assert.deepEqual(await after.json(), { error: 'invalid_grant' });
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: t.access_token })), NotAuthorizedException, { message: 'Access Token has been revoked' });
    const access = await postForm('/oauth2/revoke', { token: t.access_token, client_id: SPA });
    assert.equal(access.status, 400);
    assert.equal((await access.json() as { error: string }).error, 'unsupported_token_type');
    const none = await postForm('/oauth2/revoke', { client_id: SPA });
    assert.equal((await none.json() as { error: string }).error, 'invalid_request');
    const unknown = await postForm('/oauth2/revoke', { token: 'eyJjdHkiOiJKV1QifQ.a.b.c.d', client_id: SPA });
    assert.equal(unknown.status, 200, 'an unknown token is answered with success (RFC 7009)');
    const badClient = await postForm('/oauth2/revoke', { token: 'x.y.z.w.v' }, { Authorization: basic(WEB, 'wrong-secret-000000000000000') });
    assert.equal(badClient.status, 401);
    assert.equal((await badClient.json() as { error: string }).error, 'invalid_client');
  });

  void it('answers /oauth2/userInfo within the token\'s scopes and refuses API access tokens', async () => {
    const t = await codeTokens(SPA, 'openid email');
    const res = await fetch(`${sandbox.endpoint}/oauth2/userInfo`, { headers: { Authorization: `Bearer ${t.access_token}` } });
    assert.equal(res.status, 200);
    const info = await res.json() as Record<string, string>;
    assert.deepEqual(Object.keys(info).sort(), ['email', 'email_verified', 'sub', 'username']);
    assert.equal(info.email_verified, 'true');
    const all = await (await fetch(`${sandbox.endpoint}/oauth2/userInfo`, { headers: { Authorization: `Bearer ${(await codeTokens(SPA, 'openid')).access_token}` } })).json() as Record<string, string>;
    assert.equal(all['custom:tenant'], 'acme', 'openid alone returns every attribute');
    assert.equal(all.name, 'Demo User');
    const api = await signIn(cognito, SPA, user().username, user().password);
    const refused = await fetch(`${sandbox.endpoint}/oauth2/userInfo`, { headers: { Authorization: `Bearer ${api.AccessToken}` } });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
    const missing = await fetch(`${sandbox.endpoint}/oauth2/userInfo`);
    assert.equal(missing.status, 401);
  });

  void it('an access token without aws.cognito.signin.user.admin cannot call the user-pools API', async () => {
    const t = await codeTokens(SPA, 'openid email');
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: t.access_token })), NotAuthorizedException, { message: 'Access Token does not have required scopes' });
  });

  void it('client_credentials: a machine access token with resource-server scopes, no refresh token', async () => {
    const res = await postForm('/oauth2/token', { grant_type: 'client_credentials', scope: 'api.example/read' }, { Authorization: basic(M2M, M2M_SECRET) });
    assert.equal(res.status, 200);
    const t = await res.json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(t).sort(), ['access_token', 'expires_in', 'token_type']);
    const claims = (await jwtVerify(String(t.access_token), jwks, { issuer: sandbox.info.issuer })).payload;
    assert.equal(claims.sub, M2M);
    assert.equal(claims.scope, 'api.example/read');
    assert.equal(claims.username, undefined);
    const badScope = await postForm('/oauth2/token', { grant_type: 'client_credentials', scope: 'openid' }, { Authorization: basic(M2M, M2M_SECRET) });
    assert.deepEqual(await badScope.json(), { error: 'invalid_scope' });
    const notAllowed = await postForm('/oauth2/token', { grant_type: 'client_credentials' }, { Authorization: basic(WEB, WEB_SECRET) });
    assert.deepEqual(await notAllowed.json(), { error: 'unauthorized_client' });
  });

  void it('refuses unknown and missing grant types, repeated parameters and other content types', async () => {
    assert.deepEqual(await (await postForm('/oauth2/token', { grant_type: 'password', client_id: SPA })).json(), { error: 'unsupported_grant_type' });
    assert.equal((await (await postForm('/oauth2/token', { client_id: SPA })).json() as { error: string }).error, 'invalid_request');
    const twice = await fetch(`${sandbox.endpoint}/oauth2/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `client_id=${SPA}&grant_type=refresh_token&grant_type=refresh_token`,
    });
    assert.equal((await twice.json() as { error: string }).error, 'invalid_request');
    const json = await fetch(`${sandbox.endpoint}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 400);
    assert.equal((await json.json() as { error: string }).error, 'invalid_request');
    const getToken = await get('/oauth2/token');
    assert.equal(getToken.status, 405);
  });

  void it('takes faults and records calls like the API: a lost token response is retried within the grace period', async () => {
    const t = await codeTokens();
    sandbox.injectFault({ operation: 'OAuthToken', drop: 'after-processing' });
    const refresh = () => postForm('/oauth2/token', { grant_type: 'refresh_token', client_id: SPA, refresh_token: t.refresh_token ?? '' });
    await assert.rejects(refresh(), 'the connection is dropped after the rotation committed');
    const retried = await refresh();
    assert.equal(retried.status, 200, 'the same token again, within the 5 s grace period');
    assert.ok((await retried.json() as { refresh_token?: string }).refresh_token);
    sandbox.injectFault({ operation: 'OAuthToken', error: { name: 'InvalidGrant', message: 'injected' } });
    const injected = await refresh();
    assert.equal(injected.status, 400);
    assert.deepEqual(await injected.json(), { error: 'invalid_grant', error_description: 'injected' });
    const calls = sandbox.calls('OAuthToken').slice(-3);
    assert.deepEqual(calls.map((c) => [c.status, c.dropped ?? false, c.errorName]), [[200, true, undefined], [200, false, undefined], [400, false, 'invalid_grant']]);
    assert.ok(sandbox.calls('OAuthLogin').length > 0);
  });

  void it('/logout redirects only to a registered sign-out URL', async () => {
    const ok = await get(`/logout?${new URLSearchParams({ client_id: SPA, logout_uri: SIGNED_OUT })}`);
    assert.equal(ok.status, 302);
    assert.equal(ok.headers.get('location'), SIGNED_OUT);
    const other = await get(`/logout?${new URLSearchParams({ client_id: SPA, logout_uri: 'https://evil.example/' })}`);
    assert.equal(other.status, 400);
    assert.equal(other.headers.get('location'), null);
  });

  void it('lists the managed-login endpoints on the sandbox origin in the OpenID configuration', async () => {
    const doc = await (await fetch(`${sandbox.endpoint}/${sandbox.info.userPoolId}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
    assert.equal(doc.authorization_endpoint, `${sandbox.endpoint}/oauth2/authorize`);
    assert.equal(doc.token_endpoint, `${sandbox.endpoint}/oauth2/token`);
    assert.equal(doc.revocation_endpoint, `${sandbox.endpoint}/oauth2/revoke`);
    assert.equal(doc.userinfo_endpoint, `${sandbox.endpoint}/oauth2/userInfo`);
    assert.equal(doc.end_session_endpoint, `${sandbox.endpoint}/logout`);
    assert.equal(doc.issuer, sandbox.info.issuer);
  });
});

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits), computed by the test itself. */
function totp(base32: string, ms: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

void describe('managed login with MFA and special users', () => {
  const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  let sandbox: SandboxHandle;
  const clock = new FakeClock();

  before(async () => {
    const config = testConfig();
    const pool = config.pools[0];
    pool.mfaConfiguration = 'OPTIONAL';
    pool.users.push(
      { username: 'totp-user', sub: '11111111-2222-4333-8444-555555555501', password: 'Totp-Passw0rd!', attributes: { email: 'totp@example.com' }, mfa: ['totp'], totpSecret: SECRET },
      { username: 'sms-user', sub: '11111111-2222-4333-8444-555555555502', password: 'Sms-Passw0rd!', attributes: { email: 'sms@example.com', phone_number: '+15555550100' }, mfa: ['sms'] },
      { username: 'new-user', sub: '11111111-2222-4333-8444-555555555503', password: 'Temp-Passw0rd!', attributes: { email: 'new@example.com' }, status: 'FORCE_CHANGE_PASSWORD' },
    );
    sandbox = await startSandbox({ config, now: clock.now });
  });
  after(() => sandbox.close());

  const postForm = (path: string, form: Record<string, string>) => fetch(`${sandbox.endpoint}${path}`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  });
  const query = new URLSearchParams({ response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: 'openid', state: 's-mfa' }).toString();
  const formOf = (html: string) => ({
    action: (/<form method="post" action="([^"]*)"/.exec(html)?.[1] ?? '').replace(/&#38;/g, '&'),
    session: /name="session" value="([^"]*)"/.exec(html)?.[1] ?? '',
  });

  void it('asks a TOTP user for the code; a wrong code is asked again, the right one redirects with code and state', async () => {
    const first = await postForm(`/login?${query}`, { username: 'totp-user', password: 'Totp-Passw0rd!' });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('location'), null, 'no code before the second factor');
    const mfa = formOf(await first.text());
    assert.match(mfa.action, /^\/login\/mfa\?/);
    assert.ok(mfa.session.length > 20);
    // A code no step near now has (a TOTP check may accept the neighbouring steps).
    const near = [-30_000, 0, 30_000].map((d) => totp(SECRET, clock.now() + d));
    const wrongCode = ['000000', '111111', '222222', '333333'].find((c) => !near.includes(c)) ?? assert.fail('no wrong code');
    const wrong = await postForm(mfa.action, { session: mfa.session, code: wrongCode });
    assert.equal(wrong.status, 200);
    assert.match(await wrong.text(), /Invalid code/);
    const right = await postForm(mfa.action, { session: mfa.session, code: totp(SECRET, clock.now()) });
    assert.equal(right.status, 302);
    const back = new URL(right.headers.get('location') ?? '');
    assert.equal(back.searchParams.get('state'), 's-mfa');
    assert.ok(back.searchParams.get('code'));
    // The step is used up.
    const replay = await postForm(mfa.action, { session: mfa.session, code: totp(SECRET, clock.now()) });
    assert.equal(replay.status, 400);
  });

  void it('lets the MFA step expire after 3 minutes', async () => {
    const first = await postForm(`/login?${query}`, { username: 'totp-user', password: 'Totp-Passw0rd!' });
    const mfa = formOf(await first.text());
    clock.advanceSeconds(181);
    const late = await postForm(mfa.action, { session: mfa.session, code: totp(SECRET, clock.now()) });
    assert.equal(late.status, 400);
    assert.match(await late.text(), /3 minutes/);
  });

  void it('says plainly what the page cannot do: SMS MFA, a temporary password', async () => {
    for (const [username, password, text] of [['sms-user', 'Sms-Passw0rd!', /TOTP only/], ['new-user', 'Temp-Passw0rd!', /new password/]] as const) {
      const res = await postForm(`/login?${query}`, { username, password });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), text);
    }
  });
});

void describe('managed-login demo pieces', () => {
  void it('are in the demo config: its public client signs in through the browser flow and its keys reach the IAM operations', async () => {
    const config = demoConfig();
    const pool = config.pools.find((p) => p.clients.some((c) => c.clientId === DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID));
    assert.ok(pool, 'no demo pool has the managed-login clients');
    assert.equal(pool.userSessionTracking, 'ENABLED');
    assert.deepEqual(config.iamCredentials, demoIamCredentials());
    assert.equal(managedLoginDemoClients().length, pool.clients.filter((c) => c.callbackURLs?.length).length);
    const sandbox = await startSandbox({ config });
    const poolInfo = sandbox.info.pools.find((p) => p.userPoolId === pool.id)!;
    assert.deepEqual(poolInfo.clients.find((c) => c.clientId === DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID)?.callbackURLs, [DEMO_MANAGED_LOGIN_CALLBACK]);
    try {
      const { verifier, challenge } = pkce();
      const q = new URLSearchParams({ response_type: 'code', client_id: DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID, redirect_uri: DEMO_MANAGED_LOGIN_CALLBACK, code_challenge: challenge, code_challenge_method: 'S256' });
      const res = await fetch(`${sandbox.endpoint}/login?${q}`, {
        method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: poolInfo.user.username, password: poolInfo.user.password }).toString(),
      });
      const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const tokens = await fetch(`${sandbox.endpoint}/oauth2/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID, code, redirect_uri: DEMO_MANAGED_LOGIN_CALLBACK, code_verifier: verifier }).toString(),
      });
      assert.equal(tokens.status, 200);
      const admin = sdkClient(sandbox, { credentials: { ...DEMO_IAM_ACCESS_KEY } });
      try {
        const out = await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID }));
        assert.deepEqual(out.UserPoolClient?.CallbackURLs, [DEMO_MANAGED_LOGIN_CALLBACK]);
      } finally {
        admin.destroy();
      }
    } finally {
      await sandbox.close();
    }
  });
});
