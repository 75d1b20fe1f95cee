// The one context object that activate() builds and that every feature receives.
// It owns every disposable: features register through `track()`, nothing registers
// itself as a side effect of an import, and dispose() undoes everything in reverse order.
import type * as vscode from 'vscode';
import type { Log } from './log';
import type { TokenDocuments } from './decode/tokenDocuments';

export interface Ctx extends vscode.Disposable {
  readonly extension: vscode.ExtensionContext;
  readonly log: Log;
  readonly documents: TokenDocuments;
  /** Takes ownership of `disposable` (disposed on deactivate) and returns it. */
  track<T extends vscode.Disposable>(disposable: T): T;
}

export function createCtx(extension: vscode.ExtensionContext, log: Log, documents: TokenDocuments): Ctx {
  const owned: vscode.Disposable[] = [log, documents];
  return {
    extension,
    log,
    documents,
    track(disposable) {
      owned.push(disposable);
      return disposable;
    },
    dispose() {
      // Reverse order: later registrations may depend on earlier ones (the log goes last).
      for (const d of owned.splice(0).reverse()) {
        try {
          void d.dispose();
        } catch {
          // keep disposing the rest
        }
      }
    },
  };
}
