// Issue 7, item 14 in the real extension host: a session removed while its refresh is in
// flight. The refresh request is held by a proxy in front of the sandbox (the session's
// endpoint) until the session is gone, so "in flight" is a fact the test waits for.
import * as assert from 'node:assert/strict';
import type { AddSessionResult } from '../../../src/vscode/sessions/addSession';
import type { RefreshSummary } from '../../../src/vscode/sessions/feedback';
import { startProxy, type Proxy } from '../../unit/refresh/proxy';
import { cliOutput, extensionApi, ownSandbox, removeAllSessions, run, sessionsList, type Sandbox } from '../support/sessionFixtures';
import { signIn } from '../support/signIn';
import { waitFor } from './helpers';

describe('a session removed while its refresh is in flight (issue 7, item 14)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let proxy: Proxy;
  let hold = false;

  before(async () => {
    await removeAllSessions();
    sandbox = await ownSandbox();
    proxy = await startProxy(sandbox.endpoint, (operation) => (operation === 'GetTokensFromRefreshToken' && hold ? ((hold = false), 'hold') : 'forward'));
  });
  after(async () => {
    await removeAllSessions();
    await proxy?.close();
    await sandbox?.close();
  });

  it('the refresh ends as session-missing, nothing is saved, and the session stays removed', async () => {
    const tokens = await signIn(sandbox.info, 'rotating-grace-10s');
    const added = await run<AddSessionResult>('addSession', { paste: cliOutput(tokens), endpoint: proxy.endpoint, refresh: false, label: 'Removed mid-refresh' });
    assert.ok(added.ok, JSON.stringify(added));
    const id = added.sessionId;
    const before = sandbox.calls('GetTokensFromRefreshToken').length;

    hold = true;
    const pending = run<RefreshSummary>('refreshSession', id);
    const release = await proxy.nextHeld();
    const api = await extensionApi();
    // Remove Session deletes the record at once, then waits for the refresh in flight to end
    // (its lane), so it is awaited only after the request is let through.
    const removing = run('removeSession', id, { confirm: false });
    await waitFor('the record gone from SecretStorage', async () => !(await api.sessions.readBack()).some((s) => s.id === id));
    release();
    const summary = await pending;
    await removing;

    assert.deepEqual(summary, { sessionId: id, ok: false, reason: 'session-missing' });
    assert.equal(sandbox.calls('GetTokensFromRefreshToken').length, before + 1, 'the request reached the sandbox and was answered');
    assert.ok(!(await sessionsList()).some((s) => s.id === id), 'not re-added to the sessions');
    assert.ok(!(await api.sessions.readBack()).some((s) => s.id === id), 'nothing of it in SecretStorage');
    await waitFor('the tree without it', async () => {
      const nodes = ((await api.sessions.tree.getChildren(undefined)) ?? []) as unknown[];
      const items = await Promise.all(nodes.map(async (n) => api.sessions.tree.getTreeItem(n)));
      return !items.some((i) => i.id === id);
    });
  });
});
