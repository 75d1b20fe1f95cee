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

/**
 * The paste box: accepts when `check` says the text is usable, otherwise shows why and stays
 * open for another paste. An empty Enter reads the clipboard (a single-line box drops the line
 * breaks of a multi-line paste; the clipboard keeps them).
 */
export function askPaste<T>(options: {
  title: string;
  prompt: string;
  check: (text: string) => { ok: true; value: T } | { ok: false; message: string };
}): Promise<T | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.prompt = options.prompt;
    box.placeholder = 'Paste here, or press Enter to read the clipboard';
    box.ignoreFocusOut = true;
    let done = false;
    const finish = (value: T | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      box.dispose();
    };
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    const accept = async (): Promise<void> => {
      let text = box.value;
      if (text.trim() === '') {
        try {
          text = await vscode.env.clipboard.readText();
        } catch {
          text = '';
        }
        if (text.trim() === '') {
          box.validationMessage = 'The clipboard is empty: paste the session here.';
          return;
        }
      }
      box.busy = true;
      const result = options.check(text);
      box.busy = false;
      if (result.ok) finish(result.value);
      else box.validationMessage = result.message;
    };
    box.onDidAccept(() => void accept());
    box.onDidHide(() => finish(undefined));
    box.show();
    lastShown = { field: 'paste', title: options.title, value: '', at: Date.now() };
  });
}
