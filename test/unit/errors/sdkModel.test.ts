// The catalog must explain every exception the installed SDK says
// GetTokensFromRefreshToken, InitiateAuth and RevokeToken can throw. The list
// is read from the SDK's own type declarations, so an SDK update that adds an
// exception fails this test until the exception has a catalog entry.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { CATALOG, explain } from '../../../src/core/errors';

const COMMANDS = ['GetTokensFromRefreshToken', 'InitiateAuth', 'RevokeToken'] as const;
const BASE_EXCEPTION = 'CognitoIdentityProviderServiceException';

function sdkRoot(): string {
  const require = createRequire(import.meta.url);
  // The package's main entry is dist-cjs/index.js; the declarations sit next to it.
  return join(dirname(require.resolve('@aws-sdk/client-cognito-identity-provider')), '..');
}

function thrownBy(command: string): string[] {
  const file = join(sdkRoot(), 'dist-types', 'commands', `${command}Command.d.ts`);
  const text = readFileSync(file, 'utf8');
  const names = [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1] as string);
  return names.filter((name) => name !== BASE_EXCEPTION);
}

const byCommand = new Map(COMMANDS.map((c) => [c, thrownBy(c)]));
const allNames = [...new Set([...byCommand.values()].flat())].sort();

type ExceptionClass = new (opts: { message: string; $metadata: object }) => Error;

function exceptionClass(name: string): ExceptionClass | undefined {
  const value = (sdk as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as ExceptionClass) : undefined;
}

void describe('exceptions from the installed SDK model', () => {
  void it('finds the @throws lists of the three commands', () => {
    for (const command of COMMANDS) {
      assert.ok((byCommand.get(command) ?? []).length >= 5, `${command}Command.d.ts lists too few exceptions; did the SDK layout change?`);
    }
    // Anchors from the API reference; if these vanish, the parsing is wrong.
    for (const name of ['NotAuthorizedException', 'RefreshTokenReuseException', 'UnsupportedTokenTypeException']) {
      assert.ok(allNames.includes(name), `${name} not found in the SDK's @throws lists`);
    }
  });

  for (const name of allNames) {
    void it(`${name} is an SDK exception class with a complete catalog entry`, () => {
      const Exception = exceptionClass(name);
      assert.ok(Exception, `${name} is not exported by @aws-sdk/client-cognito-identity-provider`);
      const instance = new Exception({ message: 'test', $metadata: {} });
      assert.ok(instance instanceof sdk.CognitoIdentityProviderServiceException, `${name} does not extend the service exception`);
      assert.equal(instance.name, name);

      const entry = CATALOG.get(name);
      assert.ok(entry, `no catalog entry for ${name}`);
      assert.equal(entry.id, name);
      assert.equal(entry.name, name);
      assert.equal(entry.kind, 'service');
      assert.ok(entry.title.trim().length > 0, 'empty title');
      assert.ok(entry.whatHappened.trim().length > 0, 'empty whatHappened');
      assert.ok(entry.likelyCauses.length > 0 && entry.likelyCauses.every((s) => s.trim().length > 0), 'likelyCauses empty');
      assert.ok(entry.whatToDo.length > 0 && entry.whatToDo.every((s) => s.trim().length > 0), 'whatToDo empty');
      assert.match(entry.docsUrl, /^https:\/\/docs\.aws\.amazon\.com\//);
      assert.ok(['yes', 'no', 'with-backoff', 'same-token-within-grace'].includes(entry.retryable));
    });

    void it(`explain() maps a real ${name} to its entry`, () => {
      const Exception = exceptionClass(name) as ExceptionClass;
      // A message no shape rule knows, so the base entry is expected.
      const err = new Exception({ message: 'something this catalog has never seen', $metadata: { httpStatusCode: 400, requestId: 'req-1' } });
      const explanation = explain(err);
      assert.equal(explanation.id, name);
      assert.equal(explanation.name, name);
      assert.equal(explanation.kind, 'service');
      assert.equal(explanation.requestId, 'req-1');
      assert.equal(explanation.httpStatus, 400);
      assert.equal(explanation.message, 'something this catalog has never seen');
    });
  }
});
