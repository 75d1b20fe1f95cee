// Which session a command works on: the argument (a session id, a tree node, `{ sessionId }`),
// else the only session, else a quick pick. Commands stay drivable by tests and links.
import * as vscode from 'vscode';
import type { SessionManager } from './sessionManager';
import { expiryLabel, type EntryView } from './view';

/** The session id carried by a command argument, if any. */
export function sessionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() === '' ? undefined : arg.trim();
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    if (typeof o['sessionId'] === 'string') return o['sessionId'];
  }
  return undefined;
}

export interface PickOptions {
  /** Quick pick title, e.g. "Refresh Session". */
  title: string;
  /** Which entries qualify (default: readable sessions). */
  accept?: (entry: EntryView) => boolean;
  /** What to say when none qualifies. */
  none?: string;
}

const readable = (e: EntryView): boolean => e.kind === 'ok';

export async function pickSession(sessions: SessionManager, arg: unknown, options: PickOptions): Promise<string | undefined> {
  await sessions.ready;
  const accept = options.accept ?? readable;
  const given = sessionIdOf(arg);
  if (given !== undefined) {
    const entry = sessions.get(given);
    if (entry && accept(entry)) return given;
    const why = entry ? 'is not one it can work on (it cannot be read)' : 'does not exist (it may have been removed)';
    void vscode.window.showWarningMessage(`Cognito: ${options.title}: the session ${why}.`);
    return undefined;
  }
  const candidates = sessions.entries().filter(accept);
  if (candidates.length === 0) {
    const text = options.none ?? 'There is no session yet. Add one, or try the built-in sandbox.';
    void vscode.window.showInformationMessage(text, 'Add Session', 'Start Sandbox Session').then((choice) => {
      if (choice === 'Add Session') return vscode.commands.executeCommand('cognitoTokenDebugger.addSession');
      if (choice === 'Start Sandbox Session') return vscode.commands.executeCommand('cognitoTokenDebugger.startSandboxSession');
      return undefined;
    });
    return undefined;
  }
  if (candidates.length === 1) return candidates[0]?.id;
  const now = Date.now();
  const items = candidates.map((e) =>
    e.kind === 'ok'
      ? {
          id: e.id,
          label: e.session.label,
          description: `${e.session.userPoolId} · ${e.session.clientId}`,
          detail: e.lastErrorExplanation
            ? `$(error) ${e.lastErrorExplanation.title}`
            : e.accessToken.expiresAt !== undefined
              ? `Access token ${expiryLabel(e.accessToken.expiresAt, now)}`
              : 'No access token yet',
          picked: e.id === sessions.selectedId(),
        }
      : { id: e.id, label: `$(warning) Unreadable session`, description: e.id, detail: e.error.message, picked: false },
  );
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Cognito: ${options.title}`,
    placeHolder: 'Choose a session',
    matchOnDescription: true,
  });
  return chosen?.id;
}
