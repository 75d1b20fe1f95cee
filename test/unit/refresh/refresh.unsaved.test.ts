// Two windows, one session, and a secret store that refuses writes (issue 8, soak with store
// failures: 215 dead-token-sent, 28 revoked-without-reason). Window A gets rotated tokens it
// cannot save; the store still holds the refresh token A's refresh rotated out. Before the fix,
// window B then sent that dead token (on clients that revoke the family on reuse, the end of
// the sign-in, A's held token included), and a failed refresh whose bookkeeping the store
// refused left the session without its error. Real sandbox, real SDK over HTTP, real store
// over a shared backend, real lease folder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileCoordinator, RefreshService, type RefreshOutcome } from '../../../src/core/refresh';
import { fingerprint, KeyValueSessionStore, MapSecretBackend, type SecretBackend, type SessionRecord } from '../../../src/core/sessions';
import { demoConfig } from '../../../src/sandbox';
import { startHarness, type Harness } from './harness';

/** A shared SecretStorage look-alike whose next `failures` writes are refused. */
class FlakyBackend implements SecretBackend {
  failures = 0;
  constructor(readonly inner = new MapSecretBackend()) {}
  get(key: string) {
    return this.inner.get(key);
  }
  store(key: string, value: string) {
    if (this.failures > 0) {
      this.failures--;
      return Promise.reject(new Error('The secret store refused the write (simulated).'));
    }
    return this.inner.store(key, value);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

let h: Harness;
let dir: string;
const services: RefreshService[] = [];
before(async () => {
  // Every demo client revokes the token family on reuse: a dead token sent ends the sign-in.
  const config = { ...demoConfig(), pools: demoConfig().pools.map((p) => ({ ...p, clients: p.clients.map((c) => ({ ...c, revokeFamilyOnReuse: true })) })) };
  h = await startHarness({ config });
  dir = mkdtempSync(join(tmpdir(), 'ctd-unsaved-'));
});
after(async () => {
  for (const s of services) s.dispose();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function windowsOn(backend: FlakyBackend, options: { ttlMs?: number; unsavedHoldMs?: number } = {}) {
  const make = () => {
    const s = new RefreshService({
      store: new KeyValueSessionStore(backend),
      coordinator: new FileCoordinator(dir, options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
      requestTimeoutMs: 5_000,
      connectionTimeoutMs: 2_000,
      // No background save within a test: saves happen when the test asks.
      unsavedRetryMs: 600_000,
      ...(options.unsavedHoldMs !== undefined ? { unsavedHoldMs: options.unsavedHoldMs } : {}),
    });
    services.push(s);
    return s;
  };
  return { a: make(), b: make(), reader: new KeyValueSessionStore(backend.inner) };
}

async function stored(reader: KeyValueSessionStore, id: string): Promise<SessionRecord> {
  const loaded = await reader.load(id);
  assert.equal(loaded.kind, 'found');
  return (loaded as { record: SessionRecord }).record;
}

/** A rotating no-grace session whose new tokens window A holds unsaved. */
async function aHoldsUnsaved(options: { ttlMs?: number; unsavedHoldMs?: number } = {}) {
  const backend = new FlakyBackend();
  const w = windowsOn(backend, options);
  const rec = await h.newSession('rotating-no-grace', {}, w.reader);
  backend.failures = 1;
  const first = await w.a.refresh(rec.session.id);
  assert.ok(!first.ok && first.reason === 'not-persisted' && first.rotated, JSON.stringify(first));
  assert.equal(w.a.hasUnsavedTokens(rec.session.id), true);
  return { backend, ...w, rec, id: rec.session.id };
}

describe('a window holding tokens the store refused keeps the session to itself', () => {
  it('the other window sends nothing (busy-elsewhere, heldUnsaved) instead of the rotated-out stored token', async () => {
    const { a, b, reader, rec, id } = await aHoldsUnsaved();
    const sent = h.calls('GetTokensFromRefreshToken');
    const outcome = await b.refresh(id);
    assert.equal(outcome.ok, false);
    assert.equal((outcome as { reason: string }).reason, 'busy-elsewhere', JSON.stringify(outcome));
    assert.equal((outcome as { heldUnsaved?: boolean }).heldUnsaved, true);
    assert.equal(h.calls('GetTokensFromRefreshToken') - sent, 0, 'nothing sent from the other window');
    assert.equal((await stored(reader, id)).secrets.refreshToken, rec.secrets.refreshToken, 'the store still holds the old token');

    // Once A saved them, B refreshes from the store with A's token, and the sign-in lives.
    assert.equal(await a.saveUnsavedTokens(id), true);
    const after = await b.refresh(id);
    assert.ok(after.ok, JSON.stringify(after));
    const check = await a.refresh(id);
    assert.ok(check.ok, `the stored refresh token works: ${JSON.stringify(check)}`);
  });

  it('the holder itself refreshes with its held token while keeping the lease (re-entrant), then lets go once saved', async () => {
    const { backend, a, b, reader, id } = await aHoldsUnsaved();
    const held = await a.refresh(id);
    assert.ok(held.ok, `the holder is not refused by its own lease: ${JSON.stringify(held)}`);
    assert.equal(a.hasUnsavedTokens(id), false, 'saved with that refresh');
    assert.equal(fingerprint((await stored(reader, id)).secrets.refreshToken), held.refreshTokenFingerprint);
    backend.failures = 0;
    const other = await b.refresh(id);
    assert.ok(other.ok, `lease given up after the save: ${JSON.stringify(other)}`);
  });

  it('a holder whose kept lease another window took over (it froze past the lease\'s lifetime) sends nothing under it', async () => {
    const { a, id } = await aHoldsUnsaved();
    // What a takeover leaves: the lease file names another window (here one that holds unsaved
    // tokens too, so the answer comes at once instead of after waiting for the lease).
    writeFileSync(join(dir, `${id}.lease`), JSON.stringify({ owner: 'window-that-took-over', expiresAt: Date.now() + 60_000, unsaved: true }));
    const sent = h.calls('GetTokensFromRefreshToken');
    const outcome = await a.refresh(id);
    assert.equal((outcome as { reason?: string }).reason, 'busy-elsewhere', JSON.stringify(outcome));
    assert.equal((outcome as { holder?: string }).holder, 'window-that-took-over');
    assert.equal(h.calls('GetTokensFromRefreshToken') - sent, 0, 'nothing sent under a lease that is not ours');
    assert.equal(a.hasUnsavedTokens(id), true, 'the held tokens stay held');
    rmSync(join(dir, `${id}.lease`), { force: true });
  });

  it('a holder that dies does not leave the others refusing: its lease expires, then they refresh from the store and store Cognito\'s answer', async () => {
    const { a, b, reader, id } = await aHoldsUnsaved({ ttlMs: 400 });
    a.dispose(); // a crash: the lease is neither released nor renewed any more
    const refused = await b.refresh(id);
    assert.equal((refused as { reason?: string }).reason, 'busy-elsewhere', JSON.stringify(refused));
    // Wait for the expiry without timing it: ask again until the lease is gone (bounded number of tries).
    let outcome: RefreshOutcome = refused;
    for (let i = 0; i < 600 && !outcome.ok && outcome.reason === 'busy-elsewhere'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      outcome = await b.refresh(id);
    }
    // The new tokens died with A; the stored token was rotated out without grace: Cognito says
    // so, and the session keeps that reason. Never stale-store, never refused again.
    assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
    const record = await stored(reader, id);
    assert.ok(record.lastError, 'the session says why it ended');
    const again = await b.refresh(id);
    assert.ok(!again.ok && again.reason === 'cognito', `still answered by Cognito, not refused: ${JSON.stringify(again)}`);
  });

  it('the hold is bounded: after unsavedHoldMs the lease is given up (the tokens stay held)', async () => {
    const { a, b, id } = await aHoldsUnsaved({ unsavedHoldMs: 300 });
    let outcome = await b.refresh(id);
    assert.equal((outcome as { reason?: string }).reason, 'busy-elsewhere', 'held at first');
    for (let i = 0; i < 600 && !outcome.ok && outcome.reason === 'busy-elsewhere'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      outcome = await b.refresh(id);
    }
    assert.notEqual((outcome as { reason?: string }).reason, 'busy-elsewhere', JSON.stringify(outcome));
    assert.equal(a.hasUnsavedTokens(id), true);
  });

  it('a RefreshTokenReuseException for the held token does not make the holder send the stored (rotated-out) one', async () => {
    const { backend, a, id } = await aHoldsUnsaved();
    const sent = h.calls('GetTokensFromRefreshToken');
    backend.failures = 1; // the save tried before sending is refused again: the token sent is the held one
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'RefreshTokenReuseException' } });
    const outcome = await a.refresh(id);
    assert.ok(!outcome.ok && outcome.reason === 'cognito' && outcome.error.name === 'RefreshTokenReuseException', JSON.stringify(outcome));
    assert.equal(h.calls('GetTokensFromRefreshToken') - sent, 1, 'one request, with the held token');
    assert.equal(a.hasUnsavedTokens(id), true, 'the held token is kept');
    h.sandbox.clearFaults();
  });
});

describe("a failed refresh's bookkeeping the store refused", () => {
  it('is held and written with the next write: the session says why it failed', async () => {
    const backend = new FlakyBackend();
    const { a, reader } = windowsOn(backend);
    const rec = await h.newSession('rotating-no-grace', {}, reader);
    const id = rec.session.id;
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' } });
    backend.failures = 1;
    const outcome = await a.refresh(id);
    assert.ok(!outcome.ok && outcome.reason === 'cognito', JSON.stringify(outcome));
    assert.ok(outcome.warnings.includes('history-not-saved'));
    assert.equal((await stored(reader, id)).lastError, undefined, 'the store refused it');
    assert.equal(a.hasUnsavedChanges(id), true);
    assert.equal(a.hasUnsavedTokens(id), false, 'no tokens at risk');
    await a.saveUnsavedTokens(id);
    const record = await stored(reader, id);
    assert.equal(record.lastError?.name, 'NotAuthorizedException');
    assert.equal(record.history.length, 1);
    assert.equal(record.history[0]?.errorName, 'NotAuthorizedException');
    assert.equal(a.hasUnsavedChanges(id), false);
  });

  it("is not written over what another window stored meanwhile (its events are)", async () => {
    const backend = new FlakyBackend();
    const { a, b, reader } = windowsOn(backend);
    const rec = await h.newSession('no-rotation', {}, reader);
    const id = rec.session.id;
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'InternalErrorException' } });
    backend.failures = 1;
    const failed = await a.refresh(id);
    assert.ok(!failed.ok && failed.reason === 'cognito', JSON.stringify(failed));
    const ok = await b.refresh(id);
    assert.ok(ok.ok, JSON.stringify(ok));
    await a.saveUnsavedTokens(id);
    const record = await stored(reader, id);
    assert.equal(record.lastError, undefined, "B's later success stays");
    assert.deepEqual(record.history.map((e) => e.outcome).sort(), ['error', 'success']);
  });
});
