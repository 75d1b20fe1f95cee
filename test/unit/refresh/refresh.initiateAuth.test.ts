// InitiateAuth REFRESH_TOKEN_AUTH (the older path, SECRET_HASH) and RevokeToken.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogId } from '../../../src/core/errors';
import { fingerprint } from '../../../src/core/sessions';
import { startHarness, type Harness } from './harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('refresh with InitiateAuth REFRESH_TOKEN_AUTH', () => {

  it('public client: new ID/access tokens, the refresh token kept', async () => {
    const before = await h.newSession('no-rotation', { refreshMethod: 'InitiateAuth' });
    const callsBefore = { ia: h.calls('InitiateAuth'), gt: h.calls('GetTokensFromRefreshToken') };
    const outcome = await h.service().refresh(before.session.id);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.operation, 'InitiateAuth');
    assert.equal(outcome.rotated, false);
    assert.equal(h.calls('InitiateAuth') - callsBefore.ia, 1);
    assert.equal(h.calls('GetTokensFromRefreshToken') - callsBefore.gt, 0);
    const stored = await h.load(before.session.id);
    assert.equal(stored.secrets.refreshToken, before.secrets.refreshToken);
    assert.notEqual(stored.secrets.idToken, before.secrets.idToken);
    assert.equal(stored.history[0]?.operation, 'InitiateAuth');
  });

  it('client with a secret: SECRET_HASH over the internal username (the sub) from the ID token', async () => {
    const before = await h.newSession('confidential-with-secret', { refreshMethod: 'InitiateAuth' });
    // The pool signs in by email; cognito:username is the sub, and that is what the hash needs.
    assert.notEqual(before.session.username, h.sandbox.info.user.username);
    assert.match(before.session.username ?? '', /^[0-9a-f-]{36}$/);
    const outcome = await h.service().refresh(before.session.id);
    assert.ok(outcome.ok, JSON.stringify(outcome));
  });

  it('the username is read from the stored ID token when the session has none', async () => {
    const before = await h.newSession('confidential-with-secret', { refreshMethod: 'InitiateAuth' });
    await h.store.updateSettings(before.session.id, { username: null, at: new Date().toISOString() });
    assert.ok((await h.service().refresh(before.session.id)).ok);
  });

  it('the sign-in email as username: the secret hash error, explained', async () => {
    const before = await h.newSession('confidential-with-secret', { refreshMethod: 'InitiateAuth', username: h.sandbox.info.user.username });
    const outcome = await h.service().refresh(before.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
    assert.equal(outcome.error.name, 'NotAuthorizedException');
    assert.equal(catalogId(outcome.error), 'NotAuthorizedException/secret-hash-mismatch');
    assert.equal(outcome.explanation.id, 'NotAuthorizedException/secret-hash-mismatch');
  });

  it('no username at all: nothing is sent, and the precondition is explained', async () => {
    const before = await h.newSession('confidential-with-secret', { refreshMethod: 'InitiateAuth' });
    await h.store.updateSettings(before.session.id, { username: null, at: new Date().toISOString() });
    const loaded = await h.load(before.session.id);
    const { idToken: _dropped, ...secrets } = loaded.secrets;
    await h.store.put({ ...loaded, secrets });
    const callsBefore = h.calls('InitiateAuth');
    const outcome = await h.service().refresh(before.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'precondition', JSON.stringify(outcome));
    assert.equal(catalogId(outcome.error), 'client/missing-username');
    assert.equal(h.calls('InitiateAuth'), callsBefore);
  });

  it('rotating client: REFRESH_TOKEN_AUTH is refused, and the reason is recognised', async () => {
    const before = await h.newSession('rotating-grace-10s', { refreshMethod: 'InitiateAuth' });
    const outcome = await h.service().refresh(before.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
    assert.match(catalogId(outcome.error), /refresh-token-auth-not-allowed$/);
  });

  it('a per-call method override wins over the session setting', async () => {
    const before = await h.newSession('no-rotation', { refreshMethod: 'GetTokensFromRefreshToken' });
    const outcome = await h.service().refresh(before.session.id, { method: 'InitiateAuth' });
    assert.ok(outcome.ok && outcome.operation === 'InitiateAuth');
  });
});

describe('revoke', () => {

  for (const client of ['rotating-grace-10s', 'confidential-with-secret'] as const) {
    it(`${client}: revoke, then refresh fails with "Refresh Token has been revoked"`, async () => {
      const { session, secrets } = await h.newSession(client);
      const service = h.service();
      const revoked = await service.revoke(session.id);
      assert.ok(revoked.ok, JSON.stringify(revoked));
      let stored = await h.load(session.id);
      assert.deepEqual(
        stored.history.map((e) => [e.operation, e.outcome, e.oldFingerprint]),
        [['RevokeToken', 'success', fingerprint(secrets.refreshToken)]],
      );

      const outcome = await service.refresh(session.id);
      assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
      assert.equal(outcome.error.name, 'NotAuthorizedException');
      assert.equal(catalogId(outcome.error), 'NotAuthorizedException/refresh-token-revoked');
      stored = await h.load(session.id);
      assert.equal(stored.lastError?.name, 'NotAuthorizedException');
    });
  }

  it('revoke waits for a refresh in flight and revokes the rotated token', async () => {
    const { session } = await h.newSession('rotating-no-grace');
    const service = h.service();
    const [refreshed, revoked] = await Promise.all([service.refresh(session.id), service.revoke(session.id)]);
    assert.ok(refreshed.ok && revoked.ok);
    const stored = await h.load(session.id);
    assert.deepEqual(stored.history.map((e) => e.operation), ['GetTokensFromRefreshToken', 'RevokeToken']);
    assert.equal(stored.history[1]?.oldFingerprint, refreshed.refreshTokenFingerprint);
  });

  it('RevokeAssociatedSessions: LINKED is sent on the wire and noted in the history; NONE (the default) is not sent', async () => {
    const linked = await h.newSession('rotating-grace-10s');
    const plain = await h.newSession('rotating-grace-10s');
    const service = h.service();
    const seen = h.sandbox.calls('RevokeToken').length;
    assert.ok((await service.revoke(linked.session.id, { associated: 'LINKED' })).ok);
    assert.ok((await service.revoke(plain.session.id, { associated: 'NONE' })).ok);
    const calls = h.sandbox.calls('RevokeToken').slice(seen);
    assert.deepEqual(calls.map((c) => c.revokeAssociatedSessions), ['LINKED', undefined]);
    assert.deepEqual((await h.load(linked.session.id)).history.at(-1)?.notes, ['revoke-linked']);
    assert.equal((await h.load(plain.session.id)).history.at(-1)?.notes, undefined);
    // Either way the refresh token is revoked.
    const outcome = await service.refresh(linked.session.id);
    assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
    assert.equal(catalogId(outcome.error), 'NotAuthorizedException/refresh-token-revoked');
  });

  it('a revoke error is a value with history', async () => {
    const { session } = await h.newSession('no-rotation');
    h.sandbox.injectFault({ operation: 'RevokeToken', error: { name: 'UnsupportedOperationException', message: 'Token revocation is not enabled.' } });
    const revoked = await h.service().revoke(session.id);
    assert.ok(!revoked.ok && revoked.reason === 'cognito');
    assert.equal(revoked.error.name, 'UnsupportedOperationException');
    const stored = await h.load(session.id);
    assert.equal(stored.history.at(-1)?.errorName, 'UnsupportedOperationException');
    assert.equal(stored.lastError?.operation, 'RevokeToken');
  });
});

describe('signInWithPassword', () => {
  it('stores a new session through the service, without the password', async () => {
    const service = h.service();
    const c = h.sandbox.info.clients.find((x) => x.name === 'confidential-with-secret');
    assert.ok(c?.clientSecret);
    const outcome = await service.signInWithPassword({
      label: 'demo',
      region: h.sandbox.info.region,
      userPoolId: h.sandbox.info.userPoolId,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      endpoint: h.sandbox.endpoint,
      username: h.sandbox.info.user.username,
      password: h.sandbox.info.user.password,
    });
    assert.ok(outcome.ok);
    const stored = await h.load(outcome.record.session.id);
    assert.match(stored.session.username ?? '', /^[0-9a-f-]{36}$/, 'the internal username, from the ID token');
    const raw = [...h.store.raw.values.values()].join('\n');
    assert.ok(!raw.includes(h.sandbox.info.user.password), 'the password is not stored');
    assert.ok((await service.refresh(stored.session.id)).ok);
  });

  it('a wrong password is a value, explained', async () => {
    const c = h.sandbox.info.clients.find((x) => x.name === 'no-rotation');
    assert.ok(c);
    const outcome = await h.service().signInWithPassword({
      label: 'demo',
      region: h.sandbox.info.region,
      userPoolId: h.sandbox.info.userPoolId,
      clientId: c.clientId,
      endpoint: h.sandbox.endpoint,
      username: h.sandbox.info.user.username,
      password: 'wrong-password',
    });
    assert.ok(!outcome.ok && outcome.reason === 'cognito');
    assert.equal(catalogId(outcome.error), 'NotAuthorizedException/incorrect-username-or-password');
    assert.ok(!JSON.stringify(outcome).includes('wrong-password'));
  });
});
