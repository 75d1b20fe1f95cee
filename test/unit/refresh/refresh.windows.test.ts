// Two VS Code windows on one profile: two RefreshService instances, each with its own store
// object over one shared SecretStorage (here a shared MapSecretBackend) and its own coordinator
// over one shared global-storage folder, refreshing one session at the same moment. Against
// the real sandbox through the real SDK. Issue 8, item 1: before the fix, 51 of 200 trials on
// a no-grace rotating client ended with a dead refresh token stored (150 of 200 with family
// revocation on reuse).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileCoordinator, LocalCoordinator, RefreshService, type RefreshOutcome } from '../../../src/core/refresh';
import { fingerprint, KeyValueSessionStore, MapSecretBackend, type SessionRecord } from '../../../src/core/sessions';
import { demoConfig } from '../../../src/sandbox';
import { startHarness, type DemoClient, type Harness } from './harness';

const TRIALS = Number(process.env.CTD_RACE_TRIALS ?? (process.env.CTD_LONG ? 200 : 25));

/**
 * A shared backend that reports every change to every window's store a turn later, as VS Code's
 * SecretStorage.onDidChange does over IPC: what a store that keeps values (`cache: true`) relies on.
 */
class ReportingBackend extends MapSecretBackend {
  readonly listeners: ((key: string) => void)[] = [];
  override store(key: string, value: string): Promise<void> {
    const done = super.store(key, value);
    setImmediate(() => this.listeners.forEach((l) => l(key)));
    return done;
  }
  override delete(key: string): Promise<void> {
    const done = super.delete(key);
    setImmediate(() => this.listeners.forEach((l) => l(key)));
    return done;
  }
}

function twoWindows(dir: string, shared: 'folder' | 'none', cache = false) {
  const backend = new ReportingBackend();
  const storeOf = () => {
    const store = new KeyValueSessionStore(backend, undefined, { cache });
    if (cache) backend.listeners.push((key) => store.changed(key));
    return store;
  };
  const make = () =>
    new RefreshService({
      store: storeOf(),
      coordinator: shared === 'folder' ? new FileCoordinator(dir) : new LocalCoordinator(),
      requestTimeoutMs: 5_000,
      connectionTimeoutMs: 2_000,
    });
  return { backend, a: make(), b: make(), store: new KeyValueSessionStore(backend) };
}

async function storedRecord(store: KeyValueSessionStore, id: string): Promise<SessionRecord> {
  const loaded = await store.load(id);
  assert.equal(loaded.kind, 'found');
  return (loaded as { record: SessionRecord }).record;
}

for (const [title, config] of [
  ['reuse rejected', demoConfig()],
  ['reuse revokes the token family', { ...demoConfig(), pools: demoConfig().pools.map((p) => ({ ...p, clients: p.clients.map((c) => ({ ...c, revokeFamilyOnReuse: true })) })) }],
] as const) {
  describe(`two windows, one session, refreshing at once (${title})`, () => {
    let h: Harness;
    let dir: string;
    before(async () => {
      h = await startHarness({ config });
      dir = mkdtempSync(join(tmpdir(), 'ctd-windows-'));
    });
    after(async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const [client, cache] of [
      ['rotating-no-grace', false],
      ['rotating-grace-10s', false],
      ['no-rotation', false],
      ['rotating-no-grace', true],
    ] as [DemoClient, boolean][]) {
      it(`${client}${cache ? ', stores that keep what they read (change events a turn late)' : ''}: ${TRIALS} trials, the stored refresh token always still works, and one token is never sent twice`, async () => {
        let sentTwice = 0;
        for (let trial = 0; trial < TRIALS; trial++) {
          const w = twoWindows(dir, 'folder', cache);
          const rec = await h.newSession(client, {}, w.store);
          const sent = h.calls('GetTokensFromRefreshToken');
          const outcomes: RefreshOutcome[] = await Promise.all([w.a.refresh(rec.session.id), w.b.refresh(rec.session.id)]);
          const calls = h.calls('GetTokensFromRefreshToken') - sent;
          // The lease makes the second window send the first one's new token, never the same one.
          for (const o of outcomes) assert.ok(o.ok, `trial ${trial}: ${JSON.stringify(o)}`);
          const stored = await storedRecord(w.store, rec.session.id);
          assert.equal(stored.history.length, 2, `trial ${trial}: both refreshes are in the history`);
          assert.equal(calls, 2);
          if (client !== 'no-rotation' && stored.history[0]?.oldFingerprint === stored.history[1]?.oldFingerprint) sentTwice++;
          // The invariant: what is stored is accepted by the server.
          const check = await w.a.refresh(rec.session.id);
          assert.ok(check.ok, `trial ${trial}: the stored refresh token no longer works: ${JSON.stringify(check)}`);
          w.a.dispose();
          w.b.dispose();
        }
        assert.equal(sentTwice, 0);
      });
    }

    for (const cache of [false, true]) {
    it(`without a shared folder (lease in each process only)${cache ? ', stores that keep what they read' : ''}: the store's revision check still keeps a working token (${TRIALS} trials)`, async () => {
      for (let trial = 0; trial < TRIALS; trial++) {
        const w = twoWindows(dir, 'none', cache);
        const rec = await h.newSession('rotating-no-grace', {}, w.store);
        await Promise.all([w.a.refresh(rec.session.id), w.b.refresh(rec.session.id)]);
        const check = await w.a.refresh(rec.session.id);
        const family = title.includes('family');
        if (!family) assert.ok(check.ok, `trial ${trial}: the stored refresh token no longer works: ${JSON.stringify(check)}`);
        else if (!check.ok) {
          // With family revocation, both windows sending one token revokes the sign-in at the
          // server whatever is stored: the session must then say so, not hold a "working" token.
          assert.ok('error' in check, JSON.stringify(check));
        }
        w.a.dispose();
        w.b.dispose();
      }
    });
    }
  });
}

describe('windows that must not send at all', () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'ctd-windows-'));
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('auto-refresh in a second window finds the refresh done (ifAccessToken): already-fresh, nothing sent', async () => {
    const w = twoWindows(dir, 'folder');
    const rec = await h.newSession('rotating-no-grace', {}, w.store);
    const seen = fingerprint(rec.secrets.accessToken!);
    assert.ok((await w.a.refresh(rec.session.id, { ifAccessToken: seen })).ok);
    const calls = h.calls('GetTokensFromRefreshToken');
    const second = await w.b.refresh(rec.session.id, { ifAccessToken: seen });
    assert.deepEqual(second, { ok: false, reason: 'already-fresh', sessionId: rec.session.id });
    assert.equal(h.calls('GetTokensFromRefreshToken'), calls, 'nothing was sent');
    w.a.dispose();
    w.b.dispose();
  });

  for (const shared of ['folder', 'none'] as const) {
    it(`a window whose store keeps what it read sends the token another window stored since (change events; ${shared === 'folder' ? 'shared folder' : 'no shared folder'})`, async () => {
      const w = twoWindows(dir, shared, true);
      const rec = await h.newSession('rotating-no-grace', {}, w.store);
      const calls = h.calls('GetTokensFromRefreshToken');
      for (let i = 0; i < 3; i++) {
        // a warms its store, b rotates the token, a refreshes again: with what b stored.
        const first = await w.a.refresh(rec.session.id);
        assert.ok(first.ok, `round ${i}, a: ${JSON.stringify(first)}`);
        await new Promise((r) => setImmediate(r));
        const second = await w.b.refresh(rec.session.id);
        assert.ok(second.ok, `round ${i}, b: ${JSON.stringify(second)}`);
        await new Promise((r) => setImmediate(r));
      }
      const check = await w.a.refresh(rec.session.id);
      assert.ok(check.ok, JSON.stringify(check));
      // One call per refresh: no stale token sent first and then recovered from.
      assert.equal(h.calls('GetTokensFromRefreshToken') - calls, 7);
      // Each window appended to the history the other wrote: nothing written over.
      const stored = await storedRecord(w.store, rec.session.id);
      assert.deepEqual(stored.history.map((e) => [e.outcome, e.notes ?? []]), Array.from({ length: 7 }, () => ['success', []]));
      const sent = stored.history.map((e) => e.oldFingerprint);
      assert.equal(new Set(sent).size, sent.length, `a refresh token was sent twice: ${sent.join(' ')}`);
      w.a.dispose();
      w.b.dispose();
    });
  }

  it("a code-server tab whose SecretStorage copy is older than another tab's write refuses to send (stale-store)", async () => {
    // Two tabs: each its own copy of the secrets (code-server keeps one per browser tab), one
    // global-storage folder on the server.
    const first = new MapSecretBackend();
    const storeA = new KeyValueSessionStore(first);
    const rec = await h.newSession('rotating-no-grace', {}, storeA);
    const copy = new MapSecretBackend();
    for (const [k, v] of first.values) copy.values.set(k, v);
    const a = new RefreshService({ store: storeA, coordinator: new FileCoordinator(dir) });
    const b = new RefreshService({ store: new KeyValueSessionStore(copy), coordinator: new FileCoordinator(dir) });
    assert.ok((await a.refresh(rec.session.id)).ok);
    const calls = h.calls('GetTokensFromRefreshToken');
    const copyBefore = new Map(copy.values);
    const stale = await b.refresh(rec.session.id);
    assert.equal(stale.ok, false);
    assert.equal(!stale.ok && stale.reason, 'stale-store', JSON.stringify(stale));
    assert.equal(h.calls('GetTokensFromRefreshToken'), calls, 'the dead token in the stale copy was not sent');
    assert.deepEqual(copy.values, copyBefore, 'nothing was written from the stale copy');
    a.dispose();
    b.dispose();
  });
});
