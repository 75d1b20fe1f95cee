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
    }
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
