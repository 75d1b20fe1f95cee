// The third refresh method: the OAuth 2.0 token endpoint of the managed-login domain
// (POST <oauthDomain>/oauth2/token, grant_type=refresh_token), against the sandbox's real
// /oauth2/token and /oauth2/revoke over HTTP. fetch is the real one, wrapped only to see where
// each request went. Rotation, history, lease and grace as for GetTokensFromRefreshToken.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileCoordinator, RefreshService, type RefreshOutcome } from '../../../src/core/refresh';
import { fingerprint, KeyValueSessionStore, MapSecretBackend, type OAuthClientAuth, type SessionRecord, type SessionStore } from '../../../src/core/sessions';
import { startHarness, type DemoClient, type Harness } from './harness';

let h: Harness;
let domain: string;
/** Every URL the services' fetch was asked for, with the request's form and Authorization header. */
const seen: { url: string; form: URLSearchParams; authorization: string | undefined }[] = [];
const observedFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  seen.push({ url: String(input), form: new URLSearchParams(typeof init?.body === 'string' ? init.body : ''), authorization: headers.get('authorization') ?? undefined });
  return fetch(input, init);
};

before(async () => {
  h = await startHarness();
  domain = new URL(h.sandbox.endpoint).origin;
});
after(() => h.close());

async function tokenEndpointSession(client: DemoClient, extra: { oauthDomain?: string | undefined; oauthClientAuth?: OAuthClientAuth; store?: SessionStore } = {}): Promise<SessionRecord> {
  const rec = await h.newSession(client, { refreshMethod: 'TokenEndpoint' }, extra.store);
  const oauthDomain = 'oauthDomain' in extra ? extra.oauthDomain : domain;
  const session = { ...rec.session, ...(oauthDomain !== undefined ? { oauthDomain } : {}), ...(extra.oauthClientAuth ? { oauthClientAuth: extra.oauthClientAuth } : {}) };
  const record = { ...rec, session };
  await (extra.store ?? h.store).put(record);
  return record;
}

function service(): RefreshService {
  return h.service({ fetch: observedFetch });
}

describe('refresh through the token endpoint (grant_type=refresh_token)', () => {
  it('rotating client: new tokens, the rotated refresh token stored, history and learned rotation as for GetTokensFromRefreshToken', async () => {
    const rec = await tokenEndpointSession('rotating-no-grace');
    const s = service();
    const apiCalls = h.calls('GetTokensFromRefreshToken') + h.calls('InitiateAuth');
    seen.length = 0;
    const outcome = await s.refresh(rec.session.id);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.operation, 'TokenEndpoint');
    assert.equal(outcome.rotated, true);
    assert.deepEqual(seen.map((x) => x.url), [`${domain}/oauth2/token`]);
    assert.equal(seen[0]!.form.get('grant_type'), 'refresh_token');
    assert.equal(seen[0]!.form.get('client_id'), rec.session.clientId, 'a public client names itself in the body');
    assert.equal(h.calls('GetTokensFromRefreshToken') + h.calls('InitiateAuth'), apiCalls, 'no API operation used');

    const stored = await h.load(rec.session.id);
    assert.notEqual(stored.secrets.refreshToken, rec.secrets.refreshToken);
    assert.equal(fingerprint(stored.secrets.refreshToken), outcome.refreshTokenFingerprint);
    assert.notEqual(stored.secrets.accessToken, rec.secrets.accessToken);
    assert.equal(stored.session.observedRotation, true);
    assert.deepEqual(stored.history.map((e) => [e.operation, e.outcome, e.rotated, e.oldFingerprint]), [['TokenEndpoint', 'success', true, fingerprint(rec.secrets.refreshToken)]]);
    assert.equal(stored.history[0]?.newFingerprint, outcome.refreshTokenFingerprint);

    const next = await s.refresh(rec.session.id);
    assert.ok(next.ok, `the rotated token works: ${JSON.stringify(next)}`);
  });

  it('non-rotating client: the same refresh token stays', async () => {
    const rec = await tokenEndpointSession('no-rotation');
    const outcome = await service().refresh(rec.session.id);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.rotated, false);
    const stored = await h.load(rec.session.id);
    assert.equal(stored.secrets.refreshToken, rec.secrets.refreshToken);
    assert.equal(stored.session.observedRotation, false);
  });

  for (const auth of ['client_secret_basic', 'client_secret_post'] as const) {
    it(`client with a secret, ${auth}: authenticated as chosen`, async () => {
      const rec = await tokenEndpointSession('confidential-with-secret', { oauthClientAuth: auth });
      seen.length = 0;
      const outcome = await service().refresh(rec.session.id);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const req = seen[0]!;
      if (auth === 'client_secret_basic') {
        assert.ok(req.authorization?.startsWith('Basic '));
        assert.equal(req.form.get('client_secret'), null);
        assert.equal(Buffer.from(req.authorization!.slice(6), 'base64').toString(), `${rec.session.clientId}:${rec.secrets.clientSecret}`);
      } else {
        assert.equal(req.authorization, undefined);
        assert.equal(req.form.get('client_secret'), rec.secrets.clientSecret);
      }
    });
  }

  it('a wrong client secret: invalid_client, explained by the catalog entry oauth/invalid_client and stored as the last error', async () => {
    const rec = await tokenEndpointSession('confidential-with-secret');
    await h.store.updateSettings(rec.session.id, { clientSecret: 'not-the-secret', at: new Date().toISOString() });
    const outcome = await service().refresh(rec.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
    assert.equal(outcome.error.name, 'invalid_client');
    assert.equal(outcome.error.httpStatus, 401);
    assert.equal(outcome.explanation.id, 'oauth/invalid_client');
    const stored = await h.load(rec.session.id);
    assert.equal(stored.lastError?.catalogId, 'oauth/invalid_client');
    assert.equal(stored.history[0]?.errorName, 'invalid_client');
    assert.ok(!JSON.stringify(stored.history).includes('not-the-secret'));
  });

  it('revoke goes to <oauthDomain>/oauth2/revoke; the next refresh is invalid_grant (oauth/invalid_grant)', async () => {
    const rec = await tokenEndpointSession('rotating-grace-10s');
    const s = service();
    seen.length = 0;
    const revoked = await s.revoke(rec.session.id);
    assert.ok(revoked.ok, JSON.stringify(revoked));
    assert.deepEqual(seen.map((x) => x.url), [`${domain}/oauth2/revoke`]);
    assert.equal(seen[0]!.form.get('token'), rec.secrets.refreshToken);
    const outcome = await s.refresh(rec.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
    assert.equal(outcome.error.name, 'invalid_grant');
    assert.equal(outcome.explanation.id, 'oauth/invalid_grant');
    const stored = await h.load(rec.session.id);
    assert.deepEqual(stored.history.map((e) => [e.operation, e.outcome]), [['RevokeToken', 'success'], ['TokenEndpoint', 'error']]);
  });

  it('without a stored domain nothing is sent: a precondition with its own explanation', async () => {
    const rec = await tokenEndpointSession('no-rotation', { oauthDomain: undefined });
    seen.length = 0;
    const outcome = await service().refresh(rec.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'precondition', JSON.stringify(outcome));
    assert.equal(outcome.explanation.id, 'client/oauth-domain-missing');
    assert.equal(seen.length, 0);
  });

  it('the store refuses a domain that is not an origin (where the refresh token goes is only a stored origin)', async () => {
    const rec = await tokenEndpointSession('no-rotation');
    for (const bad of [`${domain}/oauth2`, `${domain}?next=https://elsewhere.example`, 'https://user:pw@evil.example', 'file:///etc/passwd']) {
      await assert.rejects(h.store.updateSettings(rec.session.id, { oauthDomain: bad, at: new Date().toISOString() }), /origin/);
    }
    assert.equal((await h.load(rec.session.id)).session.oauthDomain, domain);
  });

  it('an answer that is neither tokens nor an OAuth error: transport/oauth-not-token-response', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome to our app</body></html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const rec = await tokenEndpointSession('no-rotation', { oauthDomain: `http://127.0.0.1:${port}` });
      const outcome = await service().refresh(rec.session.id);
      assert.ok(!outcome.ok && outcome.reason === 'transport', JSON.stringify(outcome));
      assert.equal(outcome.explanation.id, 'transport/oauth-not-token-response');
      assert.equal(outcome.responseLost, false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a redirect from the domain is refused, not followed with the refresh token', async () => {
    let redirected = 0;
    const server: Server = createServer((_req, res) => {
      redirected++;
      res.writeHead(307, { Location: `${domain}/oauth2/token` }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const rec = await tokenEndpointSession('no-rotation', { oauthDomain: `http://127.0.0.1:${port}` });
      seen.length = 0;
      const outcome = await service().refresh(rec.session.id);
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      assert.equal(redirected, 1);
      const stored = await h.load(rec.session.id);
      assert.equal(stored.secrets.refreshToken, rec.secrets.refreshToken);
      assert.equal(stored.history.length, 1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a lost response with a 10 s grace period is retried once with the same token and ends with a working token', async () => {
    const rec = await tokenEndpointSession('rotating-grace-10s');
    const s = service();
    seen.length = 0;
    h.sandbox.injectFault({ operation: 'OAuthToken', drop: 'after-processing' });
    const outcome = await s.refresh(rec.session.id);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.retry, 'within-grace');
    assert.equal(seen.length, 2);
    assert.equal(seen[0]!.form.get('refresh_token'), seen[1]!.form.get('refresh_token'));
    const stored = await h.load(rec.session.id);
    assert.deepEqual(stored.history.map((e) => [e.operation, e.outcome, e.notes ?? []]), [
      ['TokenEndpoint', 'error', ['response-lost']],
      ['TokenEndpoint', 'success', ['retry-within-grace']],
    ]);
    const next = await s.refresh(rec.session.id);
    assert.ok(next.ok, JSON.stringify(next));
  });

  it('a lost response without grace is not re-sent (it could only be reuse): retryWithheld, the error stored', async () => {
    const rec = await tokenEndpointSession('rotating-no-grace');
    seen.length = 0;
    h.sandbox.injectFault({ operation: 'OAuthToken', drop: 'after-processing' });
    const outcome = await service().refresh(rec.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'transport', JSON.stringify(outcome));
    assert.equal(outcome.responseLost, true);
    assert.equal(outcome.retryWithheld, true);
    assert.equal(seen.length, 1, 'sent once');
    assert.ok((await h.load(rec.session.id)).lastError);
  });

  it('two windows at once on a rotating client without grace: the lease makes the second send the first one\'s new token; the stored token works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctd-oauth-windows-'));
    try {
      for (let trial = 0; trial < 5; trial++) {
        const backend = new MapSecretBackend();
        const make = () => h.service({ store: new KeyValueSessionStore(backend), coordinator: new FileCoordinator(dir), fetch: observedFetch });
        const [a, b] = [make(), make()];
        const store = new KeyValueSessionStore(backend);
        const rec = await tokenEndpointSession('rotating-no-grace', { store });
        const outcomes: RefreshOutcome[] = await Promise.all([a.refresh(rec.session.id), b.refresh(rec.session.id)]);
        for (const o of outcomes) assert.ok(o.ok, `trial ${trial}: ${JSON.stringify(o)}`);
        const loaded = await store.load(rec.session.id);
        assert.ok(loaded.kind === 'found');
        const [first, second] = loaded.record.history;
        assert.notEqual(first?.oldFingerprint, second?.oldFingerprint, 'one token never sent twice');
        const check = await a.refresh(rec.session.id);
        assert.ok(check.ok, `trial ${trial}: the stored token works: ${JSON.stringify(check)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
