// historyInBackground (issue 9, the Refresh Session row): a refresh resolves once its record
// (the tokens) is written; the history append follows while the session's lane and lease stay
// held, in-process reads of the history wait for it, and a failed append is held and written
// with the next write. Real SDK, real HTTP to the sandbox on loopback; the backend below only
// holds or refuses the history value's writes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileCoordinator, RefreshService } from '../../../src/core/refresh';
import { KeyValueSessionStore, MapSecretBackend, type SecretBackend } from '../../../src/core/sessions';
import { startHarness, type Harness } from './harness';

/** Writes of the history value wait for `release()` while `holding`; `refuseHistory` refuses them. */
class HistoryGate implements SecretBackend {
  holding = false;
  refuseHistory = 0;
  readonly log: string[] = [];
  private waiting: Array<() => void> = [];
  constructor(readonly inner = new MapSecretBackend()) {}
  get(key: string) {
    return this.inner.get(key);
  }
  async store(key: string, value: string) {
    const history = key.includes('history.');
    if (history && this.refuseHistory > 0) {
      this.refuseHistory--;
      this.log.push('history refused');
      throw new Error('The secret store refused the write (simulated).');
    }
    if (history && this.holding) await new Promise<void>((r) => this.waiting.push(r));
    await this.inner.store(key, value);
    this.log.push(history ? 'history' : key.includes('session.') ? 'record' : 'other');
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  release(): void {
    this.holding = false;
    for (const r of this.waiting.splice(0)) r();
  }
  get held(): number {
    return this.waiting.length;
  }
}

let h: Harness;
let dir: string;
const services: RefreshService[] = [];
before(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'ctd-background-'));
});
after(async () => {
  for (const s of services) s.dispose();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function setUp(options: { historyInBackground?: boolean } = {}) {
  const backend = new HistoryGate();
  const store = new KeyValueSessionStore(backend);
  const make = () => {
    const s = new RefreshService({
      store: new KeyValueSessionStore(backend),
      coordinator: new FileCoordinator(dir),
      historyInBackground: options.historyInBackground ?? true,
      unsavedRetryMs: 600_000,
    });
    services.push(s);
    return s;
  };
  return { backend, store, make };
}

function tick(ms = 30): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe('historyInBackground', () => {
  it('a refresh resolves with its tokens stored while the history write is still held; the history lands after', async () => {
    const { backend, store, make } = setUp();
    const rec = await h.newSession('rotating-grace-10s', {}, store);
    const a = make();
    backend.holding = true;
    const outcome = await a.refresh(rec.session.id);
    assert.ok(outcome.ok && outcome.rotated, JSON.stringify(outcome));
    assert.equal(backend.held, 1, 'the history write is still waiting');
    const stored = await store.load(rec.session.id, { history: false });
    assert.ok(stored.kind === 'found' && stored.record.secrets.refreshToken !== rec.secrets.refreshToken, 'the new refresh token is stored');
    backend.release();
    await a.settled();
    assert.equal((await store.history(rec.session.id)).length, 1);
  });

  it('without it, the refresh waits for the history write (the default)', async () => {
    const { backend, store, make } = setUp({ historyInBackground: false });
    const rec = await h.newSession('no-rotation', {}, store);
    const a = make();
    backend.holding = true;
    let resolved = false;
    const p = a.refresh(rec.session.id).then((o) => ((resolved = true), o));
    for (let i = 0; i < 50 && backend.held === 0; i++) await tick(10);
    await tick();
    assert.equal(resolved, false, 'not resolved while the history write is held');
    backend.release();
    assert.ok((await p).ok);
  });

  it("this store's reads of the history wait for the append, and the next refresh of the session waits for it too", async () => {
    const { backend, make } = setUp();
    const s = make();
    const own = (s as unknown as { store: KeyValueSessionStore }).store;
    const rec = await h.newSession('no-rotation', {}, own);
    backend.holding = true;
    assert.ok((await s.refresh(rec.session.id)).ok);
    let historyRead: number | undefined;
    const reading = own.history(rec.session.id).then((events) => (historyRead = events.length));
    const sentBefore = h.calls('GetTokensFromRefreshToken');
    const second = s.refresh(rec.session.id);
    await tick(100);
    assert.equal(historyRead, undefined, 'the read waits for the append');
    assert.equal(h.calls('GetTokensFromRefreshToken'), sentBefore, 'the next refresh has not been sent');
    backend.release();
    await reading;
    assert.equal(historyRead, 1);
    assert.ok((await second).ok);
    await s.settled();
    assert.equal((await own.history(rec.session.id)).length, 2);
  });

  it("the lease is kept until the history is written: another window's refresh waits, and no append is lost", async () => {
    const { backend, store, make } = setUp();
    const rec = await h.newSession('rotating-grace-10s', {}, store);
    const a = make();
    const b = make();
    backend.holding = true;
    assert.ok((await a.refresh(rec.session.id)).ok);
    const sentBefore = h.calls('GetTokensFromRefreshToken');
    const fromB = b.refresh(rec.session.id);
    await tick(150);
    assert.equal(h.calls('GetTokensFromRefreshToken'), sentBefore, "window B waits for A's lease");
    backend.release();
    const outcome = await fromB;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await Promise.all([a.settled(), b.settled()]);
    const events = await store.history(rec.session.id);
    assert.equal(events.length, 2, JSON.stringify(events));
    assert.equal(events[1]?.oldFingerprint, events[0]?.newFingerprint, "B sent the token A's refresh stored");
  });

  it('a refused append is held, not lost: written with the next write', async () => {
    const { backend, store, make } = setUp();
    const rec = await h.newSession('no-rotation', {}, store);
    const a = make();
    backend.refuseHistory = 1;
    const outcome = await a.refresh(rec.session.id);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await a.settled();
    assert.deepEqual(backend.log.slice(-2), ['record', 'history refused']);
    assert.equal((await store.history(rec.session.id)).length, 0);
    assert.equal(a.hasUnsavedChanges(rec.session.id), true, 'its events are held');
    assert.equal(a.hasUnsavedTokens(rec.session.id), false, 'the tokens were stored');
    assert.ok((await a.refresh(rec.session.id)).ok);
    await a.settled();
    const events = await store.history(rec.session.id);
    assert.equal(events.length, 2, 'the held event and the new one');
    assert.equal(a.hasUnsavedChanges(rec.session.id), false);
  });

  it('flushAll waits for an append still running (deactivation)', async () => {
    const { backend, store, make } = setUp();
    const rec = await h.newSession('no-rotation', {}, store);
    const a = make();
    backend.holding = true;
    assert.ok((await a.refresh(rec.session.id)).ok);
    let flushed = false;
    const flushing = a.flushAll().then(() => (flushed = true));
    await tick(50);
    assert.equal(flushed, false);
    backend.release();
    await flushing;
    assert.equal((await store.history(rec.session.id)).length, 1);
  });
});
