// Shared by the integration tests: they run inside a real extension host and use the real API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CognitoTokenDebuggerApi } from '../../../src/vscode/api';
import type { DecodeSummary } from '../../../src/vscode/decode/decodeCommand';

export const EXTENSION_ID = 'cognito-token-debugger.cognito-token-debugger';
export const DECODE = 'cognitoTokenDebugger.decodeToken';
export const START_SANDBOX = 'cognitoTokenDebugger.startSandbox';

export function extension(): vscode.Extension<CognitoTokenDebuggerApi> {
  const ext = vscode.extensions.getExtension<CognitoTokenDebuggerApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext;
}

export async function api(): Promise<CognitoTokenDebuggerApi> {
  return extension().activate();
}

export async function decode(arg?: unknown): Promise<DecodeSummary> {
  const summary = await vscode.commands.executeCommand<DecodeSummary>(DECODE, ...(arg === undefined ? [] : [arg]));
  assert.ok(summary, 'the command returned no summary');
  return summary;
}

/** The decoded token's virtual document (already opened by the command). */
export function decodedDocument(summary: DecodeSummary): vscode.TextDocument {
  assert.ok(summary.ok, `decode failed: ${JSON.stringify(summary)}`);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === summary.uri);
  assert.ok(doc, `no open document ${summary.uri}`);
  return doc;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A structurally valid Cognito-shaped JWS for tests that need no pool (the signature is
 * random bytes: decoding never verifies it). Real pool tokens come from the sandbox tests.
 */
export function cognitoShapedToken(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: '5f1c2b3a-0000-4000-8000-000000000001',
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TeStPoOl1',
    'cognito:username': 'integration-user',
    aud: '3n4b5urk1ft4fl3mg5e62d9ado',
    token_use: 'id',
    auth_time: now - 60,
    iat: now - 60,
    exp: now + 3600,
    ...claims,
  };
  const sig = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 31) % 256)).toString('base64url');
  return `${b64url({ kid: 'integration-kid', alg: 'RS256', ...header })}.${b64url(payload)}.${sig}`;
}
