import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendBounded,
  BrokenSessionError,
  fingerprint,
  InMemorySessionStore,
  SessionNotFoundError,
  type HistoryEvent,
} from '../../../src/core/sessions';
import { REFRESH_TOKEN, sampleRecord } from './fixtures';

function event(i: number): HistoryEvent {
  return { at: new Date(Date.UTC(2025, 4, 1, 10, 0, i)).toISOString(), operation: 'GetTokensFromRefreshToken', outcome: 'success', rotated: false, oldFingerprint: String(i).padStart(8, '0'), latencyMs: i };
}

describe('InMemorySessionStore', () => {
  it('puts, loads, lists and deletes', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    await store.put(sampleRecord('b'));
    const loaded = await store.load('a');
    assert.equal(loaded.kind, 'found');
    assert.deepEqual(loaded.kind === 'found' ? loaded.record : undefined, { ...sampleRecord('a'), rev: 1 });
    assert.deepEqual((await store.list()).map((e) => (e.kind === 'ok' ? e.session.id : e.id)), ['a', 'b']);
    assert.equal(await store.delete('a'), true);
    assert.equal(await store.delete('a'), false);
    assert.equal((await store.load('a')).kind, 'missing');
    assert.deepEqual((await store.list()).map((e) => (e.kind === 'ok' ? e.session.id : e.id)), ['b']);
  });

  it('lists a corrupt entry as broken instead of failing the list', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('good'));
    await store.put(sampleRecord('bad'));
    store.raw.values.set('cognitoTokenDebugger.session.bad', '{"format":"cognito-token-debugger/session","version":1,"session":');
    const list = await store.list();
    assert.equal(list.length, 2);
    const bad = list.find((e) => e.kind === 'broken');
    assert.ok(bad && bad.kind === 'broken');
    assert.equal(bad.id, 'bad');
    assert.equal(bad.error.code, 'invalid-json');
    await assert.rejects(store.saveTokens('bad', { receivedAt: '2025-05-01T10:00:00Z' }), BrokenSessionError);
  });

  it('saveTokens replaces only tokens; a non-rotated update keeps the refresh token', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    await store.saveTokens('a', { idToken: 'id2', accessToken: 'acc2', expiresIn: 3600, receivedAt: '2025-05-01T11:00:00.000Z' });
    let loaded = await store.load('a');
    assert.ok(loaded.kind === 'found');
    assert.equal(loaded.record.secrets.refreshToken, REFRESH_TOKEN);
    assert.equal(loaded.record.secrets.idToken, 'id2');
    assert.equal(loaded.record.secrets.clientSecret, 'super-secret-value-123456');
    assert.equal(loaded.record.secrets.tokensReceivedAt, '2025-05-01T11:00:00.000Z');
    await store.saveTokens('a', { refreshToken: 'rotated', receivedAt: '2025-05-01T12:00:00.000Z' });
    loaded = await store.load('a');
    assert.ok(loaded.kind === 'found');
    assert.equal(loaded.record.secrets.refreshToken, 'rotated');
  });

  it('writes to a missing session reject with SessionNotFoundError', async () => {
    const store = new InMemorySessionStore();
    await assert.rejects(store.saveTokens('nope', { receivedAt: '2025-05-01T10:00:00Z' }), SessionNotFoundError);
    await assert.rejects(store.recordAttempts('nope', { events: [], historyLimit: 5, at: '2025-05-01T10:00:00Z' }), SessionNotFoundError);
  });

  it('recordAttempts bounds history, sets and clears lastError and learned settings', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    const at = '2025-05-01T10:05:00.000Z';
    await store.recordAttempts('a', {
      events: [event(1), event(2), event(3)],
      historyLimit: 4,
      lastError: { name: 'X', message: 'm', at, operation: 'InitiateAuth' },
      effectiveMethod: 'InitiateAuth',
      observedRotation: false,
      at,
    });
    await store.recordAttempts('a', { events: [event(4), event(5)], historyLimit: 4, at });
    let loaded = await store.load('a');
    assert.ok(loaded.kind === 'found');
    assert.deepEqual(loaded.record.history.map((e) => e.latencyMs), [2, 3, 4, 5]);
    assert.equal(loaded.record.lastError?.name, 'X', 'undefined leaves lastError');
    assert.equal(loaded.record.session.effectiveMethod, 'InitiateAuth');
    assert.equal(loaded.record.session.observedRotation, false);
    await store.recordAttempts('a', { events: [], historyLimit: 4, lastError: null, at });
    loaded = await store.load('a');
    assert.ok(loaded.kind === 'found');
    assert.equal(loaded.record.lastError, undefined);
  });

  it('updateSettings edits settings atomically; choosing a method forgets the fallback', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    const at = '2025-05-01T10:05:00.000Z';
    await store.recordAttempts('a', { events: [], historyLimit: 4, effectiveMethod: 'InitiateAuth', at });
    // A settings edit racing with a token save must not undo it.
    await Promise.all([
      store.updateSettings('a', { label: 'Renamed', refreshMethod: 'GetTokensFromRefreshToken', rotationHint: null, username: 'sub-1', at }),
      store.saveTokens('a', { refreshToken: 'rotated', receivedAt: at }),
    ]);
    const loaded = await store.load('a');
    assert.ok(loaded.kind === 'found');
    const { session, secrets } = loaded.record;
    assert.equal(session.label, 'Renamed');
    assert.equal(session.refreshMethod, 'GetTokensFromRefreshToken');
    assert.equal(session.effectiveMethod, undefined);
    assert.equal(session.rotationHint, undefined);
    assert.equal(session.username, 'sub-1');
    assert.equal(secrets.refreshToken, 'rotated');
  });

  it('serializes concurrent writes to one session so none is lost', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    const at = '2025-05-01T10:05:00.000Z';
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.recordAttempts('a', { events: [event(i)], historyLimit: 50, at })));
    const loaded = await store.load('a');
    assert.ok(loaded.kind === 'found');
    assert.deepEqual(loaded.record.history.map((e) => e.latencyMs), Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('appendBounded', () => {
  it('drops the oldest beyond the limit', () => {
    assert.deepEqual(appendBounded([event(1), event(2)], [event(3)], 2).map((e) => e.latencyMs), [2, 3]);
    assert.deepEqual(appendBounded([], [event(1)], 0), []);
  });
});

describe('fingerprint', () => {
  it('is 8 hex characters, stable, and not part of the token', () => {
    const fp = fingerprint(REFRESH_TOKEN);
    assert.match(fp, /^[0-9a-f]{8}$/);
    assert.equal(fingerprint(REFRESH_TOKEN), fp);
    assert.notEqual(fingerprint(`${REFRESH_TOKEN}x`), fp);
    assert.ok(!REFRESH_TOKEN.includes(fp));
  });
});
