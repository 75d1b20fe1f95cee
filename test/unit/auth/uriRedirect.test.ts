// Managed login's redirect through the editor's URI handler, the pure part (src/core/auth/redirect.ts,
// uriRedirects.ts): reading a callback's query, the one-shot waiter (state checked, timeout naming
// the URL, abort), the URI handler's registry (one sign-in at a time, only the callback path), and
// a whole sign-in against the sandbox's real /oauth2 endpoints with a vscode:// callback URL that the
// app client lists: the login form's redirect goes to that URI, is delivered as the handler would,
// and its code is exchanged (PKCE) by the same exchangeCode as the loopback path.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import {
  buildAuthorizeUrl,
  createRedirectWaiter,
  exchangeCode,
  HostedUiError,
  postTokenEndpoint,
  readCallback,
  uriCallback,
  UriRedirects,
  type HostedUiTarget,
} from '../../../src/core/auth';
import { OAUTH_CALLBACK_TIMEOUT_ID, OAUTH_STATE_MISMATCH_ID } from '../../../src/core/errors/catalog';
import { authConfig, CLIENTS, HOSTED_SCOPES, POOL, USERS } from './fixtures';

const EXT = 'cognito-token-debugger.cognito-token-debugger';
const CALLBACK = `vscode://${EXT}/callback`;

const q = (s: string) => new URLSearchParams(s);

void describe('reading a callback', () => {
  void it('a code with the expected state', () => {
    assert.deepEqual(readCallback(q('code=abc&state=s1'), 's1'), { kind: 'code', code: 'abc', state: 's1' });
  });

  void it('another state is refused, even with an error in it', () => {
    assert.equal(readCallback(q('code=abc&state=s2'), 's1').kind, 'wrong-state');
    assert.equal(readCallback(q('code=abc'), 's1').kind, 'wrong-state');
    assert.equal(readCallback(q('error=access_denied&state=evil'), 's1').kind, 'wrong-state');
  });

  void it('an error with the right state carries its catalog entry, its description bounded', () => {
    const r = readCallback(q(`error=access_denied&error_description=${'x'.repeat(2000)}&state=s1`), 's1');
    assert.equal(r.kind, 'error');
    if (r.kind !== 'error') return;
    assert.equal(r.error.explanation.id, 'oauth/access_denied');
    assert.ok((r.error.info.message ?? '').length <= 500);
  });

  void it('neither code nor error', () => {
    assert.equal(readCallback(q('state=s1'), 's1').kind, 'no-code');
    assert.equal(readCallback(q('code=&state=s1'), 's1').kind, 'no-code');
  });
});

void describe('the redirect waiter', () => {
  void it('takes the first code with the right state, then is closed', async () => {
    const w = createRedirectWaiter({ redirectUri: CALLBACK, expectedState: 's1' });
    assert.equal(w.deliver(q('code=stolen&state=other')).kind, 'wrong-state');
    assert.equal(w.settled, false);
    assert.equal(w.deliver(q('code=c1&state=s1')).kind, 'code');
    assert.deepEqual(await w.result, { code: 'c1', state: 's1' });
    assert.equal(w.deliver(q('code=c2&state=s1')).kind, 'closed', 'one-shot');
  });

  void it('times out naming the URL it waited for', async () => {
    const w = createRedirectWaiter({ redirectUri: CALLBACK, timeoutMs: 100 });
    await assert.rejects(w.result, (e: unknown) => e instanceof HostedUiError && e.explanation.id === OAUTH_CALLBACK_TIMEOUT_ID && e.message.includes(CALLBACK));
  });

  void it('a wrong state followed by nothing: the timeout says state mismatch', async () => {
    const w = createRedirectWaiter({ redirectUri: CALLBACK, timeoutMs: 100, expectedState: 's1' });
    w.deliver(q('code=x&state=s2'));
    await assert.rejects(w.result, (e: unknown) => e instanceof HostedUiError && e.explanation.id === OAUTH_STATE_MISMATCH_ID);
  });

  void it('single delivery (VS Code for the Web): a wrong state or a redirect without a code ends the wait at once', async () => {
    const w = createRedirectWaiter({ redirectUri: CALLBACK, expectedState: 's1', singleDelivery: true, timeoutMs: 60_000 });
    assert.equal(w.deliver(q('code=x&state=forged')).kind, 'wrong-state');
    assert.equal(w.settled, true);
    await assert.rejects(w.result, (e: unknown) => e instanceof HostedUiError && e.explanation.id === OAUTH_STATE_MISMATCH_ID && e.message.includes(CALLBACK));
    const w2 = createRedirectWaiter({ redirectUri: CALLBACK, expectedState: 's1', singleDelivery: true, timeoutMs: 60_000 });
    assert.equal(w2.deliver(q('state=s1')).kind, 'no-code');
    await assert.rejects(w2.result, (e: unknown) => e instanceof HostedUiError && e.message.includes('no authorization code'));
  });

  void it('abort and close end the wait; an aborted signal refuses to start', async () => {
    const ac = new AbortController();
    const w = createRedirectWaiter({ redirectUri: CALLBACK, signal: ac.signal });
    ac.abort();
    await assert.rejects(w.result, { name: 'AbortError' });
    const w2 = createRedirectWaiter({ redirectUri: CALLBACK });
    w2.close();
    await assert.rejects(w2.result, { name: 'AbortError' });
    assert.equal(w2.deliver(q('code=c')).kind, 'closed');
    assert.throws(() => createRedirectWaiter({ redirectUri: CALLBACK, signal: ac.signal }), { name: 'AbortError' });
  });
});

void describe('the URI handler registry', () => {
  void it('the callback URI: <scheme>://<publisher.name>/callback', () => {
    assert.equal(uriCallback('vscode', EXT), CALLBACK);
    assert.equal(uriCallback('code-oss', 'Cognito-Token-Debugger.cognito-token-debugger'), `code-oss://${EXT}/callback`);
    assert.throws(() => uriCallback('vs code', EXT));
    assert.throws(() => uriCallback('vscode', 'no-dot'));
  });

  void it('only the callback path, only while a sign-in waits, only with its state; one-shot', async () => {
    const r = new UriRedirects();
    assert.equal(r.deliver({ path: '/callback', query: 'code=c&state=s' }).kind, 'no-sign-in');
    const w = r.begin({ redirectUri: CALLBACK });
    w.expectState('s');
    assert.equal(r.waiting, true);
    assert.equal(r.deliver({ path: '/other', query: 'code=c&state=s' }).kind, 'other-path');
    assert.equal(r.deliver({ path: '/callback', query: 'code=c&state=forged' }).kind, 'wrong-state');
    assert.equal(r.deliver({ path: '/callback', query: 'code=c&state=s' }).kind, 'code');
    assert.deepEqual(await w.result, { code: 'c', state: 's' });
    assert.equal(r.waiting, false, 'nothing left waiting');
    assert.equal(r.deliver({ path: '/callback', query: 'code=c&state=s' }).kind, 'no-sign-in');
  });

  void it('a new sign-in ends the one still waiting; a cancelled one leaves nothing waiting', async () => {
    const r = new UriRedirects();
    const first = r.begin({ redirectUri: CALLBACK });
    const second = r.begin({ redirectUri: CALLBACK });
    await assert.rejects(first.result, { name: 'AbortError' });
    assert.equal(r.waiting, true);
    second.close();
    await assert.rejects(second.result, { name: 'AbortError' });
    assert.equal(r.waiting, false);
  });
});

/** A browser, played with fetch: authorize -> /login -> POST credentials; returns where the login sends it (not followed: a vscode:// URI). */
async function loginRedirect(authorizeUrl: string, username: string, password: string): Promise<string> {
  const first = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(first.status, 302, `authorize redirects to the login page: ${await first.text()}`);
  const loginUrl = new URL(first.headers.get('location') ?? '', authorizeUrl);
  const html = await (await fetch(loginUrl)).text();
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  assert.ok(action, 'a login form');
  const posted = await fetch(new URL(action.replaceAll('&amp;', '&').replaceAll('&#38;', '&'), loginUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
    redirect: 'manual',
  });
  assert.equal(posted.status, 302, 'the login redirects to the callback');
  return posted.headers.get('location') ?? '';
}

void describe('managed login through a vscode:// callback against the sandbox', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await startSandbox({ config: authConfig([CALLBACK]) });
  });
  after(async () => {
    await sandbox.close();
  });
  const hosted = (): HostedUiTarget => ({ region: 'us-east-1', userPoolId: POOL, clientId: CLIENTS.hosted, endpoint: sandbox.endpoint, domain: sandbox.endpoint, scopes: HOSTED_SCOPES });

  void it('the login redirects to the vscode:// URI; delivered to the handler, its code is exchanged and the session refreshes', async () => {
    const r = new UriRedirects();
    const w = r.begin({ redirectUri: CALLBACK, timeoutMs: 60_000 });
    const request = buildAuthorizeUrl(hosted(), CALLBACK);
    w.expectState(request.state);
    const location = new URL(await loginRedirect(request.url, USERS.plain.email, USERS.plain.password));
    assert.equal(`${location.protocol}//${location.host}${location.pathname}`, CALLBACK);
    // A forged link first (another state): refused, the wait goes on.
    assert.equal(r.deliver({ path: location.pathname, query: `code=${location.searchParams.get('code') ?? ''}&state=forged` }).kind, 'wrong-state');
    assert.equal(r.deliver({ path: location.pathname, query: location.search.slice(1) }).kind, 'code');
    const { code } = await w.result;
    const step = await exchangeCode(hosted(), { code, redirectUri: CALLBACK, codeVerifier: request.codeVerifier });
    assert.equal(step.kind, 'done', step.kind === 'failed' ? step.explanation.id : step.kind);
    if (step.kind !== 'done') return;
    assert.equal(step.record.session.refreshMethod, 'TokenEndpoint');
    const refreshed = await postTokenEndpoint(step.record.session.oauthDomain!, { grant_type: 'refresh_token', client_id: CLIENTS.hosted, refresh_token: step.record.secrets.refreshToken }, {});
    assert.equal(refreshed.ok, true);
  });

  void it('a redirect URI the client does not list is refused by the sandbox (no redirect)', async () => {
    const request = buildAuthorizeUrl(hosted(), `vscode-insiders://${EXT}/callback`);
    const res = await fetch(request.url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
  });
});
