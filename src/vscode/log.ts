// The "Cognito Token Debugger" output channel. Everything written here goes through
// redact(): tokens, secrets and passwords never reach the log, whatever a caller passes.
import * as vscode from 'vscode';

import { redact } from '../core/errors/redact';

// The redactor lives in the core (plain node, unit-tested with adversarial
// input of up to a megabyte: test/unit/vscode/logRedact.test.ts); it is linear
// and keeps identifiers such as catalog ids and UUIDs.
export { redact };

export interface Log extends vscode.Disposable {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  show(): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Cognito Token Debugger', { log: true });
  const describe = (err: unknown): string =>
    err instanceof Error ? `${err.name}: ${err.message}` : err === undefined ? '' : String(err);
  return {
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m, err) => channel.error(redact(err === undefined ? m : `${m} (${describe(err)})`)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
