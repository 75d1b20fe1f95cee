// The Sessions view: each session with its ID, access and refresh tokens (expiry that updates
// as time passes), its last error (the catalog's title, the explanation in the tooltip) and its
// rotation history. Labels come from the manager's token-free views; tooltips never hold a
// token. A timer re-renders only while the view is visible, and only when a label changes.
import * as vscode from 'vscode';
import type { HistoryEvent } from '../../core/sessions/index';
import type { SessionManager } from '../sessions/sessionManager';
import type { Ctx } from '../context';
import { serverChildren, serverNodeExpanded, serverTreeItem, type ServerTreeNode } from '../server/serverTree';
import { onDidChangeServerSessions } from './serverSignal';
import {
  ageLabel,
  expiryLabel,
  historyLine,
  msUntilLabelChanges,
  tokenState,
  type BrokenView,
  type SessionView,
  type TokenState,
  type TokenSummary,
} from '../sessions/view';

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

const TOKEN_LABEL: Record<TokenWhich, string> = { id: 'ID token', access: 'Access token', refresh: 'Refresh token' };

const STATE_ICON: Record<TokenState, [string, string | undefined]> = {
  valid: ['pass', 'testing.iconPassed'],
  expiring: ['watch', 'list.warningForeground'],
  expired: ['clock', 'list.errorForeground'],
  'no-expiry': ['key', undefined],
  missing: ['circle-outline', 'disabledForeground'],
};

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** Plain text into a MarkdownString without letting it become markup. */
function md(): vscode.MarkdownString {
  const m = new vscode.MarkdownString('', true);
  m.supportHtml = false;
  return m;
}

function esc(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

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
    if (view.kind === 'broken' || element.type === 'broken') return this.brokenItem(view as BrokenView);
    const now = Date.now();
    switch (element.type) {
      case 'session':
        return this.sessionItem(view, now);
      case 'token':
        return this.tokenItem(view, element.which, now);
      case 'error':
        return this.errorItem(view, now);
      case 'history': {
        const item = new vscode.TreeItem(`History (${view.history.length})`, view.history.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${view.id}/history`;
        item.iconPath = icon('history');
        item.contextValue = 'history';
        item.tooltip = 'Every refresh and revoke of this session, newest first: time, operation, whether the refresh token rotated, fingerprints old→new, latency, outcome.';
        return item;
      }
      case 'event':
        return this.eventItem(view, element.index);
      case 'server': {
        // Built here, so the server view's module loads only when the node is expanded.
        const item = new vscode.TreeItem('Server sessions', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${view.id}/server`;
        item.iconPath = icon('server');
        item.contextValue = 'serverSessions';
        item.tooltip = "The user's sessions as Cognito keeps them (ListUserSessions with this session's access token), read when expanded; Show Server Sessions reads them again.";
        return item;
      }
      case 'serverSession':
      case 'serverInfo':
        return serverTreeItem(element, now);
    }
  }

  private sessionItem(view: SessionView, now: number): vscode.TreeItem {
    const s = view.session;
    const item = new vscode.TreeItem(s.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = view.id;
    const busy = this.sessions.busyWith(view.id);
    const access = tokenState(view.accessToken, now);
    if (busy) {
      item.description = `${busy}…`;
      item.iconPath = new vscode.ThemeIcon('sync~spin');
    } else {
      // The important fact first; then, where another session has the same label, what tells them apart.
      const fact = view.revoked
        ? `revoked ${ageLabel(Date.parse(view.revoked.at), now)}`
        : view.lastErrorExplanation
          ? view.lastErrorExplanation.title
          : view.accessToken.expiresAt !== undefined
            ? expiryLabel(view.accessToken.expiresAt, now)
            : 'not refreshed yet';
      const twins = this.sessions.sessions().filter((o) => o.session.label === s.label).length > 1;
      // Tokens held in memory only (the secret storage refused them) come before everything else.
      const atRisk = this.sessions.hasUnsaved(view.id) ? 'new tokens not saved yet: keep this window open · ' : '';
      item.description = `${atRisk}${twins ? `${fact} · ${where(s)}` : fact}`;
      const [name, color] = view.revoked ? (['circle-slash', 'list.errorForeground'] as const) : view.lastError ? (['error', 'list.errorForeground'] as const) : STATE_ICON[access];
      item.iconPath = icon(name, color);
    }
    const flags = ['session', view.idToken.present ? 'hasId' : '', view.accessToken.present ? 'hasAccess' : '', view.lastError ? 'failed' : ''].filter(Boolean);
    item.contextValue = flags.join(' ');
    const tip = md();
    tip.appendMarkdown(`**${esc(s.label)}**\n\n`);
    const rows: [string, string][] = [
      ['User pool', `${s.userPoolId} (${s.region})`],
      ['App client', s.clientId],
      ['Endpoint', s.endpoint ?? `AWS, ${s.region}`],
      ['Refresh method', `${s.refreshMethod}${s.effectiveMethod ? ` (using ${s.effectiveMethod})` : ''}`],
      ['Client secret', view.hasClientSecret ? 'set (in secret storage)' : 'none'],
    ];
    if (s.username) rows.push(['Username', s.username]);
    if (s.observedRotation !== undefined) rows.push(['Rotation', s.observedRotation ? 'observed (a new refresh token came back)' : 'not observed']);
    if (view.revoked) rows.push(['Tokens', view.revoked.text]);
    else if (view.accessToken.expiresAt !== undefined) rows.push(['Access token', `${expiryLabel(view.accessToken.expiresAt, now)} (${iso(view.accessToken.expiresAt)})`]);
    for (const [k, v] of rows) tip.appendMarkdown(`- ${k}: ${esc(v)}\n`);
    if (view.lastErrorExplanation && view.lastError) {
      tip.appendMarkdown(`\n$(error) **${esc(view.lastErrorExplanation.title)}** (${esc(view.lastError.operation)}, ${esc(ageLabel(Date.parse(view.lastError.at), now))})\n`);
    }
    item.tooltip = tip;
    item.accessibilityInformation = { label: `Session ${s.label}, ${String(item.description)}` };
    return item;
  }

  private tokenItem(view: SessionView, which: TokenWhich, now: number): vscode.TreeItem {
    const t: TokenSummary = which === 'id' ? view.idToken : which === 'access' ? view.accessToken : view.refreshToken;
    const item = new vscode.TreeItem(TOKEN_LABEL[which], vscode.TreeItemCollapsibleState.None);
    item.id = `${view.id}/${which}`;
    const state = tokenState(t, now);
    if (!t.present) {
      item.description = 'none yet';
    } else if (which === 'refresh' && t.expiresAt === undefined) {
      const kind = t.format === 'jwe' ? 'opaque (encrypted)' : 'opaque';
      item.description = `${kind}, received ${ageLabel(view.refreshToken.heldSince, now)}`;
    } else if (view.revoked) {
      item.description = `revoked ${ageLabel(Date.parse(view.revoked.at), now)}`;
    } else if (t.expiresAt !== undefined) {
      item.description = expiryLabel(t.expiresAt, now);
    } else {
      item.description = 'no expiry claim';
    }
    const [name, color] = t.present && view.revoked ? (['circle-slash', 'list.errorForeground'] as const) : which === 'refresh' && state === 'no-expiry' ? ['lock', undefined] : STATE_ICON[state];
    item.iconPath = icon(name, color);
    item.contextValue = t.present ? `token token-${which}` : `token-missing token-${which}`;
    const size = which !== 'refresh' ? t.sizeWarning : undefined;
    if (size) item.description = `${String(item.description)} · ${size.slice(0, size.indexOf(':'))}, ${size.includes(': over ') ? 'over' : 'near'} a header limit`;
    const tip = md();
    tip.appendMarkdown(`**${TOKEN_LABEL[which]}** of ${esc(view.session.label)}\n\n`);
    if (!t.present) tip.appendMarkdown('None yet: refresh the session to get one.');
    else {
      if (t.format) tip.appendMarkdown(`- Format: ${t.format === 'jwe' ? 'JWE (encrypted: only Cognito can read it)' : t.format === 'jws' ? 'JWS (signed JWT)' : 'opaque'}\n`);
      if (t.expiresAt !== undefined) tip.appendMarkdown(`- Expires: ${esc(iso(t.expiresAt))} (${esc(expiryLabel(t.expiresAt, now))})\n`);
      if (t.issuedAt !== undefined) tip.appendMarkdown(`- Issued: ${esc(iso(t.issuedAt))}\n`);
      if (which === 'refresh') tip.appendMarkdown(`- Received: ${esc(iso(view.refreshToken.heldSince))} (the last rotation, or when the session was added)\n`);
      if (t.fingerprint) tip.appendMarkdown(`- Fingerprint: \`${t.fingerprint}\` (SHA-256 prefix, not the token)\n`);
      if (size) tip.appendMarkdown(`- $(warning) Size: ${esc(size)}\n`);
    }
    item.tooltip = tip;
    if (t.present) item.command = { command: 'cognitoTokenDebugger.openInspector', title: 'Open Inspector', arguments: [{ sessionId: view.id, which }] };
    return item;
  }

  private errorItem(view: SessionView, now: number): vscode.TreeItem {
    const e = view.lastErrorExplanation;
    const last = view.lastError;
    const item = new vscode.TreeItem(e?.title ?? last?.name ?? 'Error', vscode.TreeItemCollapsibleState.None);
    item.id = `${view.id}/error`;
    item.description = last ? `${last.operation}, ${ageLabel(Date.parse(last.at), now)}` : '';
    item.iconPath = icon('error', 'list.errorForeground');
    item.contextValue = 'lastError';
    if (e) {
      const tip = md();
      tip.appendMarkdown(`$(error) **${esc(e.title)}**\n\n${esc(e.whatHappened)}\n\n`);
      if (e.likelyCauses.length) tip.appendMarkdown(`**Likely causes**\n\n${e.likelyCauses.slice(0, 3).map((c) => `- ${esc(c)}`).join('\n')}\n\n`);
      if (e.whatToDo.length) tip.appendMarkdown(`**What to do**\n\n${e.whatToDo.slice(0, 3).map((c) => `- ${esc(c)}`).join('\n')}\n\n`);
      if (last?.message) tip.appendMarkdown(`Cognito said: ${esc(last.message)}\n\n`);
      tip.appendMarkdown(`[Documentation](${e.docsUrl})`);
      item.tooltip = tip;
    }
    item.command = { command: 'cognitoTokenDebugger.openInspector', title: 'Open Inspector', arguments: [view.id] };
    return item;
  }

  private eventItem(view: SessionView, index: number): vscode.TreeItem {
    const e: HistoryEvent | undefined = view.history[index];
    if (!e) return new vscode.TreeItem('(gone)');
    const { label, description } = historyLine(e);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${view.id}/event/${e.at}/${index}`;
    item.description = description;
    item.iconPath =
      e.outcome === 'error'
        ? icon('error', 'list.errorForeground')
        : e.operation === 'RevokeToken' || e.operation === 'GlobalSignOut'
          ? icon('circle-slash')
          : e.rotated
            ? icon('arrow-swap', 'testing.iconPassed')
            : icon('check', 'testing.iconPassed');
    item.contextValue = 'historyEvent';
    const tip = md();
    tip.appendMarkdown(`**${esc(e.operation)}** at ${esc(e.at)}\n\n`);
    tip.appendMarkdown(`- Outcome: ${e.outcome}${e.errorName ? ` (${esc(e.errorName)})` : ''}\n`);
    if (e.operation !== 'RevokeToken' && e.operation !== 'GlobalSignOut') tip.appendMarkdown(`- Refresh token: ${e.rotated ? `rotated \`${e.oldFingerprint}\` → \`${e.newFingerprint ?? '?'}\`` : `kept \`${e.oldFingerprint}\``}\n`);
    tip.appendMarkdown(`- Latency: ${e.latencyMs} ms\n`);
    if (e.httpStatus !== undefined) tip.appendMarkdown(`- HTTP status: ${e.httpStatus}\n`);
    if (e.requestId) tip.appendMarkdown(`- Request id: ${esc(e.requestId)}\n`);
    if (e.notes?.length) tip.appendMarkdown(`- Notes: ${esc(e.notes.join(', '))}\n`);
    if (e.errorMessage) tip.appendMarkdown(`\n${esc(e.errorMessage)}\n`);
    item.tooltip = tip;
    return item;
  }

  private brokenItem(view: BrokenView): vscode.TreeItem {
    const item = new vscode.TreeItem('Unreadable session', vscode.TreeItemCollapsibleState.None);
    item.id = view.id;
    item.description = view.error.code;
    item.iconPath = icon('warning', 'list.errorForeground');
    item.contextValue = 'brokenSession';
    const tip = md();
    tip.appendMarkdown(`$(warning) **This stored session cannot be read**\n\n${esc(view.error.message)}\n\n`);
    tip.appendMarkdown('Repair it by pasting the session again, or remove it. Other sessions are not affected.');
    item.tooltip = tip;
    item.accessibilityInformation = { label: `Unreadable session: ${view.error.message}` };
    return item;
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

/** What tells two sessions with one label apart: the endpoint kind and the app client. */
function where(s: { clientId: string; endpoint?: string; region: string }): string {
  const kind = s.endpoint === undefined ? `AWS ${s.region}` : /^https?:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(s.endpoint) ? `local ${s.endpoint.replace(/^https?:\/\//, '')}` : s.endpoint.replace(/^https?:\/\//, '');
  return `${kind}, client ${s.clientId.slice(0, 8)}…`;
}
