// GetTokensFromRefreshToken against the sandbox: success on each kind of app
// client, single flight, history, cancellation.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RefreshOutcome, RefreshSuccess } from '../../../src/core/refresh';
import { fingerprint, type SessionRecord } from '../../../src/core/sessions';
import { startHarness, type Harness } from './harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

function assertOk(outcome: RefreshOutcome): asserts outcome is RefreshSuccess {
  assert.equal(outcome.ok, true, JSON.stringify(outcome));
}

/** Every token and secret of a record, to check that none leaks into outcomes or history. */
function secretsOf(record: SessionRecord): string[] {
  const { refreshToken, idToken, accessToken, clientSecret } = record.secrets;
  return [refreshToken, idToken, accessToken, clientSecret].filter((s): s is string => typeof s === 'string');
}

describe('refresh with GetTokensFromRefreshToken against the sandbox', () => {

  it('rotating client: a new refresh token comes back and is stored', async () => {
    const before = await h.newSession('rotating-grace-10s');
    const outcome = await h.service().refresh(before.session.id);
    assertOk(outcome);
    assert.equal(outcome.operation, 'GetTokensFromRefreshToken');
    assert.equal(outcome.rotated, true);
    assert.equal(outcome.attempts, 1);
    assert.equal(outcome.fellBack, false);
    assert.equal(outcome.session.observedRotation, true);

    const stored = await h.load(before.session.id);
    assert.notEqual(stored.secrets.refreshToken, before.secrets.refreshToken);
    assert.notEqual(stored.secrets.accessToken, before.secrets.accessToken);
    assert.equal(outcome.refreshTokenFingerprint, fingerprint(stored.secrets.refreshToken));
    assert.equal(stored.lastError, undefined);

    const [event] = stored.history;
    assert.equal(stored.history.length, 1);
    assert.deepEqual(
      { operation: event?.operation, outcome: event?.outcome, rotated: event?.rotated, old: event?.oldFingerprint, new: event?.newFingerprint },
      {
        operation: 'GetTokensFromRefreshToken',
        outcome: 'success',
        rotated: true,
        old: fingerprint(before.secrets.refreshToken),
        new: fingerprint(stored.secrets.refreshToken),
      },
    );

    // Fingerprints and outcomes never carry a token.
    const visible = JSON.stringify({ outcome, history: stored.history, session: stored.session });
    for (const secret of [...secretsOf(before), ...secretsOf(stored)]) assert.ok(!visible.includes(secret), 'a token leaked');
    for (const fp of [event?.oldFingerprint, event?.newFingerprint]) {
      assert.match(fp ?? '', /^[0-9a-f]{8}$/);
      for (const secret of [...secretsOf(before), ...secretsOf(stored)]) assert.ok(!secret.includes(fp ?? ''));
    }
  });

  it('non-rotating client: the same refresh token is kept, new ID/access tokens stored', async () => {
    const before = await h.newSession('no-rotation');
    const outcome = await h.service().refresh(before.session.id);
    assertOk(outcome);
    assert.equal(outcome.rotated, false);
    assert.equal(outcome.session.observedRotation, false);
    const stored = await h.load(before.session.id);
    assert.equal(stored.secrets.refreshToken, before.secrets.refreshToken);
    assert.notEqual(stored.secrets.accessToken, before.secrets.accessToken);
    assert.equal(stored.history[0]?.newFingerprint, undefined);
  });

  it('client with a secret: the raw ClientSecret is sent', async () => {
    const before = await h.newSession('confidential-with-secret');
    const outcome = await h.service().refresh(before.session.id);
    assertOk(outcome);
    assert.equal(outcome.operation, 'GetTokensFromRefreshToken');
  });

  it('client with a secret but no secret stored: Cognito refuses, and the outcome explains it', async () => {
    const before = await h.newSession('confidential-with-secret');
    await h.store.updateSettings(before.session.id, { clientSecret: null, at: new Date().toISOString() });
    const outcome = await h.service().refresh(before.session.id);
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.reason === 'cognito');
    assert.equal(outcome.error.name, 'NotAuthorizedException');
    const stored = await h.load(before.session.id);
    assert.equal(stored.lastError?.name, 'NotAuthorizedException');
    assert.equal(stored.lastError?.operation, 'GetTokensFromRefreshToken');
  });

  it('rotating client, sequential refreshes: each uses the token the previous one stored', async () => {
    for (const client of ['rotating-grace-10s', 'rotating-no-grace'] as const) {
      const { session } = await h.newSession(client);
      const service = h.service();
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const outcome = await service.refresh(session.id);
        assertOk(outcome);
        assert.equal(outcome.rotated, true);
        seen.add(outcome.refreshTokenFingerprint);
      }
      assert.equal(seen.size, 5, `${client}: every refresh rotated to a new token`);
      const { history } = await h.load(session.id);
      for (let i = 1; i < history.length; i++) assert.equal(history[i]?.oldFingerprint, history[i - 1]?.newFingerprint);
    }
  });

  it('a session that does not exist or cannot be read is skipped without a call', async () => {
    const service = h.service();
    const callsBefore = h.calls('GetTokensFromRefreshToken');
    assert.deepEqual(await service.refresh('no-such-session'), { ok: false, reason: 'session-missing', sessionId: 'no-such-session' });
    const { session } = await h.newSession('no-rotation');
    h.store.raw.values.set(`cognitoTokenDebugger.session.${session.id}`, '{"format":"cognito-token-debugger/session","version":99}');
    const outcome = await service.refresh(session.id);
    assert.ok(!outcome.ok && outcome.reason === 'session-broken' && outcome.parseError.code === 'unsupported-version');
    assert.equal(h.calls('GetTokensFromRefreshToken'), callsBefore);
  });
});

describe('single flight', () => {

  it('50 concurrent refreshes of one session make one network call and share one outcome', async () => {
    const { session } = await h.newSession('rotating-no-grace');
    const service = h.service();
    const callsBefore = h.calls('GetTokensFromRefreshToken');
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => service.refresh(session.id)));
    assert.equal(h.calls('GetTokensFromRefreshToken') - callsBefore, 1);
    const first = outcomes[0];
    assert.ok(first);
    assertOk(first);
    for (const o of outcomes) assert.equal(o, first);
    assert.equal(service.isRefreshing(session.id), false);
    // With grace 0 a second call with the same token would have failed: the stored token is the new one.
    const next = await service.refresh(session.id);
    assertOk(next);
    assert.equal((await h.load(session.id)).history.length, 2);
  });

  it('different sessions refresh in parallel', async () => {
    const a = await h.newSession('rotating-grace-10s');
    const b = await h.newSession('rotating-grace-10s');
    const service = h.service();
    const callsBefore = h.calls('GetTokensFromRefreshToken');
    const [ra, rb] = await Promise.all([service.refresh(a.session.id), service.refresh(b.session.id)]);
    assert.equal(ra.ok && rb.ok, true);
    assert.equal(h.calls('GetTokensFromRefreshToken') - callsBefore, 2);
  });
});

describe('history bound', () => {

  it('keeps only the newest events', async () => {
    const { session } = await h.newSession('rotating-grace-10s');
    const service = h.service({ historyLimit: 3 });
    const fingerprints: string[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await service.refresh(session.id);
      assert.ok(o.ok);
      fingerprints.push(o.refreshTokenFingerprint);
    }
    const { history } = await h.load(session.id);
    assert.equal(history.length, 3);
    assert.deepEqual(history.map((e) => e.newFingerprint), fingerprints.slice(2));
  });

  it('times come from the injected clock', async () => {
    const { session } = await h.newSession('no-rotation');
    let t = Date.UTC(2030, 0, 1);
    const service = h.service({ now: () => (t += 7) });
    const o = await service.refresh(session.id);
    assert.ok(o.ok);
    assert.equal(o.latencyMs, 7);
    const { history, session: stored } = await h.load(session.id);
    assert.match(history[0]?.at ?? '', /^2030-01-01T00:00:00\.\d{3}Z$/);
    assert.match(stored.updatedAt, /^2030-01-01/);
  });
});

describe('cancellation', () => {

  it('an AbortSignal cancels a slow refresh', async () => {
    const { session, secrets } = await h.newSession('rotating-grace-10s');
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', latencyMs: 1_000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const outcome = await h.service().refresh(session.id, { signal: controller.signal });
    assert.ok(Date.now() - started < 800, 'returned before the sandbox answered');
    assert.ok(!outcome.ok && outcome.reason === 'cancelled', JSON.stringify(outcome));
    assert.equal(outcome.attempts, 1, 'a cancelled request is not retried');
    const stored = await h.load(session.id);
    assert.deepEqual(stored.history.at(-1)?.notes?.includes('cancelled'), true);
    assert.equal(stored.secrets.refreshToken, secrets.refreshToken);
    h.sandbox.clearFaults();
  });

  it('one caller giving up does not cancel the refresh for another', async () => {
    const { session } = await h.newSession('rotating-grace-10s');
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', latencyMs: 200 });
    const service = h.service();
    const controller = new AbortController();
    const quitter = service.refresh(session.id, { signal: controller.signal });
    const stayer = service.refresh(session.id);
    controller.abort();
    const [q, s] = await Promise.all([quitter, stayer]);
    assert.ok(!q.ok && q.reason === 'cancelled');
    assert.ok(s.ok && s.rotated, JSON.stringify(s));
  });

  it('an already aborted signal sends nothing', async () => {
    const { session } = await h.newSession('no-rotation');
    const callsBefore = h.calls('GetTokensFromRefreshToken');
    const outcome = await h.service().refresh(session.id, { signal: AbortSignal.abort() });
    assert.ok(!outcome.ok && outcome.reason === 'cancelled');
    assert.equal(h.calls('GetTokensFromRefreshToken'), callsBefore);
  });
});
