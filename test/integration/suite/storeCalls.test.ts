// The number of SecretStorage calls one Refresh Session makes is constant: the same with 1 and
// with 10 stored sessions (issue 9: "the number of SecretStorage calls per refresh is constant,
// whatever the number of sessions"). Counted by the extension's own SecretStorage wrapper
// (selfTest.secretCalls), in the real extension host, against a sandbox over real HTTP.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RefreshSummary } from '../../../src/vscode/sessions/feedback';
import { addFromSandbox, extensionApi, ownSandbox, removeAllSessions, run, type Sandbox } from '../support/sessionFixtures';

type Counts = { get: number; store: number; delete: number };

async function counts(): Promise<Counts> {
  return (await extensionApi()).selfTest.secretCalls();
}

async function callsOfOneRefresh(sessionId: string): Promise<Counts> {
  const before = await counts();
  const summary = await run<RefreshSummary>('refreshSession', sessionId);
  assert.equal(summary.ok, true, JSON.stringify(summary));
  // The change events of the refresh's own writes come back a moment later (and re-read what
  // changed): they are part of the refresh's cost, so wait them out.
  await new Promise((r) => setTimeout(r, 500));
  const after = await counts();
  return { get: after.get - before.get, store: after.store - before.store, delete: after.delete - before.delete };
}

describe('SecretStorage calls per refresh', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;

  before(async () => {
    // Inspector panels left open by earlier test files re-read the session they show on every
    // change: their reads are theirs, not the refresh's (seen: 6 reads with one panel open).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllSessions();
    sandbox = await ownSandbox();
  });
  after(async () => {
    await removeAllSessions();
    await sandbox?.close();
  });

  it('are the same with 1 and with 10 stored sessions, and few', async () => {
    const { result } = await addFromSandbox(sandbox, 'rotating-grace-10s', { refresh: false });
    assert.ok(result.ok, JSON.stringify(result));
    // A first refresh loads what is loaded once (the refresh service, the SDK): not counted.
    await callsOfOneRefresh(result.sessionId);
    const withOne = await callsOfOneRefresh(result.sessionId);
    for (let i = 0; i < 9; i++) {
      const { result: more } = await addFromSandbox(sandbox, 'no-rotation', { refresh: false });
      assert.ok(more.ok, JSON.stringify(more));
    }
    const withTen = await callsOfOneRefresh(result.sessionId);
    const both = `1 session: ${JSON.stringify(withOne)}; 10 sessions: ${JSON.stringify(withTen)}`;
    // Writes exactly the same; reads within the same small bound (below): whether the history read
    // is answered from what the store kept depends on when its own write's change event arrives.
    assert.equal(withTen.store, withOne.store, both);
    assert.equal(withTen.delete, withOne.delete, both);
    assert.ok(withTen.get <= 2 && withOne.get <= 2, both);
    // One record write and one history append; reads of that one session only.
    console.log(`      SecretStorage calls per refresh: ${JSON.stringify(withOne)} (1 session), ${JSON.stringify(withTen)} (10 sessions)`);
    assert.ok(withOne.store <= 2, `a refresh stored ${withOne.store} values`);
    // The store keeps what it read and wrote until SecretStorage.onDidChange says a value changed:
    // the record read after taking the lease and the commit's revision check are answered from it
    // (the change event of the previous refresh's own write re-read the record once). What is left:
    // the history read by the commit, and that one read for the change event of its own write.
    assert.ok(withOne.get <= 2, `a refresh read ${withOne.get} values`);
    assert.equal(withOne.delete, 0);
  });
});
