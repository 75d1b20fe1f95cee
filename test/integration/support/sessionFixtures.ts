// Shared by the sessions, tree, status bar and commands suites: real sandboxes (started in this
// extension host), real sign-ins, and the extension's commands driven with arguments.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { demoConfig, startSandbox, type SandboxConfig } from '../../../src/sandbox/index';
import type { CognitoTokenDebuggerApi } from '../../../src/vscode/api';
import type { AddSessionResult } from '../../../src/vscode/sessions/addSession';
import type { SandboxSessionResult } from '../../../src/vscode/sessions/sandboxSession';
import type { SessionInfo } from '../../../src/vscode/sessions/view';
import { signIn, type PoolTokens } from './signIn';

export const EXTENSION_ID = 'cognito-token-debugger.cognito-token-debugger';
export const CMD = (name: string) => `cognitoTokenDebugger.${name}`;

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export async function extensionApi(): Promise<CognitoTokenDebuggerApi> {
  const ext = vscode.extensions.getExtension<CognitoTokenDebuggerApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export async function run<T>(name: string, ...args: unknown[]): Promise<T> {
  return vscode.commands.executeCommand<T>(CMD(name), ...args);
}

export async function sessionsList(): Promise<SessionInfo[]> {
  return (await extensionApi()).sessions.list();
}

export async function sessionInfo(id: string): Promise<SessionInfo> {
  const found = (await sessionsList()).find((s) => s.id === id);
  assert.ok(found, `no session ${id}`);
  return found;
}

/** A sandbox of the test's own, optionally with a shifted clock or shorter-lived tokens. */
export async function ownSandbox(options: { clockOffsetMs?: number; accessTokenSeconds?: number } = {}): Promise<Sandbox> {
  let config: SandboxConfig | undefined;
  if (options.accessTokenSeconds !== undefined) {
    config = demoConfig();
    for (const pool of config.pools) {
      for (const c of pool.clients) c.tokenValidity = { accessTokenSeconds: options.accessTokenSeconds, idTokenSeconds: options.accessTokenSeconds };
    }
  }
  const offset = options.clockOffsetMs ?? 0;
  return startSandbox({ ...(config ? { config } : {}), ...(offset ? { now: () => Date.now() + offset } : {}) });
}

/** What `aws cognito-idp initiate-auth` prints: the paste Add Session reads. */
export function cliOutput(tokens: PoolTokens): string {
  return JSON.stringify(
    { ChallengeParameters: {}, AuthenticationResult: { AccessToken: tokens.accessToken, ExpiresIn: 3600, TokenType: 'Bearer', RefreshToken: tokens.refreshToken, IdToken: tokens.idToken } },
    null,
    4,
  );
}

/** Signs in on `sandbox` and adds the result as a session through the Add Session command. */
export async function addFromSandbox(
  sandbox: Sandbox,
  clientName: string,
  extra: Record<string, unknown> = {},
): Promise<{ result: AddSessionResult; tokens: PoolTokens }> {
  const tokens = await signIn(sandbox.info, clientName);
  // The tokens name the sandbox's local issuer: the endpoint it suggests is confirmed explicitly.
  const result = await run<AddSessionResult>('addSession', { paste: cliOutput(tokens), confirmEndpoint: true, ...extra });
  assert.ok(result, 'addSession returned nothing');
  return { result, tokens };
}

export async function startSandboxSession(client: string): Promise<SandboxSessionResult> {
  const r = await run<SandboxSessionResult>('startSandboxSession', { client });
  assert.ok(r?.ok && r.sessionId, `startSandboxSession failed: ${JSON.stringify(r)}`);
  return r;
}

/** Makes the next `count` calls of `operation` fail, through the sandbox's HTTP control endpoint. */
export async function injectFault(endpoint: string, spec: { operation: string; count?: number; error?: { name: string; message?: string }; drop?: 'before-processing' | 'after-processing' }): Promise<void> {
  const res = await fetch(`${endpoint}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  assert.equal(res.status, 200, await res.text());
}

export async function removeAllSessions(): Promise<void> {
  for (const s of await sessionsList()) await run('removeSession', s.id, { confirm: false });
  assert.deepEqual(await sessionsList(), []);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('cognitoTokenDebugger').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function payloadOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  assert.ok(part, 'not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
