// The store reports each write it made (KeyValueSessionStore.onWrite), so the VS Code layer can
// update its snapshot from what was written instead of reading it back; and it answers
// 'unchanged' to a read whose record text is still the one a write reported (one read, no parse).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemorySessionStore, type HistoryEvent, type StoreWrite } from '../../../src/core/sessions';
import { sampleRecord } from './fixtures';

function event(i: number): HistoryEvent {
  return { at: new Date(Date.UTC(2025, 4, 1, 10, 0, i)).toISOString(), operation: 'GetTokensFromRefreshToken', outcome: 'success', rotated: false, oldFingerprint: String(i).padStart(8, '0'), latencyMs: i };
}

describe('KeyValueSessionStore.onWrite', () => {
  it('reports the record and the history exactly as a fresh load reads them', async () => {
    const store = new InMemorySessionStore();
    await store.put({ ...sampleRecord('a'), history: [event(1)] });
    const writes: StoreWrite[] = [];
    store.onWrite = (w) => writes.push(w);
    await store.commit('a', { tokens: { refreshToken: 'rotated', idToken: 'id2', receivedAt: '2025-05-01T11:00:00.000Z' }, events: [event(2), event(3)], historyLimit: 2, at: '2025-05-01T11:00:00.000Z' });
    assert.equal(writes.length, 1);
    const w = writes[0]!;
    const loaded = await store.load('a');
    assert.ok(loaded.kind === 'found');
    assert.equal(w.rev, loaded.record.rev);
    assert.deepEqual({ ...w.record, history: w.history?.() }, { ...loaded.record });
    assert.deepEqual(w.history?.().map((e) => e.latencyMs), [2, 3]);
  });

  it('reports an edit with the history untouched (undefined), and nothing for a failed write', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    const writes: StoreWrite[] = [];
    store.onWrite = (w) => writes.push(w);
    await store.updateSettings('a', { label: 'renamed', at: '2025-05-01T11:00:00.000Z' });
    assert.equal(writes.length, 1);
    assert.equal(writes[0]!.record.session.label, 'renamed');
    assert.equal(writes[0]!.history, undefined);
    await assert.rejects(store.commit('a', { baseRev: 1, events: [], historyLimit: 5, at: '2025-05-01T11:00:00.000Z' }));
    assert.equal(writes.length, 1, 'a refused (stale) commit reports nothing');
  });

  it('a throwing observer does not fail the write', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    store.onWrite = () => {
      throw new Error('observer bug');
    };
    await store.saveTokens('a', { refreshToken: 'r2', receivedAt: '2025-05-01T11:00:00.000Z' });
    const loaded = await store.load('a');
    assert.ok(loaded.kind === 'found' && loaded.record.secrets.refreshToken === 'r2');
  });
});

describe('KeyValueSessionStore.loadUnlessDigest', () => {
  it("is 'unchanged' while the stored text is the one written, and the record once another write replaced it", async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    let last: StoreWrite | undefined;
    store.onWrite = (w) => (last = w);
    await store.saveTokens('a', { refreshToken: 'r2', receivedAt: '2025-05-01T11:00:00.000Z' });
    assert.equal((await store.loadUnlessDigest('a', last!.digest)).kind, 'unchanged');
    const digest = last!.digest;
    // Another writer (another window's store over the same backend) writes the same revision number.
    const other = new InMemorySessionStore(store.raw);
    const raw = store.raw.values.get('cognitoTokenDebugger.session.a')!;
    store.raw.values.set('cognitoTokenDebugger.session.a', raw.replace('"label":"', '"label":"x'));
    const changed = await other.loadUnlessDigest('a', digest);
    assert.equal(changed.kind, 'found', 'the same revision with other content is not unchanged');
    assert.equal((await store.loadUnlessDigest('a', undefined)).kind, 'found');
    assert.equal((await store.loadUnlessDigest('gone', digest)).kind, 'missing');
  });
});
