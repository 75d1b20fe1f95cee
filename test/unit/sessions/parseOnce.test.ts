// KeyValueSessionStore parses a stored record's text once: every read of the same text (a
// refresh's load before sending, its commit's read for the write) shares one parsed record,
// which is frozen so no caller can change what the next one gets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonParses } from '../../fixtures/countParses';
import { InMemorySessionStore, type SessionRecord } from '../../../src/core/sessions';
import { SESSION_FORMAT } from '../../../src/core/sessions/serialize';
import { sampleRecord } from './fixtures';

const found = async (store: InMemorySessionStore, id: string): Promise<SessionRecord> => {
  const loaded = await store.load(id, { history: false });
  assert.equal(loaded.kind, 'found');
  return (loaded as { record: SessionRecord }).record;
};

/** Counts JSON.parse calls on stored record texts while `run` runs. */
function recordParses(run: () => Promise<unknown>): Promise<number> {
  return jsonParses((text) => text.startsWith(`{"format":${JSON.stringify(SESSION_FORMAT)}`), run);
}

describe('KeyValueSessionStore parses the same stored text once', () => {
  it('two reads of one text parse it once and share its record; a new text is parsed again', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    let first!: SessionRecord;
    let second!: SessionRecord;
    const parses = await recordParses(async () => {
      first = await found(store, 'a');
      second = await found(store, 'a');
      await store.loadUnlessDigest('a', undefined);
    });
    assert.equal(parses, 1);
    assert.equal(first.session, second.session, 'the same parsed objects');

    // The stored text changes (another window, or a write): the new text is what is read.
    const key = store.entryKey('a');
    store.raw.values.set(key, store.raw.values.get(key)!.replace('"label":"Demo"', '"label":"Renamed"'));
    const third = await found(store, 'a');
    assert.equal(third.session.label, 'Renamed');
    assert.notEqual(third.session, first.session);
  });

  it('a commit based on the record just loaded does not parse it again', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    const parses = await recordParses(async () => {
      const record = await found(store, 'a');
      await store.commit('a', { baseRev: record.rev ?? 0, events: [], historyLimit: 50, at: '2025-05-01T11:00:00.000Z' });
    });
    assert.equal(parses, 1);
  });

  it('the shared record is frozen: a caller cannot change what the next read gets', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    const record = await found(store, 'a');
    assert.throws(() => {
      (record.session as { label: string }).label = 'changed';
    }, TypeError);
    assert.throws(() => {
      (record.secrets as { refreshToken: string }).refreshToken = 'x';
    }, TypeError);
    assert.throws(() => {
      (record.session.rotationHint as { enabled: boolean }).enabled = false;
    }, TypeError);
    assert.equal((await found(store, 'a')).session.label, 'Demo');
  });

  it('a broken text is parsed once too, and reported the same each time', async () => {
    const store = new InMemorySessionStore();
    await store.put(sampleRecord('a'));
    store.raw.values.set(store.entryKey('a'), JSON.stringify({ format: SESSION_FORMAT, version: 2, rev: 1, session: {}, secrets: {} }));
    const parses = await recordParses(async () => {
      const one = await store.load('a');
      const two = await store.load('a');
      assert.equal(one.kind, 'broken');
      assert.deepEqual(two, one);
    });
    assert.equal(parses, 1);
  });
});
