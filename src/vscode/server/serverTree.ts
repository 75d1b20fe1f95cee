// The "Server sessions" node under a session in the Sessions view: ListUserSessions with the
// session's access token, sent when the node is expanded (never at activation or on a timer),
// the pool's tracking state first, then one item per server-side session, this one marked.
// Results are kept per session until the next expand or a server action on it, so labels
// re-render without asking Cognito again.
import * as vscode from 'vscode';
import type { ServerResult, UserSessionsView } from '../../core/server/types';
import type { SessionManager } from '../sessions/sessionManager';
import { line, sessionDescription, sessionLabel, TRACKING_TEXT } from './render';
import { listForSession } from './serverOps';
import type { Ctx } from '../context';
import { serverSessionsChanged } from '../tree/serverSignal';

export type ServerTreeNode =
  | { readonly type: 'serverSession'; readonly sessionId: string; readonly key: string }
  | { readonly type: 'serverInfo'; readonly sessionId: string; readonly key: 'tracking' | 'failure' | 'note' | 'none' };

const cache = new Map<string, { readonly at: number; readonly result: ServerResult<UserSessionsView> }>();

/** The last list read for a session (tree labels, tests). */
export function cachedServerSessions(sessionId: string): ServerResult<UserSessionsView> | undefined {
  return cache.get(sessionId)?.result;
}

/** A list a command read (Show Server Sessions, the inspector): the tree shows it too. */
export function rememberServerSessions(sessionId: string, result: ServerResult<UserSessionsView>): void {
  cache.set(sessionId, { at: Date.now(), result });
  serverSessionsChanged();
}

/**
 * Drops the list kept for a session, or for every session (after a revoke or a sign-out: the
 * other sessions of the user listed what changed too), so the next render reads it again.
 */
export function forgetServerSessions(sessionId?: string): void {
  if (sessionId === undefined) cache.clear();
  else cache.delete(sessionId);
  serverSessionsChanged();
}

/** The node was expanded: the next render reads the list again (once; re-renders then use it). */
export function serverNodeExpanded(sessionId: string): void {
  cache.delete(sessionId);
}

/**
 * The children of a session's "Server sessions" node: the list kept for it, else ListUserSessions
 * (every page) read now. The tree re-renders every second while a label counts seconds: those
 * renders never ask Cognito again (seen before: 150 calls in 2 minutes with the node open).
 */
export async function serverChildren(ctx: Ctx | undefined, sessions: SessionManager, sessionId: string): Promise<ServerTreeNode[]> {
  const kept = cache.get(sessionId)?.result;
  const result = kept ?? (await listForSession(ctx, sessions, sessionId));
  if (result === undefined) return [{ type: 'serverInfo', sessionId, key: 'none' }];
  if (kept === undefined) cache.set(sessionId, { at: Date.now(), result });
  if (!result.ok) return [{ type: 'serverInfo', sessionId, key: 'failure' }];
  const out: ServerTreeNode[] = [{ type: 'serverInfo', sessionId, key: 'tracking' }];
  if (result.value.note) out.push({ type: 'serverInfo', sessionId, key: 'note' });
  for (const s of result.value.sessions) out.push({ type: 'serverSession', sessionId, key: s.sessionId });
  return out;
}

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** Plain text as a tooltip: a MarkdownString would render `*` and links, so a string it is. */
export function serverTreeItem(node: ServerTreeNode, now: number): vscode.TreeItem {
  const result = cachedServerSessions(node.sessionId);
  if (node.type === 'serverInfo') {
    if (node.key === 'none' || result === undefined) {
      const item = new vscode.TreeItem('No access token: refresh the session first');
      item.id = `${node.sessionId}/server/none`;
      item.iconPath = icon('info');
      item.command = { command: 'cognitoTokenDebugger.refreshSession', title: 'Refresh Session', arguments: [node.sessionId] };
      return item;
    }
    if (!result.ok) {
      const e = result.failure.explanation;
      const item = new vscode.TreeItem(line(e.title, 120));
      item.id = `${node.sessionId}/server/failure`;
      item.description = result.failure.operation;
      item.iconPath = icon('error', 'list.errorForeground');
      item.contextValue = 'serverFailure';
      item.tooltip = [line(e.title, 300), '', line(e.whatHappened, 800), ...e.whatToDo.slice(0, 3).map((t) => `- ${line(t, 400)}`)].join('\n');
      item.command = { command: 'cognitoTokenDebugger.showServerSessions', title: 'Show Server Sessions', arguments: [node.sessionId] };
      return item;
    }
    const view = result.value;
    if (node.key === 'note') {
      const item = new vscode.TreeItem(line(view.note ?? '', 160));
      item.id = `${node.sessionId}/server/note`;
      item.iconPath = icon('info');
      item.tooltip = line(view.note ?? '', 800);
      return item;
    }
    const item = new vscode.TreeItem(`Session tracking: ${view.tracking === 'ENABLED' ? 'on' : view.tracking === 'DISABLED' ? 'off' : 'unknown'}`);
    item.id = `${node.sessionId}/server/tracking`;
    item.description = `${view.sessions.length} session${view.sessions.length === 1 ? '' : 's'} listed${view.truncated ? ' (more exist)' : ''}`;
    item.iconPath = icon(view.tracking === 'ENABLED' ? 'pass' : view.tracking === 'DISABLED' ? 'circle-slash' : 'question');
    item.tooltip = `User session tracking: ${TRACKING_TEXT[view.tracking]}`;
    item.contextValue = 'serverTracking';
    return item;
  }
  const s = result && result.ok ? result.value.sessions.find((x) => x.sessionId === node.key) : undefined;
  if (!s) return new vscode.TreeItem('(gone)');
  const item = new vscode.TreeItem(sessionLabel(s));
  item.id = `${node.sessionId}/server/${node.key}`;
  item.description = sessionDescription(s, now);
  item.iconPath = s.isCurrent ? icon('pass-filled', 'testing.iconPassed') : s.type === 'SSO' ? icon('globe') : icon('device-desktop');
  item.contextValue = s.isCurrent ? 'serverSession serverSession-current' : 'serverSession serverSession-other';
  item.tooltip = [
    sessionLabel(s),
    `Type: ${s.type}`,
    s.clientId ? `App client: ${line(s.clientId)}` : undefined,
    s.createdAt ? `Created: ${s.createdAt}` : undefined,
    s.lastActiveAt ? `Last active: ${s.lastActiveAt}` : undefined,
    s.deviceType ? `Device: ${line(s.deviceType)}` : undefined,
    s.lastIpAddress ? `Last IP address: ${line(s.lastIpAddress)}` : undefined,
    s.location ? `Location: ${line(s.location)}` : undefined,
    s.originSessionId ? `Origin SSO session: ${line(s.originSessionId)}` : undefined,
    s.isCurrent ? `This session${s.currentBy === 'sign-in-time' ? ' (matched by app client and sign-in time)' : ''}` : 'Another session of this user',
  ]
    .filter((x) => x !== undefined)
    .join('\n');
  item.accessibilityInformation = { label: `${sessionLabel(s)}, ${String(item.description)}` };
  return item;
}
