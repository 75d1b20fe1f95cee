// The "Cognito Token Debugger" output channel. Everything written here goes through
// redact(): tokens, secrets and passwords never reach the log, whatever a caller passes.
import * as vscode from 'vscode';

// Three (JWS) or five (JWE) base64url segments, the first looking like a JOSE header.
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}/g;
// key=value / "key": "value" pairs whose value is secret whatever it looks like.
// The key must start a word ("client-with-secret=x" is a name, not a secret).
const SECRET_PAIR = /((?:^|[\s"'{,;&?])["']?(?:password|secret|client_?secret|refresh_?token|access_?token|id_?token|authorization)["']?\s*[:=]\s*["']?)([^"'\s,}]+)/gi;
// Long opaque strings (base64/base64url/hex of 32+ chars) that are not JWTs.
const LONG_OPAQUE = /\b[A-Za-z0-9+/_-]{40,}={0,2}/g;

export function redact(text: string): string {
  return text
    .replace(JWT_LIKE, '<token redacted>')
    .replace(SECRET_PAIR, (_m, key: string) => `${key}<redacted>`)
    .replace(LONG_OPAQUE, '<redacted>');
}

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
