// The sign-in's quick picks and its cancellable progress. Input boxes come from
// ../sessions/prompts (`ask`), which remembers the last one shown for the tests (never what was
// typed, never a password box's value).
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
  /** Picking it does not accept: the reason shows as the picker's message and it stays open. */
  refuse?: string;
}

export interface PickOptions {
  title: string;
  placeholder: string;
  step?: number;
  totalSteps?: number;
  /** The item highlighted first (default the first). */
  activeIndex?: number;
}

let lastPick: { title: string; labels: string[]; at: number } | undefined;

/** The last picker shown by the sign-in (title and item labels), for the tests. */
export function lastSignInPick(): { title: string; labels: string[]; at: number } | undefined {
  return lastPick;
}

/** A one-choice quick pick with a step counter; undefined when dismissed (Escape). */
export function pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.items = items;
    qp.ignoreFocusOut = true;
    qp.matchOnDetail = true;
    if (options.step !== undefined) qp.step = options.step;
    if (options.totalSteps !== undefined) qp.totalSteps = options.totalSteps;
    const active = items[options.activeIndex ?? 0];
    if (active) qp.activeItems = [active];
    let done = false;
    const finish = (value: T | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!chosen) return;
      if (chosen.refuse !== undefined) {
        qp.placeholder = chosen.refuse;
        return;
      }
      finish(chosen.value);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
    lastPick = { title: options.title, labels: items.map((i) => i.label), at: Date.now() };
  });
}

/** Runs `work` under a cancellable progress notification; cancelling aborts `abort`. */
export function withProgress<T>(title: string, abort: AbortController, work: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const sub = token.onCancellationRequested(() => abort.abort());
    return work().finally(() => sub.dispose());
  });
}
