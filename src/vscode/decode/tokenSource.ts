// Where "Decode Token" finds its token, in this order: the command argument, the editor
// selection, the token under the cursor, the clipboard, and last an input box.
import * as vscode from 'vscode';
import { findTokenAt, findTokens } from '../../core/token/index';
import { MAX_TOKEN_LENGTH } from '../../core/token/limits';

export type TokenSourceKind = 'argument' | 'selection' | 'cursor' | 'clipboard' | 'input';

export interface TokenInput {
  source: TokenSourceKind;
  text: string;
}

/** Completes "Cannot decode the …" and the log lines. */
export const SOURCE_LABEL: Record<TokenSourceKind, string> = {
  argument: 'token given to the command',
  selection: 'selected text',
  cursor: 'token under the cursor',
  clipboard: 'token on the clipboard',
  input: 'text you entered',
};

/** The first token in `text`, else undefined. */
function firstToken(text: string): string | undefined {
  return findTokens(text, { maxTokens: 1 })[0]?.raw;
}

/** A string argument, or `{ token: string }` (menus pass a Uri: that is not a token). */
function fromArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'token' in arg && typeof (arg as { token: unknown }).token === 'string') {
    return (arg as { token: string }).token;
  }
  return undefined;
}

function fromSelection(editor: vscode.TextEditor | undefined): string | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const text = editor.document.getText(editor.selection);
  if (text.trim() === '') return undefined;
  // "Bearer eyJ…", a quoted JSON value or a whole log line: decode the token inside it.
  // A selection with no token is decoded as it is, so the user hears why it is not one.
  return firstToken(text) ?? text;
}

function fromCursor(editor: vscode.TextEditor | undefined): string | undefined {
  if (!editor) return undefined;
  const doc = editor.document;
  const offset = doc.offsetAt(editor.selection.active);
  // Only the text a token under the cursor could span, whatever the document's size.
  const from = Math.max(0, offset - MAX_TOKEN_LENGTH);
  const text = doc.getText(new vscode.Range(doc.positionAt(from), doc.positionAt(offset + MAX_TOKEN_LENGTH)));
  return findTokenAt(text, offset - from)?.raw;
}

async function fromClipboard(): Promise<string | undefined> {
  try {
    const text = await vscode.env.clipboard.readText();
    return text.length > 0 && text.length <= 4 * MAX_TOKEN_LENGTH ? firstToken(text) : undefined;
  } catch {
    return undefined; // a browser may refuse clipboard access: fall through to the input box
  }
}

async function fromInputBox(): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Cognito: Decode Token',
    prompt: 'Paste an ID, access or refresh token (a JWT)',
    placeHolder: 'eyJraWQiOi…',
    ignoreFocusOut: true,
  });
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** Undefined when the user cancelled the input box. */
export async function findTokenInput(arg: unknown): Promise<TokenInput | undefined> {
  const argument = fromArgument(arg);
  if (argument !== undefined) return { source: 'argument', text: argument };
  const editor = vscode.window.activeTextEditor;
  const selection = fromSelection(editor);
  if (selection !== undefined) return { source: 'selection', text: selection };
  const cursor = fromCursor(editor);
  if (cursor !== undefined) return { source: 'cursor', text: cursor };
  const clipboard = await fromClipboard();
  if (clipboard !== undefined) return { source: 'clipboard', text: clipboard };
  const input = await fromInputBox();
  return input === undefined ? undefined : { source: 'input', text: input };
}
