// What happens to a refresh while its request is in flight: the session is removed (issue 7,
// item 14), or another window refreshes the same session first (issue 8, item 1). The request
// is held by a proxy in front of the sandbox until the test releases it, so "in flight" is a
// fact the test waits for, not a guess about timing. Real SDK, real HTTP, real store.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../../src/core/sessions';
import { startHarness, type Harness } from './harness';
import { startProxy, type Proxy } from './proxy';

describe('a refresh in flight', () => {
  let h: Harness;
  let proxy: Proxy;
  let holdNext = false;
  before(async () => {
    h = await startHarness();
    // The first GetTokensFromRefreshToken of each test is held; everything else goes through.
    proxy = await startProxy(h.sandbox.endpoint, (operation) => (operation === 'GetTokensFromRefreshToken' && holdNext ? ((holdNext = false), 'hold') : 'forward'));
  });
  after(async () => {
    await proxy.close();
    await h.close();
  });

  it('the session removed while its refresh is in flight: outcome session-missing, nothing saved, held or re-added (issue 7, item 14)', async () => {
    const { session } = await h.newSession('rotating-grace-10s');
    await h.store.updateSettings(session.id, { endpoint: proxy.endpoint, at: new Date().toISOString() });
    const unsavedChanges: boolean[] = [];
    const service = h.service({ requestTimeoutMs: 120_000, onUnsavedChange: (_id, unsaved) => unsavedChanges.push(unsaved) });
    const sandboxCalls = h.calls('GetTokensFromRefreshToken');

    holdNext = true;
    const pending = service.refresh(session.id);
    const release = await proxy.nextHeld();
    await h.store.delete(session.id);
    assert.ok(![...h.store.raw.values.keys()].some((k) => k.includes(session.id)), 'removed before the answer comes');
    release();
    const outcome = await pending;

    assert.ok(!outcome.ok && outcome.reason === 'session-missing', JSON.stringify(outcome));
    assert.equal(outcome.sessionId, session.id);
    assert.equal(h.calls('GetTokensFromRefreshToken'), sandboxCalls + 1, 'the request reached the sandbox and was answered');
    assert.deepEqual(unsavedChanges, [], 'the answer is not held in memory to be saved later');
    assert.ok(!(await h.store.list()).some((e) => (e.kind === 'ok' ? e.session.id : e.id) === session.id), 'not re-added to the list');
    assert.ok(![...h.store.raw.values.keys()].some((k) => k.includes(session.id)), 'no value of the session written back');
    assert.equal((await h.store.load(session.id)).kind, 'missing');
  });

  it('RefreshTokenReuseException while another window rotated the token: refreshes once with the stored one, noted token-from-another-window (issue 8, item 1)', async () => {
    const { session, secrets } = await h.newSession('rotating-no-grace');
    await h.store.updateSettings(session.id, { endpoint: proxy.endpoint, at: new Date().toISOString() });
    const first = secrets.refreshToken;
    // Two windows: two services over one store, each with its own (process-local) lease.
    const a = h.service({ requestTimeoutMs: 120_000 });
    const b = h.service({ requestTimeoutMs: 120_000 });

    holdNext = true;
    const pendingA = a.refresh(session.id);
    const releaseA = await proxy.nextHeld();
    // Window B refreshes meanwhile: the first refresh token is rotated out (no grace period).
    const byB = await b.refresh(session.id);
    assert.ok(byB.ok && byB.rotated, JSON.stringify(byB));
    const afterB = (await h.load(session.id)).secrets.refreshToken;
    assert.notEqual(afterB, first);
    releaseA();
    const byA = await pendingA;

    assert.ok(byA.ok, JSON.stringify(byA));
    assert.equal(byA.usedTokenFromAnotherWindow, true);
    assert.equal(byA.rotated, true);
    const stored = await h.load(session.id);
    assert.notEqual(stored.secrets.refreshToken, afterB, 'A rotated the token B stored');
    assert.equal(fingerprint(stored.secrets.refreshToken), byA.refreshTokenFingerprint);
    assert.equal(stored.lastError, undefined);
    assert.deepEqual(
      stored.history.map((e) => [e.operation, e.outcome, e.errorName ?? '', e.notes ?? [], e.oldFingerprint]),
      [
        ['GetTokensFromRefreshToken', 'success', '', [], fingerprint(first)],
        ['GetTokensFromRefreshToken', 'error', 'RefreshTokenReuseException', [], fingerprint(first)],
        ['GetTokensFromRefreshToken', 'success', '', ['token-from-another-window'], fingerprint(afterB)],
      ],
    );
    // The token A stored works: a third refresh succeeds.
    assert.ok((await b.refresh(session.id)).ok);
  });
});
