// KeyValueSessionStore with `cache: true` (the VS Code layer's, whose SecretStorage reports every
// change): a value nobody changed since the store read or wrote it costs no backend read; a
// change reported by `changed(key)` (this window's or another's) makes the next read go to the
// backend; a change reported while a read or write is in flight leaves nothing known.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyValueSessionStore, MapSecretBackend } from '../../../src/core/sessions';
import { sampleRecord } from './fixtures';

class CountingBackend extends MapSecretBackend {
  gets = 0;
  /** When set, a get waits for this before answering. */
  hold: Promise<void> | undefined;
  override async get(key: string): Promise<string | undefined> {
    this.gets++;
    const value = this.values.get(key);
    if (this.hold) await this.hold;
    return value;
  }
}

const found = async (store: KeyValueSessionStore, id: string) => {
  const loaded = await store.load(id, { history: false });
  assert.equal(loaded.kind, 'found');
  return (loaded as { record: ReturnType<typeof sampleRecord> }).record;
};

describe('KeyValueSessionStore with cache', () => {
  it('a value it wrote or read is not read again until changed(key) says it changed', async () => {
    const backend = new CountingBackend();
    const store = new KeyValueSessionStore(backend, undefined, { cache: true });
    await store.put(sampleRecord('a'));
    const before = backend.gets;
    await found(store, 'a');
    await found(store, 'a');
    assert.equal(backend.gets, before, 'both loads answered from what the store wrote');

    // Another window writes; its change event reaches this store.
    const other = new KeyValueSessionStore(backend);
    await other.updateSettings('a', { label: 'renamed elsewhere', at: '2025-05-01T11:00:00.000Z' });
    assert.notEqual((await found(store, 'a')).session.label, 'renamed elsewhere', 'without the event the store cannot know (why cache needs events)');
    const afterOther = backend.gets;
    store.changed(store.entryKey('a'));
    assert.equal((await found(store, 'a')).session.label, 'renamed elsewhere');
    assert.equal(backend.gets, afterOther + 1);
    // fresh: true reads the backend whatever is known.
    await store.load('a', { history: false, fresh: true });
    assert.equal(backend.gets, afterOther + 2);
  });

  it('a change reported while a read is in flight: the value read is not kept', async () => {
    const backend = new CountingBackend();
    const seed = new KeyValueSessionStore(backend);
    await seed.put(sampleRecord('a'));
    const store = new KeyValueSessionStore(backend, undefined, { cache: true });
    let release!: () => void;
    backend.hold = new Promise((r) => (release = r));
    const reading = found(store, 'a');
    await new Promise((r) => setImmediate(r));
    store.changed(store.entryKey('a'));
    release();
    await reading;
    backend.hold = undefined;
    const gets = backend.gets;
    await found(store, 'a');
    assert.equal(backend.gets, gets + 1, 'read again: the change may have come after the value was read');
  });

  it('without cache every load reads the backend (stores whose backend reports no changes)', async () => {
    const backend = new CountingBackend();
    const store = new KeyValueSessionStore(backend);
    await store.put(sampleRecord('a'));
    const before = backend.gets;
    await found(store, 'a');
    await found(store, 'a');
    assert.equal(backend.gets, before + 2);
  });
});

describe('updateSettings: refreshTokenValidity', () => {
  it('keeps a validity of 1 s to 10 years with its source, refuses others, and null forgets it', async () => {
    const store = new KeyValueSessionStore(new MapSecretBackend());
    await store.put(sampleRecord('a'));
    await store.updateSettings('a', { refreshTokenValidity: { seconds: 30 * 86400, source: 'client-configuration' }, at: '2025-05-01T11:00:00.000Z' });
    assert.deepEqual((await found(store, 'a')).session.refreshTokenValidity, { seconds: 30 * 86400, source: 'client-configuration' });
    for (const seconds of [0, -1, 1.5, 3651 * 86400]) {
      await assert.rejects(store.updateSettings('a', { refreshTokenValidity: { seconds, source: 'sandbox' }, at: '2025-05-01T11:00:00.000Z' }), RangeError);
    }
    await store.updateSettings('a', { refreshTokenValidity: null, at: '2025-05-01T11:00:00.000Z' });
    assert.equal((await found(store, 'a')).session.refreshTokenValidity, undefined);
  });

  it('a value in use is read again as soon as its change is reported; the next load shares that read and makes none of its own', async () => {
    const backend = new CountingBackend();
    const store = new KeyValueSessionStore(backend, undefined, { cache: true });
    await store.put(sampleRecord('a'));
    await found(store, 'a');
    const before = backend.gets;
    let release!: () => void;
    backend.hold = new Promise((r) => (release = r));
    // The echo of a write (this window's or another's): the read starts at once.
    store.changed(store.entryKey('a'));
    assert.equal(backend.gets, before + 1, 'read again when the change was reported');
    const loading = found(store, 'a');
    await new Promise((r) => setImmediate(r));
    assert.equal(backend.gets, before + 1, 'the load waits for that read instead of making its own');
    release();
    backend.hold = undefined;
    await loading;
    await found(store, 'a');
    assert.equal(backend.gets, before + 1, 'and what it read is known');
  });

  it('a change reported while that read is in flight: its value is not used; a key never read is not read on a change', async () => {
    const backend = new CountingBackend();
    const store = new KeyValueSessionStore(backend, undefined, { cache: true });
    await store.put(sampleRecord('a'));
    await found(store, 'a');
    let release!: () => void;
    backend.hold = new Promise((r) => (release = r));
    store.changed(store.entryKey('a'));
    // Another window renames it while the first re-read is in flight, and says so.
    await new KeyValueSessionStore(new MapSecretBackendView(backend)).updateSettings('a', { label: 'renamed', at: '2025-05-01T11:00:00.000Z' });
    store.changed(store.entryKey('a'));
    release();
    backend.hold = undefined;
    assert.equal((await found(store, 'a')).session.label, 'renamed');
    const before = backend.gets;
    store.changed(store.historyKey('never-read'));
    assert.equal(backend.gets, before);
  });
});

/** The same values without the counting (another window's store). */
class MapSecretBackendView extends MapSecretBackend {
  constructor(private readonly of: MapSecretBackend) {
    super();
  }
  override get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.of.values.get(key));
  }
  override store(key: string, value: string): Promise<void> {
    this.of.values.set(key, value);
    return Promise.resolve();
  }
}
