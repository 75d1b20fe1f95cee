// The status bar item: the selected session's access-token countdown (`$(key) 12m`), click to
// refresh it. Theme warning colours when the token has less than five minutes left, error
// colours when it has expired or the last refresh failed. Hidden when there is no session.
// It re-renders when a session changes and when the countdown's text would change.
import * as vscode from 'vscode';
import type { SessionManager } from '../sessions/sessionManager';
import { expiryLabel, msUntilLabelChanges, shortCountdown, tokenState } from '../sessions/view';

export interface StatusBarState {
  visible: boolean;
  text: string;
  tooltip: string;
  /** The ThemeColor id of the background, when there is one. */
  backgroundColor?: string;
  command?: string;
  sessionId?: string;
}

export class SessionStatusBar implements vscode.Disposable {
  /** Created the first time there is something to show. */
  private itemCreated: vscode.StatusBarItem | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: StatusBarState = { visible: false, text: '', tooltip: '' };

  constructor(private readonly sessions: SessionManager) {
    this.subscriptions.push(
      sessions.onDidChange(() => this.render()),
      sessions.onDidChangeSelection(() => this.render()),
    );
    this.render();
  }

  private get item(): vscode.StatusBarItem {
    if (!this.itemCreated) {
      this.itemCreated = vscode.window.createStatusBarItem('cognitoTokenDebugger.session', vscode.StatusBarAlignment.Right, 100);
      this.itemCreated.name = 'Cognito Session';
      this.subscriptions.push(this.itemCreated);
    }
    return this.itemCreated;
  }

  /** What the item shows now (the tests read it through the extension's API). */
  state(): StatusBarState {
    return { ...this.current };
  }

  private render(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const id = this.sessions.selectedId();
    const view = id === undefined ? undefined : this.sessions.get(id);
    if (!view || view.kind !== 'ok') {
      this.itemCreated?.hide();
      this.current = { visible: false, text: '', tooltip: '' };
      return;
    }
    const now = Date.now();
    const exp = view.accessToken.expiresAt;
    const state = tokenState(view.accessToken, now);
    const busy = this.sessions.busyWith(view.id);
    const failed = view.lastError !== undefined && view.lastError.operation !== 'RevokeToken' && view.lastError.operation !== 'GlobalSignOut';
    const countdown = view.revoked ? 'revoked' : exp === undefined ? 'no token' : shortCountdown(exp, now);
    const text = busy === 'refreshing' ? `$(sync~spin) ${countdown}` : `$(${failed ? 'error' : 'key'}) ${countdown}`;
    const background = failed || view.revoked || state === 'expired' ? 'statusBarItem.errorBackground' : state === 'expiring' ? 'statusBarItem.warningBackground' : undefined;

    const tip = new vscode.MarkdownString('', true);
    tip.isTrusted = { enabledCommands: ['cognitoTokenDebugger.selectSession', 'cognitoTokenDebugger.openInspector'] };
    const label = view.session.label.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');
    tip.appendMarkdown(`**${label}**\n\n`);
    tip.appendMarkdown(view.revoked ? `${view.revoked.text.replace(/([\\`*_[\]<>])/g, '\\$1')}\n\n` : exp === undefined ? 'No access token yet.\n\n' : `Access token ${expiryLabel(exp, now)}.\n\n`);
    if (failed && view.lastErrorExplanation) tip.appendMarkdown(`$(error) Last refresh failed: ${view.lastErrorExplanation.title.replace(/([\\`*_[\]<>])/g, '\\$1')}\n\n`);
    tip.appendMarkdown('Click to refresh · [Select session](command:cognitoTokenDebugger.selectSession) · ');
    tip.appendMarkdown(`[Open inspector](command:cognitoTokenDebugger.openInspector?${encodeURIComponent(JSON.stringify([view.id]))})`);

    this.item.text = text;
    this.item.tooltip = tip;
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    this.item.command = { command: 'cognitoTokenDebugger.refreshSession', title: 'Refresh Session', arguments: [view.id] };
    this.item.accessibilityInformation = {
      label: `Cognito session ${view.session.label}: ${exp === undefined ? 'no access token' : `access token ${expiryLabel(exp, now)}`}${failed ? ', last refresh failed' : ''}. Click to refresh.`,
    };
    this.item.show();
    this.current = {
      visible: true,
      text,
      tooltip: tip.value,
      ...(background ? { backgroundColor: background } : {}),
      command: 'cognitoTokenDebugger.refreshSession',
      sessionId: view.id,
    };
    if (exp !== undefined && exp > now) this.timer = setTimeout(() => this.render(), msUntilLabelChanges(exp, now));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
