// The Sessions view's items: what each node of the tree shows (labels, descriptions, icons,
// tooltips). sessionsTree.ts is the provider that VS Code holds from activation on; this file is
// needed only once there are stored sessions to show, so it lives in a chunk loaded then
// (scripts/build.mjs) and never in a window without sessions. Tooltips never hold a token.
import * as vscode from 'vscode';
import type { HistoryEvent } from '../../core/sessions/index';
import type { SessionManager } from '../sessions/sessionManager';
import { serverTreeItem } from '../server/serverTree';
import { ageLabel, expiryLabel, historyLine, tokenState, type BrokenView, type EntryView, type SessionView, type TokenState, type TokenSummary } from '../sessions/view';
import type { SessionNode, TokenWhich } from './sessionsTree';
import { refreshTokenEndText } from '../../core/token/diff';
import { formatLocalAndUtc } from '../../shared/format';

/** What the items read of the manager besides the session's own view. */
export type ItemSessions = Pick<SessionManager, 'busyWith' | 'sessions' | 'hasUnsaved'>;

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

/** Local time with UTC beside it (issue 7 item 22), as the hover and the inspector show times. */
function iso(ms: number): string {
  return formatLocalAndUtc(ms);
}

export function treeItem(sessions: ItemSessions, element: SessionNode, view: EntryView, now: number): vscode.TreeItem {
  if (view.kind === 'broken' || element.type === 'broken') return brokenItem(view as BrokenView);
  switch (element.type) {
    case 'session':
      return sessionItem(sessions, view, now);
    case 'token':
      return tokenItem(view, element.which, now);
    case 'error':
      return errorItem(view, now);
    case 'history': {
      const item = new vscode.TreeItem(`History (${view.history.length})`, view.history.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `${view.id}/history`;
      item.iconPath = icon('history');
      item.contextValue = 'history';
      item.tooltip = 'Every refresh and revoke of this session, newest first: time, operation, whether the refresh token rotated, fingerprints old→new, latency, outcome.';
      return item;
    }
    case 'event':
      return eventItem(view, element.index);
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

function sessionItem(sessions: ItemSessions, view: SessionView, now: number): vscode.TreeItem {
  const s = view.session;
  const item = new vscode.TreeItem(s.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = view.id;
  const busy = sessions.busyWith(view.id);
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
    const twins = sessions.sessions().filter((o) => o.id !== view.id && o.session.label === s.label);
    // Tokens held in memory only (the secret storage refused them) come before everything else.
    const atRisk = sessions.hasUnsaved(view.id) ? 'new tokens not saved yet: keep this window open · ' : '';
    item.description = `${atRisk}${twins.length > 0 ? `${fact} · ${where(view, twins)}` : fact}`;
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

function tokenItem(view: SessionView, which: TokenWhich, now: number): vscode.TreeItem {
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

function errorItem(view: SessionView, now: number): vscode.TreeItem {
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

function eventItem(view: SessionView, index: number): vscode.TreeItem {
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
  tip.appendMarkdown(`**${esc(e.operation)}** at ${esc(formatLocalAndUtc(Date.parse(e.at)))}\n\n`);
  tip.appendMarkdown(`- Outcome: ${e.outcome}${e.errorName ? ` (${esc(e.errorName)})` : ''}\n`);
  if (e.operation !== 'RevokeToken' && e.operation !== 'GlobalSignOut') tip.appendMarkdown(`- Refresh token: ${e.rotated ? `rotated \`${e.oldFingerprint}\` → \`${e.newFingerprint ?? '?'}\`` : `kept \`${e.oldFingerprint}\``}\n`);
  tip.appendMarkdown(`- Latency: ${e.latencyMs} ms\n`);
  if (e.httpStatus !== undefined) tip.appendMarkdown(`- HTTP status: ${e.httpStatus}\n`);
  if (e.requestId) tip.appendMarkdown(`- Request id: ${esc(e.requestId)}\n`);
  if (e.notes?.length) tip.appendMarkdown(`- Notes: ${esc(e.notes.join(', '))}\n`);
  // When the refresh token ends: the sign-in (auth_time) + the app client's validity, when known.
  if (e.changes?.refreshToken) tip.appendMarkdown(`- ${esc(refreshTokenEndText(e.changes.refreshToken, Date.now()))}\n`);
  if (e.errorMessage) tip.appendMarkdown(`\n${esc(e.errorMessage)}\n`);
  item.tooltip = tip;
  return item;
}

function brokenItem(view: BrokenView): vscode.TreeItem {
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

/**
 * What tells sessions with one label apart: the endpoint kind and the app client, its id cut to
 * the shortest prefix (8 characters at least) that no twin on another client shares; twins on the
 * same endpoint and client (two sign-ins) add the refresh token's fingerprint.
 */
function where(view: SessionView, twins: readonly SessionView[]): string {
  const s = view.session;
  const kind = s.endpoint === undefined ? `AWS ${s.region}` : /^https?:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(s.endpoint) ? `local ${s.endpoint.replace(/^https?:\/\//, '')}` : s.endpoint.replace(/^https?:\/\//, '');
  const others = twins.map((t) => t.session.clientId).filter((id) => id !== s.clientId);
  let n = Math.min(8, s.clientId.length);
  while (n < s.clientId.length && others.some((id) => id.slice(0, n) === s.clientId.slice(0, n))) n++;
  const client = n < s.clientId.length ? `${s.clientId.slice(0, n)}…` : s.clientId;
  const sameClient = twins.some((t) => t.session.clientId === s.clientId && t.session.endpoint === s.endpoint && t.session.region === s.region);
  const fp = view.refreshToken.fingerprint;
  return `${kind}, client ${client}${sameClient && fp ? `, refresh token ${fp}` : ''}`;
}
