// Managed login: PKCE, the authorize URL, the one-shot loopback listener, the code exchange
// against the sandbox's real /oauth2 endpoints (a browser simulated with fetch through its
// /login form), OAuth errors explained, discovery from the OpenID configuration.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import {
  buildAuthorizeUrl,
  codeChallengeS256,
  createCodeVerifier,
  discoverHostedUiDomain,
  exchangeCode,
  HostedUiError,
  normalizeDomain,
  openLoopbackRedirect,
  postTokenEndpoint,
  signInWithHostedUi,
  tokenRequestAuth,
  type HostedUiTarget,
  type SignInStep,
} from '../../../src/core/auth';
import {
  OAUTH_CALLBACK_TIMEOUT_ID,
  OAUTH_NOT_TOKEN_RESPONSE_ID,
  OAUTH_PORT_IN_USE_ID,
  OAUTH_STATE_MISMATCH_ID,
} from '../../../src/core/errors/catalog';
import { authConfig, CLIENTS, HOSTED_SCOPES, jwtClaims, POOL, SECRET, USERS } from './fixtures';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A browser, played with fetch: authorize -> /login form -> POST credentials -> the redirect to the loopback. */
async function browser(authorizeUrl: string, username: string, password: string): Promise<Response> {
  const first = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(first.status, 302, 'authorize redirects to the login page');
  const loginUrl = new URL(first.headers.get('location') ?? '', authorizeUrl);
  const form = await fetch(loginUrl);
  const html = await form.text();
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  assert.ok(action, 'a login form');
  const posted = await fetch(new URL(action.replaceAll('&amp;', '&').replaceAll('&#38;', '&'), loginUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
    redirect: 'manual',
  });
  assert.equal(posted.status, 302, 'the login redirects to the callback');
  return fetch(posted.headers.get('location') ?? '');
}

function done(step: SignInStep) {
  assert.equal(step.kind, 'done', step.kind === 'failed' ? `failed ${step.explanation.id}: ${step.error.message}` : step.kind);
  return (step as Extract<SignInStep, { kind: 'done' }>).record;
}

void describe('PKCE and the authorize URL', () => {
  void it('S256 matches RFC 7636 appendix B', () => {
    assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  void it('a verifier is 43..128 unreserved characters, fresh each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const v = createCodeVerifier();
      assert.match(v, /^[A-Za-z0-9._~-]{43,128}$/);
      seen.add(v);
    }
    assert.equal(seen.size, 20);
  });

  void it('the URL carries response_type, client, redirect, scopes, a random state and the S256 challenge', () => {
    const t: HostedUiTarget = { region: 'eu-west-1', userPoolId: 'eu-west-1_X', clientId: 'abc', domain: 'https://pfx.auth.eu-west-1.amazoncognito.com/', scopes: ['openid', 'email'] };
    const a = buildAuthorizeUrl(t, 'http://127.0.0.1:5000/callback');
    const b = buildAuthorizeUrl(t, 'http://127.0.0.1:5000/callback');
    const url = new URL(a.url);
    assert.equal(url.origin + url.pathname, 'https://pfx.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), 'abc');
    assert.equal(url.searchParams.get('redirect_uri'), 'http://127.0.0.1:5000/callback');
    assert.equal(url.searchParams.get('scope'), 'openid email');
    assert.equal(url.searchParams.get('state'), a.state);
    assert.equal(url.searchParams.get('code_challenge'), codeChallengeS256(a.codeVerifier));
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(a.state.length >= 32);
    assert.notEqual(a.state, b.state);
    assert.notEqual(a.codeVerifier, b.codeVerifier);
  });

  void it('domains: https anywhere, http only on loopback, no credentials', () => {
    assert.equal(normalizeDomain('pfx.auth.us-east-1.amazoncognito.com'), 'https://pfx.auth.us-east-1.amazoncognito.com');
    assert.equal(normalizeDomain('https://login.example.com/some/path'), 'https://login.example.com');
    assert.equal(normalizeDomain('http://127.0.0.1:9229'), 'http://127.0.0.1:9229');
    for (const bad of ['http://login.example.com', 'ftp://x', 'https://user:pw@login.example.com', '::']) {
      assert.throws(() => normalizeDomain(bad), HostedUiError, bad);
    }
  });

  void it('client authentication: Basic by default, post on request, none for a public client', () => {
    assert.deepEqual(tokenRequestAuth('id', undefined, undefined), { headers: {}, body: { client_id: 'id' } });
    assert.deepEqual(tokenRequestAuth('id', 'sec', 'client_secret_post'), { headers: {}, body: { client_id: 'id', client_secret: 'sec' } });
    assert.deepEqual(tokenRequestAuth('id', 'sec', undefined), { headers: { Authorization: `Basic ${Buffer.from('id:sec').toString('base64')}` }, body: { client_id: 'id' } });
  });
});

void describe('the loopback listener', () => {
  void it('ignores other paths and methods, refuses a wrong state, takes one valid callback, then is closed', async () => {
    const lb = await openLoopbackRedirect({ path: '/cb', expectedState: 'good-state' });
    const base = new URL(lb.redirectUri);
    assert.equal(base.hostname, '127.0.0.1');
    assert.equal((await fetch(new URL('/favicon.ico', base))).status, 404);
    assert.equal((await fetch(new URL('/cb/extra?code=x&state=good-state', base))).status, 404);
    assert.equal((await fetch(`${lb.redirectUri}?code=x&state=good-state`, { method: 'POST' })).status, 404);
    const wrong = await fetch(`${lb.redirectUri}?code=stolen&state=other`);
    assert.equal(wrong.status, 400);
    assert.equal((await fetch(`${lb.redirectUri}?state=good-state`)).status, 400, 'no code: still waiting');
    const ok = await fetch(`${lb.redirectUri}?code=the-code&state=good-state`);
    assert.equal(ok.status, 200);
    const html = await ok.text();
    assert.doesNotMatch(html, /<script|src=|href=/i, 'self-contained, no script');
    assert.match(ok.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.deepEqual(await lb.result, { code: 'the-code', state: 'good-state' });
    await assert.rejects(fetch(`${lb.redirectUri}?code=again&state=good-state`), 'closed after the callback');
  });

  void it('times out naming the URL it waited on', async () => {
    const lb = await openLoopbackRedirect({ timeoutMs: 200 });
    await assert.rejects(lb.result, (e: unknown) => {
      assert.ok(e instanceof HostedUiError);
      assert.equal(e.explanation.id, OAUTH_CALLBACK_TIMEOUT_ID);
      assert.ok(e.message.includes(lb.redirectUri), e.message);
      return true;
    });
  });

  void it('a wrong state followed by nothing: the timeout says state mismatch', async () => {
    // The timer must not fire before the wrong-state request is answered: generous for a loaded machine.
    const lb = await openLoopbackRedirect({ timeoutMs: 3000, expectedState: 's1' });
    await fetch(`${lb.redirectUri}?code=c&state=s2`);
    await assert.rejects(lb.result, (e: unknown) => e instanceof HostedUiError && e.explanation.id === OAUTH_STATE_MISMATCH_ID);
  });

  void it('an error redirect (access_denied) rejects with its catalog entry', async () => {
    const lb = await openLoopbackRedirect({ expectedState: 's' });
    const res = await fetch(`${lb.redirectUri}?error=access_denied&error_description=cancelled&state=s`);
    assert.equal(res.status, 400);
    await assert.rejects(lb.result, (e: unknown) => e instanceof HostedUiError && e.explanation.id === 'oauth/access_denied');
  });

  void it('abort and close end the wait', async () => {
    const ac = new AbortController();
    const lb = await openLoopbackRedirect({ signal: ac.signal });
    ac.abort();
    await assert.rejects(lb.result, { name: 'AbortError' });
    const lb2 = await openLoopbackRedirect({});
    lb2.close();
    await assert.rejects(lb2.result, { name: 'AbortError' });
    await assert.rejects(fetch(lb2.redirectUri));
  });

  void it('a fixed port in use is explained', async () => {
    const lb = await openLoopbackRedirect({});
    const port = Number(new URL(lb.redirectUri).port);
    await assert.rejects(openLoopbackRedirect({ port }), (e: unknown) => e instanceof HostedUiError && e.explanation.id === OAUTH_PORT_IN_USE_ID);
    lb.close();
  });
});

void describe('managed login against the sandbox', () => {
  let sandbox: SandboxHandle;
  let port: number;
  let redirectUri: string;
  let other: Server;
  let otherOrigin: string;

  before(async () => {
    port = await freePort();
    redirectUri = `http://127.0.0.1:${port}/callback`;
    sandbox = await startSandbox({ config: authConfig([redirectUri]) });
    // Not a token endpoint: an HTML page, and a redirect elsewhere.
    other = createServer((req, res) => {
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { Location: `${sandbox.endpoint}/oauth2/token` }).end();
      } else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome</body></html>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sandbox.close();
    await new Promise<void>((r) => other.close(() => r()));
  });

  const hosted = (extra: Partial<HostedUiTarget> = {}): HostedUiTarget => ({
    region: 'us-east-1',
    userPoolId: POOL,
    clientId: CLIENTS.hosted,
    endpoint: sandbox.endpoint,
    domain: sandbox.endpoint,
    scopes: HOSTED_SCOPES,
    ...extra,
  });

  void it('signs in through the browser: a TokenEndpoint session on the managed-login domain, which refreshes there', async () => {
    let shown = '';
    const step = await signInWithHostedUi(hosted(), {
      port,
      openBrowser: async (url, uri) => {
        shown = uri;
        const page = await browser(url, USERS.plain.email, USERS.plain.password);
        assert.equal(page.status, 200);
      },
    });
    assert.equal(shown, redirectUri, 'the callback URL is known before the browser opens');
    const record = done(step);
    assert.equal(record.session.refreshMethod, 'TokenEndpoint');
    assert.equal(record.session.oauthDomain, new URL(sandbox.endpoint).origin);
    assert.equal(record.session.oauthClientAuth, undefined, 'no secret, no client auth method');
    assert.equal(record.session.username, USERS.plain.sub);
    assert.equal(jwtClaims(record.secrets.accessToken!)['client_id'], CLIENTS.hosted);
    const refreshed = await postTokenEndpoint(record.session.oauthDomain!, { grant_type: 'refresh_token', client_id: CLIENTS.hosted, refresh_token: record.secrets.refreshToken }, {});
    assert.equal(refreshed.ok, true);
  });

  for (const clientAuth of ['client_secret_basic', 'client_secret_post'] as const) {
    void it(`a secret client with ${clientAuth}`, async () => {
      const t = hosted({ clientId: CLIENTS.hostedSecret, clientSecret: SECRET, clientAuth });
      const step = await signInWithHostedUi(t, { port, openBrowser: async (url) => void (await browser(url, USERS.plain.email, USERS.plain.password)) });
      const record = done(step);
      assert.equal(record.session.oauthClientAuth, clientAuth);
      assert.equal(record.secrets.clientSecret, SECRET);
    });
  }

  void it('a wrong secret is invalid_client; a reused code and a wrong verifier are invalid_grant', async () => {
    const lb = await openLoopbackRedirect({ port });
    let code: string;
    let req: ReturnType<typeof buildAuthorizeUrl>;
    try {
      req = buildAuthorizeUrl(hosted({ clientId: CLIENTS.hostedSecret }), lb.redirectUri);
      lb.expectState(req.state);
      await browser(req.url, USERS.plain.email, USERS.plain.password);
      code = (await lb.result).code;
    } finally {
      lb.close();
    }

    const badSecret = await exchangeCode(hosted({ clientId: CLIENTS.hostedSecret, clientSecret: 'wrong' }), { code, redirectUri: lb.redirectUri, codeVerifier: req.codeVerifier });
    assert.equal(badSecret.kind === 'failed' && badSecret.explanation.id, 'oauth/invalid_client');
    const badVerifier = await exchangeCode(hosted({ clientId: CLIENTS.hostedSecret, clientSecret: SECRET }), { code, redirectUri: lb.redirectUri, codeVerifier: createCodeVerifier() });
    assert.equal(badVerifier.kind === 'failed' && badVerifier.explanation.id, 'oauth/invalid_grant');
    assert.ok(badVerifier.kind === 'failed' && badVerifier.error.httpStatus === 400);
    const good = await exchangeCode(hosted({ clientId: CLIENTS.hostedSecret, clientSecret: SECRET }), { code, redirectUri: lb.redirectUri, codeVerifier: req.codeVerifier });
    // The sandbox may already have spent the code on the failed attempts (Cognito does on a wrong verifier); either way a second use is refused.
    const again = await exchangeCode(hosted({ clientId: CLIENTS.hostedSecret, clientSecret: SECRET }), { code, redirectUri: lb.redirectUri, codeVerifier: req.codeVerifier });
    assert.equal(again.kind === 'failed' && again.explanation.id, 'oauth/invalid_grant', `reuse after ${good.kind}`);
  });

  void it('a domain that is not a token endpoint, or redirects elsewhere, is explained and not followed', async () => {
    const page = await exchangeCode(hosted({ domain: otherOrigin }), { code: 'c', redirectUri, codeVerifier: createCodeVerifier() });
    assert.equal(page.kind === 'failed' && page.explanation.id, OAUTH_NOT_TOKEN_RESPONSE_ID);
    const answer = await postTokenEndpoint(otherOrigin, { grant_type: 'refresh_token' }, {}, (url, init) => fetch(new URL('/redirect', String(url)), init));
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.catalogId, OAUTH_NOT_TOKEN_RESPONSE_ID);
    assert.equal(!answer.ok && answer.error.httpStatus, 302);
  });

  void it('cancelled while the browser is open: cancelled, the listener closed', async () => {
    const ac = new AbortController();
    let uri = '';
    const step = await signInWithHostedUi(hosted(), { port, signal: ac.signal, openBrowser: (_url, r) => { uri = r; ac.abort(); } });
    assert.deepEqual(step, { kind: 'cancelled' });
    await assert.rejects(fetch(uri));
  });

  void it('discovers the domain from the pool\'s OpenID configuration', async () => {
    assert.equal(await discoverHostedUiDomain(`${sandbox.endpoint}/${POOL}`), new URL(sandbox.endpoint).origin);
    assert.equal(await discoverHostedUiDomain(`${sandbox.endpoint}/${POOL}/`), new URL(sandbox.endpoint).origin);
    assert.equal(await discoverHostedUiDomain(`${sandbox.endpoint}/us-east-1_Missing1`), undefined);
    assert.equal(await discoverHostedUiDomain('http://example.com/pool'), undefined, 'http only on loopback');
  });
});
