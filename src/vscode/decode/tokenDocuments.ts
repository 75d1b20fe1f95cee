// Read-only virtual documents that show a decoded token. A TextDocumentContentProvider
// documents are read-only by nature; the content lives here only while the document is open.
import * as vscode from 'vscode';

export const TOKEN_SCHEME = 'cognito-token';

export class TokenDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private counter = 0;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(TOKEN_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === TOKEN_SCHEME) this.contents.delete(doc.uri.toString());
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '(This decoded token is no longer available: run "Cognito: Decode Token" again.)';
  }

  /**
   * Stores `content` under a fresh URI whose file name becomes the tab title. `kind` picks the
   * language VS Code opens it in: `markdown` (a .md source; show it with `markdown.showPreview`
   * for a rendered view) or `text` (a .txt report, read as written: no markdown escapes).
   */
  add(title: string, content: string, kind: 'markdown' | 'text' = 'markdown'): vscode.Uri {
    this.counter += 1;
    const safeTitle = title.replace(/[\\/:*?"<>|#]/g, '-');
    const uri = vscode.Uri.from({ scheme: TOKEN_SCHEME, path: `/${this.counter}/${safeTitle}.${kind === 'text' ? 'txt' : 'md'}` });
    this.contents.set(uri.toString(), content);
    return uri;
  }

  dispose(): void {
    this.contents.clear();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
