// The status bar item, as the extension renders it: the selected session's access-token
// countdown, click to refresh, theme warning/error backgrounds, hidden without sessions.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RefreshSummary } from '../../../src/vscode/sessions/feedback';
import { addFromSandbox, extensionApi, injectFault, ownSandbox, removeAllSessions, run, sessionInfo, waitFor, type Sandbox } from '../support/sessionFixtures';

async function bar() {
  return (await extensionApi()).sessions.statusBar();
}

describe('status bar', function () {
  this.timeout(30_000);
  let normal: Sandbox;
  let short: Sandbox;
  let past: Sandbox;

  before(async () => {
    await removeAllSessions();
    [normal, short, past] = await Promise.all([ownSandbox(), ownSandbox({ accessTokenSeconds: 150 }), ownSandbox({ clockOffsetMs: -2 * 3600 * 1000 })]);
  });
  after(async () => {
    await removeAllSessions();
    await Promise.all([normal?.close(), short?.close(), past?.close()]);
  });

  it('is hidden while there is no session', async () => {
    assert.equal((await bar()).visible, false);
  });

  it("shows the selected session's countdown and refreshes it on click", async () => {
    const { result } = await addFromSandbox(normal, 'rotating-grace-10s', { refresh: false });
    assert.ok(result.ok);
    const state = await waitFor('the status bar', async () => ((await bar()).visible ? bar() : undefined));
    assert.match(state.text, /^\$\(key\) (59|60)m$/);
    assert.equal(state.backgroundColor, undefined);
    assert.equal(state.sessionId, result.sessionId);
    assert.equal(state.command, 'cognitoTokenDebugger.refreshSession');
    assert.doesNotMatch(state.tooltip, /eyJ/);
    // The click: the item's command with its argument.
    const summary = await vscode.commands.executeCommand<RefreshSummary>(state.command!, state.sessionId);
    assert.equal(summary.ok, true);
    assert.equal((await sessionInfo(result.sessionId)).historyLength, 1);
  });

  it('Select Session switches it; warning colours under five minutes left', async () => {
    const { result } = await addFromSandbox(short, 'no-rotation', { refresh: false });
    assert.ok(result.ok);
    assert.equal(await run('selectSession', result.sessionId), result.sessionId);
    assert.equal((await extensionApi()).sessions.selected(), result.sessionId);
    const state = await bar();
    assert.equal(state.sessionId, result.sessionId);
    assert.match(state.text, /^\$\(key\) (2m|1m|\d+s)$/);
    assert.equal(state.backgroundColor, 'statusBarItem.warningBackground');
  });

  it('error colours when the token has expired or the last refresh failed', async () => {
    const { result } = await addFromSandbox(past, 'no-rotation', { refresh: false });
    assert.ok(result.ok);
    await run('selectSession', result.sessionId);
    let state = await bar();
    assert.equal(state.text, '$(key) expired');
    assert.equal(state.backgroundColor, 'statusBarItem.errorBackground');

    const { result: failing } = await addFromSandbox(normal, 'no-rotation', { refresh: false });
    assert.ok(failing.ok);
    await run('selectSession', failing.sessionId);
    assert.equal((await bar()).backgroundColor, undefined);
    await injectFault(normal.endpoint, { operation: '*', error: { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' } });
    const summary = await run<RefreshSummary>('refreshSession', failing.sessionId);
    assert.equal(summary.ok, false);
    state = await bar();
    assert.match(state.text, /^\$\(error\) (59|60)m$/);
    assert.equal(state.backgroundColor, 'statusBarItem.errorBackground');
    assert.match(state.tooltip, /Last refresh failed: Cognito does not accept this refresh token/);
    // Issue 7, item 19: when the failure is reported, the tree no longer says "refreshing…" either.
    const provider = (await extensionApi()).sessions.tree;
    const nodes = ((await provider.getChildren(undefined)) ?? []) as unknown[];
    const items = await Promise.all(nodes.map(async (n) => provider.getTreeItem(n)));
    const item = items.find((i) => i.id === failing.sessionId);
    assert.ok(item, 'the failing session is in the tree');
    assert.doesNotMatch(String(item.description), /refreshing/i);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
  });

  it('hides again once the last session is removed', async () => {
    await removeAllSessions();
    assert.equal((await bar()).visible, false);
  });
});
