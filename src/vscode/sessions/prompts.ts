// The input boxes the session commands ask with. Each remembers what it last showed (field,
// title, prefilled value), never what the user typed and never a secret or paste box's
// content, so the integration tests can see a prompt appear with the right default and
// dismiss it through the real workbench.
import * as vscode from 'vscode';

export interface PromptShown {
  field: string;
  title: string;
  /** The prefilled value (empty for secret and paste boxes). */
  value: string;
  at: number;
}

let lastShown: PromptShown | undefined;

export function lastPrompt(): PromptShown | undefined {
  return lastShown;
}

/**
 * A confirmation for something that cannot be undone (revoke, remove). A quick pick whose first,
 * highlighted item keeps things as they are, so Enter (or Escape) never destroys anything: the
 * destructive choice must be picked on purpose. (A modal dialog makes its first button the
 * default, so Enter would confirm.) Resolves to whether the destructive choice was picked.
 */
export async function confirmDestructive(options: { title: string; detail: string; keep: string; destroy: string }): Promise<boolean> {
  const picked = await chooseDestructive({ title: options.title, placeHolder: options.detail, keep: options.keep, choices: [{ label: options.destroy, detail: options.detail, value: true }] });
  return picked === true;
}

/**
 * The same confirmation with more than one destructive choice (e.g. what else to revoke): the
 * first, highlighted item still keeps things as they are. Resolves to the chosen value, or
 * undefined when the user kept things or dismissed the pick.
 */
export async function chooseDestructive<T>(options: {
  title: string;
  placeHolder: string;
  keep: string;
  choices: readonly { label: string; detail: string; value: T }[];
}): Promise<T | undefined> {
  const items: { label: string; detail?: string; choice?: { value: T } }[] = [
    { label: `$(close) ${options.keep}` },
    ...options.choices.map((c) => ({ label: `$(warning) ${c.label}`, detail: c.detail, choice: { value: c.value } })),
  ];
  lastShown = { field: 'confirm', title: options.title, value: items.map((i) => i.label).join(' | '), at: Date.now() };
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true });
  return picked?.choice?.value;
}

export interface AskOptions {
  field: string;
  title: string;
  prompt: string;
  value?: string;
  placeHolder?: string;
  /** Masks the input and keeps `value` out of `lastPrompt`. */
  password?: boolean;
  /** Returns a message for invalid input. */
  validate?: (value: string) => string | undefined;
  /** Where the cursor goes in `value` (default: selects all). */
  cursorAtEnd?: boolean;
  step?: number;
  totalSteps?: number;
}

/** An input box; undefined when dismissed. */
export function ask(options: AskOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.prompt = options.prompt;
    box.value = options.value ?? '';
    if (options.cursorAtEnd && options.value) box.valueSelection = [options.value.length, options.value.length];
    box.placeholder = options.placeHolder ?? '';
    box.password = options.password === true;
    box.ignoreFocusOut = true;
    if (options.step !== undefined) box.step = options.step;
    if (options.totalSteps !== undefined) box.totalSteps = options.totalSteps;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      box.dispose();
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = v.trim() === '' || !options.validate ? undefined : options.validate(v);
    });
    box.onDidAccept(() => {
      const problem = options.validate?.(box.value);
      if (problem !== undefined) {
        box.validationMessage = problem;
        return;
      }
      finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    box.show();
    lastShown = { field: options.field, title: options.title, value: options.password ? '' : (options.value ?? ''), at: Date.now() };
  });
}

/** Where the paste box's text came from. */
export type PasteSource = 'box' | 'clipboard' | 'selection';

export const PASTE_SOURCE_TEXT: Record<PasteSource, string> = {
  box: 'the input box',
  clipboard: 'the clipboard',
  selection: 'the editor selection',
};

/** The active editor's selected text, when there is one. */
export function editorSelectionText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const text = editor.document.getText(editor.selection);
  return text.trim() === '' ? undefined : text;
}

export async function clipboardText(): Promise<string> {
  try {
    return await vscode.env.clipboard.readText();
  } catch {
    return '';
  }
}

function withoutWhitespace(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * The paste box: accepts when `check` says the text is usable, otherwise shows why and stays
 * open for another paste. A single-line box drops the line breaks of a multi-line paste (a .env,
 * YAML), so the text can also come from where the line breaks survive: an empty Enter or the
 * clipboard button reads the clipboard, the selection button the active editor's selection, and
 * a pasted line that is the clipboard without its line breaks is read from the clipboard. The
 * result says which was read.
 */
export function askPaste<T>(options: {
  title: string;
  prompt: string;
  check: (text: string) => { ok: true; value: T } | { ok: false; message: string };
}): Promise<{ value: T; source: PasteSource } | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.prompt = options.prompt;
    box.placeholder = 'Paste here, or press Enter to read the clipboard (keeps line breaks)';
    box.ignoreFocusOut = true;
    const clipboardButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('clippy'), tooltip: 'Read the clipboard (keeps line breaks)' };
    const selectionButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('selection'), tooltip: 'Read the selection in the editor' };
    box.buttons = editorSelectionText() !== undefined ? [clipboardButton, selectionButton] : [clipboardButton];
    let done = false;
    const finish = (value: { value: T; source: PasteSource } | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      box.dispose();
    };
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    const read = async (source: PasteSource): Promise<void> => {
      let text = source === 'box' ? box.value : source === 'selection' ? (editorSelectionText() ?? '') : await clipboardText();
      if (source === 'box') {
        if (text.trim() === '') {
          source = 'clipboard';
          text = await clipboardText();
        } else {
          // The box flattened a multi-line paste: read the clipboard, which kept the line breaks.
          const clip = await clipboardText();
          if (/[\r\n]/.test(clip) && withoutWhitespace(clip) === withoutWhitespace(text)) {
            source = 'clipboard';
            text = clip;
          }
        }
      }
      if (text.trim() === '') {
        box.validationMessage = source === 'selection' ? 'Nothing is selected in the editor.' : 'The clipboard is empty: paste the session here.';
        return;
      }
      box.busy = true;
      const result = options.check(text);
      box.busy = false;
      if (result.ok) finish({ value: result.value, source });
      else box.validationMessage = `Read ${PASTE_SOURCE_TEXT[source]}: ${result.message}`;
    };
    box.onDidAccept(() => void read('box'));
    box.onDidTriggerButton((b) => void read(b === selectionButton ? 'selection' : 'clipboard'));
    box.onDidHide(() => finish(undefined));
    box.show();
    lastShown = { field: 'paste', title: options.title, value: '', at: Date.now() };
  });
}

/** A modal question; the answer, or undefined when dismissed. Remembers the question (never a secret). */
export async function askModal<T extends string>(options: { field: string; title: string; message: string; detail: string; value: string; choices: readonly T[] }): Promise<T | undefined> {
  lastShown = { field: options.field, title: options.title, value: options.value, at: Date.now() };
  return vscode.window.showWarningMessage<T>(options.message, { modal: true, detail: options.detail }, ...options.choices);
}
