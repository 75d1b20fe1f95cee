// Shared test helpers: a controllable clock, a real SDK client pointed at the
// sandbox, and small decoding and assertion helpers. The tests play the client
// side on their own: nothing here is borrowed from src/sandbox except its
// public API.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClientConfig,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SandboxHandle } from '../../../src/sandbox/index';

/** A clock the test moves by hand. Starts at the real time so jose's checks agree. */
export class FakeClock {
  private t = Date.now();
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  advanceSeconds(s: number): void {
    this.t += s * 1000;
  }
}

/** A real SDK client against the sandbox, no credentials, one attempt unless told otherwise. */
export function sdkClient(sandbox: SandboxHandle, extra: Partial<CognitoIdentityProviderClientConfig> = {}): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: sandbox.info.region, maxAttempts: 1, ...extra });
}

export function clientNamed(sandbox: SandboxHandle, name: string): { clientId: string; clientSecret: string | null } {
  const found = sandbox.info.clients.find((c) => c.name === name);
  assert.ok(found, `no client named ${name}`);
  return found;
}

/** The test's own SECRET_HASH: Base64(HMAC-SHA256(secret, username + clientId)). */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(username + clientId).digest('base64');
}

export async function signIn(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  username: string,
  password: string,
  extra: Record<string, string> = {},
): Promise<Required<Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'RefreshToken' | 'ExpiresIn' | 'TokenType'>>> {
  const out = await cognito.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password, ...extra },
  }));
  const r = out.AuthenticationResult;
  assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken && r.ExpiresIn !== undefined && r.TokenType);
  return { AccessToken: r.AccessToken, IdToken: r.IdToken, RefreshToken: r.RefreshToken, ExpiresIn: r.ExpiresIn, TokenType: r.TokenType };
}

export function jwtPayload(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, 'a JWS has three parts');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function jwtHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * Awaits a call that must fail with a Cognito exception of class `ctor`
 * (an exported SDK class) and returns it for further checks.
 */
export async function rejectsWith<T extends CognitoIdentityProviderServiceException>(
  call: Promise<unknown>,
  ctor: abstract new (...args: never[]) => T,
  expected: { message?: string | RegExp; status?: number; name?: string } = {},
): Promise<T> {
  let caught: unknown;
  try {
    await call;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${ctor.name}, but the call succeeded`);
  assert.ok(caught instanceof ctor, `expected ${ctor.name}, got ${(caught as Error).name}: ${(caught as Error).message}`);
  const err = caught as T;
  assert.equal(err.name, expected.name ?? ctor.name);
  assert.equal(err.$metadata.httpStatusCode, expected.status ?? 400);
  if (typeof expected.message === 'string') assert.equal(err.message, expected.message);
  else if (expected.message) assert.match(err.message, expected.message);
  return err;
}

/** Directory of the installed SDK's command declarations. */
function sdkCommandsDir(): string {
  return join(dirname(require.resolve('@aws-sdk/client-cognito-identity-provider')), '..', 'dist-types', 'commands');
}

/**
 * The exception names the installed SDK documents for an operation, read from
 * the `@throws {@link X}` lines of dist-types/commands/<Op>Command.d.ts
 * (without the service's base exception).
 */
export function modeledExceptions(operation: string): string[] {
  const text = readFileSync(join(sdkCommandsDir(), `${operation}Command.d.ts`), 'utf8');
  const names = [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]);
  return [...new Set(names)].filter((n) => n !== 'CognitoIdentityProviderServiceException');
}

/** Sanity: the commands directory is where we think it is. */
export function sdkHasCommand(operation: string): boolean {
  return readdirSync(sdkCommandsDir()).includes(`${operation}Command.d.ts`);
}
