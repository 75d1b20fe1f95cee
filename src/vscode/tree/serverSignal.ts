// The signal that the server view's kept lists changed (src/vscode/server/serverTree.ts fires it,
// the Sessions tree re-renders on it). Its own small file in the activation bundle: the tree
// subscribes when it is made, and that must not load the server chunk (~110 KB) at activation.
import * as vscode from 'vscode';

const changed = new vscode.EventEmitter<void>();

/** Fired when a command read a session's server list or a server action made the lists stale. */
export const onDidChangeServerSessions = changed.event;

export function serverSessionsChanged(): void {
  changed.fire();
}
