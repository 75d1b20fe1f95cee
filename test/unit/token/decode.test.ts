import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64url } from 'jose';
import { decodeToken, MAX_TOKEN_LENGTH, type DecodeResult, type TokenErrorCode } from '../../../src/core/token';
import {
  accessTokenClaims,
  b64json,
  createSigningKey,
  FIXED_NOW_MS,
  idTokenClaims,
  refreshTokenJwe,
  signToken,
  unsecuredToken,
  type SigningKey,
} from '../../fixtures/tokens/factory';

let key: SigningKey;
let idToken: string;

before(async () => {
  key = await createSigningKey();
  idToken = await signToken(key, idTokenClaims());
});

function assertError(result: DecodeResult, code: TokenErrorCode, part?: string): void {
  assert.equal(result.ok, false, 'expected a decode failure');
  if (result.ok) return;
  assert.equal(result.error.code, code, result.error.message);
  if (part !== undefined) assert.equal(result.error.part, part);
}

void describe('decodeToken: JWS', () => {
  void it('decodes header, payload and segments of a Cognito ID token', () => {
    const result = decodeToken(idToken, { now: FIXED_NOW_MS });
    assert.ok(result.ok);
    const { token } = result;
    assert.equal(token.format, 'jws');
    assert.deepEqual(token.header, { kid: key.kid, alg: 'RS256' });
    assert.deepEqual(token.payload, idTokenClaims());
    assert.deepEqual(token.segments, idToken.split('.'));
    assert.equal(token.raw, idToken);
    assert.equal(token.unsigned, false);
    assert.equal(token.cognito.kind, 'id');
    assert.equal(token.validity.state, 'valid');
  });

  void it('accepts what a paste carries: whitespace, a Bearer scheme, quotes', () => {
    for (const input of [`  ${idToken}\n`, `Bearer ${idToken}`, `bearer   ${idToken}`, `"${idToken}"`, `'${idToken}'`]) {
      const result = decodeToken(input, { now: FIXED_NOW_MS });
      assert.ok(result.ok, JSON.stringify(input.slice(0, 10)));
      assert.equal(result.token.raw, idToken);
    }
  });

  void it('marks unsecured tokens', () => {
    const result = decodeToken(unsecuredToken({ sub: 'x', token_use: 'id' }));
    assert.ok(result.ok);
    assert.equal(result.token.unsigned, true);
    assert.equal(result.token.segments[2], '');
  });

  void it('decodes an access token with its own claim names', async () => {
    const result = decodeToken(await signToken(key, accessTokenClaims()), { now: FIXED_NOW_MS });
    assert.ok(result.ok);
    assert.equal(result.token.payload?.client_id, accessTokenClaims().client_id);
    assert.equal(result.token.cognito.kind, 'access');
  });
});

void describe('decodeToken: JWE', () => {
  void it('labels a Cognito refresh token, shows its header and does not fail', async () => {
    const refresh = await refreshTokenJwe();
    const result = decodeToken(refresh, { now: FIXED_NOW_MS });
    assert.ok(result.ok);
    assert.equal(result.token.format, 'jwe');
    assert.deepEqual(result.token.header, { cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
    assert.equal(result.token.payload, undefined);
    assert.equal(result.token.segments.length, 5);
    assert.deepEqual(result.token.times, []);
    assert.equal(result.token.validity.state, 'unknown');
    assert.equal(result.token.cognito.kind, 'refresh');
  });
});

void describe('decodeToken: typed errors', () => {
  const header = b64json({ alg: 'RS256' });
  const payload = b64json({ sub: 'x' });

  void it('empty and non-string input', () => {
    assertError(decodeToken(''), 'empty');
    assertError(decodeToken('   \n'), 'empty');
    assertError(decodeToken('Bearer '), 'empty');
    assertError(decodeToken(undefined as unknown as string), 'empty');
  });

  void it('too large', () => {
    assertError(decodeToken(`${header}.${'A'.repeat(MAX_TOKEN_LENGTH)}.c2ln`), 'too-large');
    assertError(decodeToken('x'.repeat(10 * 1024 * 1024)), 'too-large');
  });

  void it('not a JWT: wrong number of parts, empty header', () => {
    assertError(decodeToken('hello world'), 'not-a-jwt');
    assertError(decodeToken(`${header}.${payload}`), 'not-a-jwt');
    assertError(decodeToken(`${header}.${payload}.a.b`), 'not-a-jwt');
    assertError(decodeToken(`.${payload}.c2ln`), 'not-a-jwt', 'header');
  });

  void it('bad base64url: foreign characters and impossible lengths, by part', () => {
    assertError(decodeToken(`${header}.${payload}.c2ln+/=`), 'bad-base64', 'signature');
    assertError(decodeToken(`${header}.${payload}$.c2ln`), 'bad-base64', 'payload');
    assert.equal(header.length % 4, 0, 'test setup: one more character makes an impossible length');
    assertError(decodeToken(`${header}A.${payload}.c2ln`), 'bad-base64', 'header');
    assertError(decodeToken(`${header}.${payload}.A`), 'bad-base64', 'signature');
  });

  void it('bad header JSON, not an object, missing alg or enc', () => {
    assertError(decodeToken(`${base64url.encode('{"alg":')}.${payload}.c2ln`), 'bad-header-json', 'header');
    assertError(decodeToken(`${base64url.encode(new Uint8Array([0xff, 0xfe, 0xfd]))}.${payload}.c2ln`), 'bad-header-json', 'header');
    assertError(decodeToken(`${b64json([1, 2])}.${payload}.c2ln`), 'not-an-object', 'header');
    assertError(decodeToken(`${b64json({ typ: 'JWT' })}.${payload}.c2ln`), 'bad-header', 'header');
    assertError(decodeToken(`${b64json({ alg: 'RS256', enc: 'A256GCM' })}.${payload}.c2ln`), 'bad-header', 'header');
    assertError(decodeToken(`${header}.YQ.aXY.Y3Q.dGFn`), 'bad-header', 'header');
  });

  void it('bad payload JSON or a payload that is not an object', () => {
    assertError(decodeToken(`${header}.${base64url.encode('not json')}.c2ln`), 'bad-payload-json', 'payload');
    assertError(decodeToken(`${header}..c2ln`), 'bad-payload-json', 'payload');
    assertError(decodeToken(`${header}.${b64json('a string')}.c2ln`), 'not-an-object', 'payload');
    assertError(decodeToken(`${header}.${b64json(null)}.c2ln`), 'not-an-object', 'payload');
  });

  void it('never puts the token into an error message', () => {
    const secretish = `${header}.${base64url.encode('{"sub":"SECRET-CLAIM-VALUE"')}.c2lnbmF0dXJlc2lnbmF0dXJl`;
    const result = decodeToken(secretish);
    assert.ok(!result.ok);
    for (const part of secretish.split('.')) assert.ok(!result.error.message.includes(part));
    assert.ok(!result.error.message.includes('SECRET'));
  });
});
