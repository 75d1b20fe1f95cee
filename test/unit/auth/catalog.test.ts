// The sign-in entries of the error catalog: every exception the installed SDK's model lists for
// the sign-in operations has a complete entry and explain() maps a real one to it; OAuth error
// codes map to `oauth/<error>` entries through ErrorInfo.catalogId.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { CATALOG, explain } from '../../../src/core/errors';
import { OAUTH_ERROR_BASE_ID, OAUTH_ERROR_CODES, oauthErrorId } from '../../../src/core/errors/catalog';

const COMMANDS = ['RespondToAuthChallenge', 'InitiateAuth', 'AssociateSoftwareToken', 'VerifySoftwareToken', 'ConfirmDevice'] as const;

function thrownBy(command: string): string[] {
  const root = join(dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-cognito-identity-provider')), '..');
  const text = readFileSync(join(root, 'dist-types', 'commands', `${command}Command.d.ts`), 'utf8');
  return [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1] as string).filter((n) => n !== 'CognitoIdentityProviderServiceException');
}

type ExceptionClass = new (opts: { message: string; $metadata: object }) => Error;

void describe('catalog: sign-in operations and the OAuth endpoints', () => {
  const names = [...new Set(COMMANDS.flatMap(thrownBy))].sort();

  void it('reads the @throws lists of the sign-in commands', () => {
    for (const n of ['CodeMismatchException', 'ExpiredCodeException', 'SoftwareTokenMFANotFoundException', 'InvalidPasswordException']) {
      assert.ok(names.includes(n), n);
    }
  });

  for (const name of names) {
    void it(`${name}: a complete entry, and explain() maps a real one to it`, () => {
      const entry = CATALOG.get(name);
      assert.ok(entry, `no catalog entry for ${name}`);
      assert.equal(entry.kind, 'service');
      const Exception = (sdk as unknown as Record<string, ExceptionClass>)[name];
      assert.ok(Exception);
      const explanation = explain(new Exception({ message: 'a message no rule knows', $metadata: { httpStatusCode: 400, requestId: 'r-1' } }), {
        operation: 'RespondToAuthChallenge',
      });
      assert.equal(explanation.id, name);
      assert.equal(explanation.requestId, 'r-1');
    });
  }

  void it('every OAuth error code has its own entry; an unknown code gets the base entry', () => {
    for (const code of OAUTH_ERROR_CODES) {
      assert.equal(oauthErrorId(code), `oauth/${code}`);
      const explanation = explain({ name: code, message: 'desc', httpStatus: 400, catalogId: oauthErrorId(code), operation: 'TokenEndpoint' });
      assert.equal(explanation.id, `oauth/${code}`);
      assert.equal(explanation.name, code);
      assert.equal(explanation.kind, 'service');
    }
    for (const code of ['slow_down', 'INVALID_GRANT', '', 'invalid_grant ']) {
      assert.equal(oauthErrorId(code), OAUTH_ERROR_BASE_ID, JSON.stringify(code));
    }
    assert.ok(CATALOG.has(OAUTH_ERROR_BASE_ID));
  });

  void it('invalid_grant says what it means on refresh; invalid_client names Basic vs post', () => {
    const grant = CATALOG.get('oauth/invalid_grant')!;
    const text = [grant.whatHappened, ...grant.likelyCauses].join(' ');
    for (const word of ['revoked', 'expired', 'rotated', 'grace']) assert.match(text, new RegExp(word), word);
    const client = CATALOG.get('oauth/invalid_client')!;
    assert.match([...client.likelyCauses, ...client.whatToDo].join(' '), /client_secret_basic/);
    assert.match([...client.likelyCauses, ...client.whatToDo].join(' '), /client_secret_post/);
  });
});
