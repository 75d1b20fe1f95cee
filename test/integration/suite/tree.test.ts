// The Sessions view through its real TreeDataProvider (the one VS Code renders): children,
// labels that read "expires in 12 min" / "expired … ago", icons by state, the last error, the
// history, menus' context values, tooltips without tokens, and a clock that ticks only while
// the view is visible.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RefreshSummary } from '../../../src/vscode/sessions/feedback';
import {
  addFromSandbox,
  extensionApi,
  injectFault,
  ownSandbox,
  removeAllSessions,
  run,
  startSandboxSession,
  waitFor,
  type Sandbox,
} from '../support/sessionFixtures';

type Tree = vscode.TreeDataProvider<unknown> & { readonly renders: number };

async function tree(): Promise<Tree> {
  return (await extensionApi()).sessions.tree;
}

async function items(parent?: unknown): Promise<{ node: unknown; item: vscode.TreeItem }[]> {
  const t = await tree();
  const children = ((await t.getChildren(parent)) ?? []) as unknown[];
  return Promise.all(children.map(async (node) => ({ node, item: await t.getTreeItem(node) })));
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function iconOf(item: vscode.TreeItem): { id: string; color?: string } {
  const icon = item.iconPath as vscode.ThemeIcon;
  assert.ok(icon instanceof vscode.ThemeIcon, 'not a ThemeIcon');
  return { id: icon.id, ...(icon.color ? { color: icon.color.id } : {}) };
}

function tooltipText(item: vscode.TreeItem): string {
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

async function sessionNode(sessionId: string): Promise<{ node: unknown; item: vscode.TreeItem }> {
  const found = (await items()).find((x) => x.item.id === sessionId);
  assert.ok(found, `no tree node for ${sessionId}`);
  return found;
}

describe('sessions tree', function () {
  this.timeout(30_000);
  let expired: Sandbox;
  let sandboxSession: { sessionId: string; endpoint: string };

  before(async () => {
    await removeAllSessions();
    expired = await ownSandbox({ clockOffsetMs: -2 * 3600 * 1000 });
    const s = await startSandboxSession('rotating-grace-10s');
    sandboxSession = { sessionId: s.sessionId!, endpoint: s.endpoint! };
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await removeAllSessions();
    await expired?.close();
  });

  it('is empty when there is no session (the welcome view with its command links shows then)', async () => {
    const pkg = vscode.extensions.getExtension('cognito-token-debugger.cognito-token-debugger')!.packageJSON;
    const welcome = pkg.contributes.viewsWelcome.find((w: { view: string }) => w.view === 'cognitoTokenDebugger.sessions');
    assert.match(welcome.contents, /\(command:cognitoTokenDebugger\.addSession\)/);
    assert.match(welcome.contents, /\(command:cognitoTokenDebugger\.startSandboxSession\)/);
    assert.equal(pkg.contributes.views.cognitoTokenDebugger[0].id, 'cognitoTokenDebugger.sessions');
    assert.ok(pkg.contributes.viewsContainers.activitybar.some((c: { id: string }) => c.id === 'cognitoTokenDebugger'));
  });

  it('lists a session with its ID, access and refresh tokens and its history', async () => {
    const { item, node } = await sessionNode(sandboxSession.sessionId);
    assert.equal(label(item), 'Sandbox demo user (rotating-grace-10s)');
    assert.match(String(item.description), /^expires in (59|60) min$/);
    assert.deepEqual(iconOf(item), { id: 'pass', color: 'testing.iconPassed' });
    assert.match(item.contextValue ?? '', /^session\b.*\bhasId\b.*\bhasAccess\b/);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const children = await items(node);
    assert.deepEqual(children.map((c) => label(c.item)), ['ID token', 'Access token', 'Refresh token', 'History (0)', 'Server sessions']);
    const [idToken, access, refresh] = children.map((c) => c.item);
    assert.match(String(idToken!.description), /^expires in (59|60) min$/);
    assert.match(String(access!.description), /^expires in (59|60) min$/);
    assert.match(String(refresh!.description), /^opaque \(encrypted\), received (just now|\d+ s ago)$/);
    assert.equal(refresh!.contextValue, 'token token-refresh');
    // Clicking a token opens the inspector on that token.
    assert.equal(access!.command?.command, 'cognitoTokenDebugger.openInspector');
    assert.deepEqual(access!.command?.arguments, [{ sessionId: sandboxSession.sessionId, which: 'access' }]);
    await vscode.commands.executeCommand(access!.command!.command, ...(access!.command!.arguments ?? []));
    const api = await extensionApi();
    await waitFor('the inspector panel of the session', () => api.inspector.debugState().some((p) => p.key === `session:${sandboxSession.sessionId}`));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const c of [item, ...children.map((x) => x.item)]) {
      assert.doesNotMatch(tooltipText(c), /eyJ/, `the tooltip of ${label(c)} holds a token`);
      // Times as the hover and the inspector show them: local time with UTC beside it, never a bare ISO string (issue 7 item 22).
      assert.doesNotMatch(tooltipText(c), /\d{4}\\?-\d\d\\?-\d\dT\d\d:\d\d:\d\d(\\?\.\d+)?Z/, `the tooltip of ${label(c)} shows a bare ISO time`);
    }
    assert.match(tooltipText(access!), /Expires: \d{4}\\?-\d\d\\?-\d\d \d\d:\d\d:\d\d.*UTC/);
  });

  it('a refresh adds a history event (time, operation, rotated, fingerprints old→new, latency)', async () => {
    const summary = await run<RefreshSummary>('refreshSession', sandboxSession.sessionId);
    assert.ok(summary.ok);
    const { node } = await sessionNode(sandboxSession.sessionId);
    const history = (await items(node)).find((c) => label(c.item).startsWith('History'))!;
    assert.equal(label(history.item), 'History (1)');
    const events = await items(history.node);
    assert.equal(events.length, 1);
    const e = events[0]!.item;
    assert.match(label(e), /GetTokensFromRefreshToken$/);
    assert.match(String(e.description), new RegExp(`^rotated · [0-9a-f]{8}→${summary.refreshTokenFingerprint} · \\d+ ms$`));
    assert.equal(iconOf(e).id, 'arrow-swap');
    // When the refresh token ends (issue 11 item 3): the sandbox session knows its client's refresh
    // token validity (30 days), so the sign-in (auth_time) plus it, local time with UTC.
    assert.doesNotMatch(tooltipText(e), /T\d\d:\d\d:\d\d(\\?\.\d+)?Z/, 'the event time is local with UTC beside it, not ISO');
    assert.match(tooltipText(e), /Refresh token ends in about (30|29) days \\?\(sign\\?-in .*30 days validity.*\d{4}\\?-\d\d\\?-\d\d \d\d:\d\d:\d\d.*UTC/);
  });

  it('shows the last error with the catalog title, the explanation in its tooltip', async () => {
    await injectFault(sandboxSession.endpoint, { operation: 'GetTokensFromRefreshToken', error: { name: 'RefreshTokenReuseException' } });
    const summary = await run<RefreshSummary>('refreshSession', sandboxSession.sessionId);
    assert.equal(summary.ok, false);
    const { item, node } = await sessionNode(sandboxSession.sessionId);
    assert.equal(item.description, 'Refresh token already used (rotation)');
    assert.deepEqual(iconOf(item), { id: 'error', color: 'list.errorForeground' });
    const error = (await items(node)).find((c) => c.item.contextValue === 'lastError');
    assert.ok(error, 'no last-error node');
    assert.equal(label(error.item), 'Refresh token already used (rotation)');
    assert.match(String(error.item.description), /^GetTokensFromRefreshToken, /);
    assert.match(tooltipText(error.item), /Likely causes/);
    assert.match(tooltipText(error.item), /\[Documentation\]\(https:\/\//);
    const history = (await items(node)).find((c) => label(c.item).startsWith('History'))!;
    const [newest] = await items(history.node);
    assert.match(String(newest!.item.description), /^RefreshTokenReuseException · /);
    assert.equal(iconOf(newest!.item).id, 'error');
  });

  it('an expired session reads "expired … ago" with the expired icon', async () => {
    const { result } = await addFromSandbox(expired, 'no-rotation', { refresh: false, label: 'Old' });
    assert.ok(result.ok, JSON.stringify(result));
    const { item, node } = await sessionNode(result.sessionId);
    assert.match(String(item.description), /^expired 1 h( \d+ min)? ago$/);
    assert.deepEqual(iconOf(item), { id: 'clock', color: 'list.errorForeground' });
    const access = (await items(node)).find((c) => label(c.item) === 'Access token')!;
    assert.match(String(access.item.description), /^expired 1 h( \d+ min)? ago$/);
  });

  it('lists a broken entry as unreadable, with repair and remove in its menu', async () => {
    const api = await extensionApi();
    const id = await api.selfTest.storeUnreadableSession('invalid-field');
    const broken = await waitFor('the broken node', async () => (await items()).find((x) => x.item.id === id));
    assert.equal(label(broken.item), 'Unreadable session');
    assert.equal(broken.item.contextValue, 'brokenSession');
    assert.equal(broken.item.description, 'invalid-field');
    assert.match(tooltipText(broken.item), /Repair it by pasting the session again, or remove it/);
    const menus = vscode.extensions.getExtension('cognito-token-debugger.cognito-token-debugger')!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string }[];
    const forBroken = menus.filter((m) => m.when.includes('brokenSession')).map((m) => m.command);
    assert.ok(forBroken.includes('cognitoTokenDebugger.repairSession') && forBroken.includes('cognitoTokenDebugger.removeSession'));
    await run('removeSession', id, { confirm: false });
  });

  it('the Access token row opens the inspector on the access-token tab when no inspector is open (issue 7, item 18)', async () => {
    const api = await extensionApi();
    const key = `session:${sandboxSession.sessionId}`;
    const rows = await items((await sessionNode(sandboxSession.sessionId)).node);
    const row = (name: string) => {
      const found = rows.find((c) => label(c.item) === name)?.item.command;
      assert.ok(found, `no command on the ${name} row`);
      return found;
    };
    const click = (command: vscode.Command) => vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    // No inspector open: every editor closed, no webview tab left (and, as in inspector.test.ts,
    // a quiet moment: code-server can leave a webview blank that opens right after another one).
    const openFresh = async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor('no webview tab left', () => vscode.window.tabGroups.all.every((g) => g.tabs.every((t) => !(t.input instanceof vscode.TabInputWebview))));
      await waitFor('no inspector panel left', () => api.inspector.debugState().length === 0);
      await new Promise((r) => setTimeout(r, 3_000));
      await click(row('Access token'));
      return waitFor('the new panel delivered a state to its ready webview', () => api.inspector.debugState().find((p) => p.key === key && p.ready && p.statesPosted > 0), 20_000);
    };
    let panel = await openFresh().catch(() => openFresh());
    // The state the webview got asks for the access-token tab (without a tab in it, the webview shows the ID token).
    panel = await waitFor('the access-token tab delivered to the webview', () => api.inspector.debugState().find((p) => p.key === key && p.focusDelivered === 'access'), 20_000);
    assert.ok(panel.lastState?.tabs.some((t) => t.slot === 'access' && t.present));
    // With the panel open, the ID token row switches the same panel to the ID tab.
    await click(row('ID token'));
    await waitFor('the ID tab delivered to the open panel', () => api.inspector.debugState().find((p) => p.key === key && p.focusDelivered === 'id'), 20_000);
    assert.equal(api.inspector.debugState().filter((p) => p.key === key).length, 1, 'one panel per session');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('after Revoke Refresh Token the session and its tokens read "revoked … ago" with the revoked icon (issue 7, item 10)', async () => {
    const fresh = await ownSandbox();
    try {
      const { result } = await addFromSandbox(fresh, 'no-rotation', { label: 'To be revoked' });
      assert.ok(result.ok, JSON.stringify(result));
      const before = await sessionNode(result.sessionId);
      assert.match(String(before.item.description), /^expires in (59|60) min$/);
      const revoked = await run<{ ok: boolean }>('revokeRefreshToken', result.sessionId, { confirm: false });
      assert.equal(revoked.ok, true, JSON.stringify(revoked));
      const { item, node } = await waitFor('the session shown revoked', async () => {
        const n = await sessionNode(result.sessionId);
        return /^revoked /.test(String(n.item.description)) ? n : undefined;
      });
      assert.match(String(item.description), /^revoked (just now|\d+ s ago)$/);
      assert.deepEqual(iconOf(item), { id: 'circle-slash', color: 'list.errorForeground' });
      const tokens = (await items(node)).filter((c) => /token$/.test(label(c.item)));
      assert.deepEqual(tokens.map((c) => label(c.item)), ['ID token', 'Access token', 'Refresh token']);
      for (const t of tokens) assert.deepEqual(iconOf(t.item), { id: 'circle-slash', color: 'list.errorForeground' }, label(t.item));
      for (const t of tokens.slice(0, 2)) assert.match(String(t.item.description), /^revoked (just now|\d+ s ago)$/, label(t.item));
      assert.match(tooltipText(item), /Tokens: /);
      await run('removeSession', result.sessionId, { confirm: false });
    } finally {
      await fresh.close();
    }
  });

  it('sessions with the same label are told apart by endpoint and app client, the important fact first (issue 7, item 16)', async () => {
    const fresh = await ownSandbox();
    try {
      // Two app clients whose ids share their first 9 characters (sbxrotate10grace…, sbxrotate0grace…),
      // and two sign-ins on one of them.
      const names = ['rotating-grace-10s', 'rotating-no-grace', 'rotating-no-grace'] as const;
      const added: string[] = [];
      for (const name of names) {
        const { result } = await addFromSandbox(fresh, name, { label: 'Twin' });
        assert.ok(result.ok, JSON.stringify(result));
        added.push(result.sessionId);
      }
      const port = new URL(fresh.endpoint).port;
      const ids = names.map((name) => fresh.info.clients.find((c) => c.name === name)!.clientId);
      const descriptions = await Promise.all(added.map(async (id) => String((await sessionNode(id)).item.description)));
      assert.equal(new Set(descriptions).size, 3, `some read the same: ${JSON.stringify(descriptions)}`);
      const shape = new RegExp(`^expires in (59|60) min · local 127\\.0\\.0\\.1:${port}, client ([A-Za-z0-9]+)…(, refresh token [0-9a-f]+)?$`);
      const prefixes = descriptions.map((d) => {
        const m = shape.exec(d);
        assert.ok(m, d);
        return m[2]!;
      });
      assert.ok(ids[0]!.startsWith(prefixes[0]!) && !ids[1]!.startsWith(prefixes[0]!), `"${prefixes[0]}" does not tell ${ids[0]} from ${ids[1]}`);
      assert.ok(ids[1]!.startsWith(prefixes[1]!) && !ids[0]!.startsWith(prefixes[1]!), `"${prefixes[1]}" does not tell ${ids[1]} from ${ids[0]}`);
      assert.doesNotMatch(descriptions[0]!, /refresh token/, 'alone on its client: no fingerprint needed');
      // A session whose label is its own reads the fact alone.
      assert.doesNotMatch(String((await sessionNode(sandboxSession.sessionId)).item.description), / · /);
      await run('removeSession', added[0], { confirm: false });
      await run('removeSession', added[1], { confirm: false });
      assert.match(String((await sessionNode(added[2]!)).item.description), /^expires in (59|60) min$/, 'once the label is unique again');
      await run('removeSession', added[2], { confirm: false });
    } finally {
      await fresh.close();
    }
  });

  it('re-renders as time passes only while the view is visible', async () => {
    const t = await tree();
    // A refresh token held for a few seconds: its label changes every second.
    await run('refreshSession', sandboxSession.sessionId);
    await vscode.commands.executeCommand('workbench.view.extension.cognitoTokenDebugger');
    const start = t.renders;
    await waitFor('a render driven by the clock', () => t.renders >= start + 2, 5000);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await new Promise((r) => setTimeout(r, 300));
    const hidden = t.renders;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(t.renders, hidden, 'the tree kept re-rendering while hidden');
  });
});
