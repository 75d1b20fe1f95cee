// The Sessions view: each session with its ID, access and refresh tokens (expiry that updates
// as time passes), its last error (the catalog's title, the explanation in the tooltip) and its
// rotation history. Labels come from the manager's token-free views; tooltips never hold a
// token. A timer re-renders only while the view is visible, and only when a label changes.
// This is the provider VS Code holds from activation on; what each item shows is treeItems.ts.
import * as vscode from 'vscode';
import type { SessionManager } from '../sessions/sessionManager';
import type { Ctx } from '../context';
import { serverChildren, serverNodeExpanded, type ServerTreeNode } from '../server/serverTree';
import { onDidChangeServerSessions } from './serverSignal';
import { msUntilLabelChanges } from '../sessions/view';
// The items themselves: a chunk loaded once there are sessions to show (scripts/build.mjs).
import { treeItem } from './treeItems';

export const SESSIONS_VIEW = 'cognitoTokenDebugger.sessions';

export type TokenWhich = 'id' | 'access' | 'refresh';

export type SessionNode =
  | { readonly type: 'session'; readonly sessionId: string }
  | { readonly type: 'broken'; readonly sessionId: string }
  | { readonly type: 'token'; readonly sessionId: string; readonly which: TokenWhich }
  | { readonly type: 'error'; readonly sessionId: string }
  | { readonly type: 'history'; readonly sessionId: string }
  | { readonly type: 'event'; readonly sessionId: string; readonly index: number }
  // The server view (src/vscode/server/serverTree.ts): ListUserSessions, read when expanded.
  | { readonly type: 'server'; readonly sessionId: string }
  | ServerTreeNode;

export class SessionsTree implements vscode.TreeDataProvider<SessionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SessionNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, SessionNode>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible = false;
  /** Renders so far (tests check that time alone re-renders while visible). */
  renders = 0;
  /** Set by the composition root: the server view logs and reads the AWS credential choice through it. */
  ctx: Ctx | undefined;
  /** Header-limit warnings of the tokens, read once per token off the render path. */

  constructor(private readonly sessions: SessionManager) {
    this.subscriptions.push(
      this.changed,
      sessions.onDidChange(() => this.update()),
      onDidChangeServerSessions(() => this.update()),
    );
  }

  /** Called with the TreeView's visibility: the clock runs only while someone can see it. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.update();
    else this.stopClock();
  }

  private update(): void {
    this.renders += 1;
    this.changed.fire(undefined);
    this.armClock();
  }

  private stopClock(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The next moment any label of the tree reads differently. */
  private armClock(): void {
    this.stopClock();
    if (!this.visible) return;
    const now = Date.now();
    const instants: number[] = [];
    for (const e of this.sessions.sessions()) {
      for (const t of [e.idToken, e.accessToken, e.refreshToken]) if (t.expiresAt !== undefined) instants.push(t.expiresAt);
      instants.push(e.refreshToken.heldSince);
      if (e.lastError) instants.push(Date.parse(e.lastError.at));
    }
    const waits = instants.filter((t) => Number.isFinite(t)).map((t) => msUntilLabelChanges(t, now));
    if (waits.length === 0) return;
    this.timer = setTimeout(() => this.update(), Math.min(...waits));
  }

  private node<N extends SessionNode>(n: N): N {
    const key = JSON.stringify(n);
    const existing = this.nodes.get(key);
    if (existing) return existing as N;
    this.nodes.set(key, n);
    return n;
  }

  async getChildren(element?: SessionNode): Promise<SessionNode[]> {
    if (!element) {
      await this.sessions.ready;
      const ids = new Set(this.sessions.entries().map((e) => e.id));
      for (const [key, n] of this.nodes) if (!ids.has(n.sessionId)) this.nodes.delete(key);
      return this.sessions.entries().map((e) => this.node(e.kind === 'ok' ? { type: 'session', sessionId: e.id } : { type: 'broken', sessionId: e.id }));
    }
    const view = this.sessions.get(element.sessionId);
    if (!view || view.kind !== 'ok') return [];
    const id = view.id;
    if (element.type === 'session') {
      const children: SessionNode[] = [
        this.node({ type: 'token', sessionId: id, which: 'id' }),
        this.node({ type: 'token', sessionId: id, which: 'access' }),
        this.node({ type: 'token', sessionId: id, which: 'refresh' }),
      ];
      if (view.lastError) children.push(this.node({ type: 'error', sessionId: id }));
      children.push(this.node({ type: 'history', sessionId: id }));
      // The server view's node, once the composition root handed the context over (tree.ctx).
      if (this.ctx) children.push(this.node({ type: 'server', sessionId: id }));
      return children;
    }
    if (element.type === 'server') return (await serverChildren(this.ctx, this.sessions, id)).map((n) => this.node(n));
    if (element.type === 'history') {
      // Newest first.
      return view.history.map((_, i) => this.node({ type: 'event', sessionId: id, index: view.history.length - 1 - i }));
    }
    return [];
  }

  getParent(element: SessionNode): SessionNode | undefined {
    if (element.type === 'session' || element.type === 'broken') return undefined;
    if (element.type === 'event') return this.node({ type: 'history', sessionId: element.sessionId });
    if (element.type === 'serverSession' || element.type === 'serverInfo') return this.node({ type: 'server', sessionId: element.sessionId });
    return this.node({ type: 'session', sessionId: element.sessionId });
  }

  getTreeItem(element: SessionNode): vscode.TreeItem {
    const view = this.sessions.get(element.sessionId);
    if (!view) return new vscode.TreeItem('(removed)');
    return treeItem(this.sessions, element, view, Date.now());
  }

  dispose(): void {
    this.stopClock();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

/** Creates the tree view and keeps the provider's clock in step with its visibility. */
export function createSessionsView(tree: SessionsTree): vscode.Disposable {
  const view = vscode.window.createTreeView(SESSIONS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  tree.setVisible(view.visible);
  const sub = view.onDidChangeVisibility((e) => tree.setVisible(e.visible));
  const expanded = view.onDidExpandElement((e) => {
    if (e.element.type === 'server') serverNodeExpanded(e.element.sessionId);
  });
  return vscode.Disposable.from(sub, expanded, view);
}
