import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64url } from 'jose';
import { parseSessionPaste } from '../../../src/core/import';
import { createSigningKey, refreshTokenJwe, signToken } from '../../fixtures/tokens/factory';
import { assertNoSecretsIn, expectFail, expectOk, FIXED_NOW_MS, makeTokens, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
before(async () => {
  t = await makeTokens();
});

void describe('a refresh token on its own', () => {
  void it('a Cognito JWE: kind refresh-token, everything else missing', () => {
    const result = parseSessionPaste(t.refreshToken, { now });
    const { draft, alternatives } = expectOk(result);
    assert.equal(draft.kind, 'refresh-token');
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.deepEqual(draft.missing, ['region', 'userPoolId', 'clientId']);
    assert.equal(draft.region, undefined);
    assert.equal(draft.secrets.idToken, undefined);
    assert.deepEqual(draft.notes, []);
    assert.deepEqual(alternatives, []);
  });

  void it('tolerates whitespace, quotes, a trailing comma and a Bearer prefix', () => {
    for (const pasted of [`\n  ${t.refreshToken}  \n`, `"${t.refreshToken}"`, `'${t.refreshToken}',`, `Bearer ${t.refreshToken}`, `\uFEFF${t.refreshToken}`]) {
      const { draft } = expectOk(parseSessionPaste(pasted, { now }));
      assert.equal(draft.secrets.refreshToken, t.refreshToken);
      assert.equal(draft.kind, 'refresh-token');
    }
  });

  void it('joins a token broken over several lines', () => {
    const wrapped = t.refreshToken.match(/.{1,76}/g)?.join('\n') ?? '';
    assert.ok(wrapped.includes('\n'));
    const { draft } = expectOk(parseSessionPaste(wrapped, { now }));
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.ok(draft.notes.some((n) => n.includes('Line breaks')));
  });

  void it('a JWE with another header is accepted with a note', async () => {
    const other = await refreshTokenJwe({ enc: 'A128GCM', alg: 'RSA-OAEP-256' });
    const { draft } = expectOk(parseSessionPaste(other, { now }));
    assert.equal(draft.secrets.refreshToken, other);
    assert.ok(draft.notes.some((n) => n.includes('not the one Cognito uses')));
  });

  void it('an opaque UUID (moto) is accepted with a note', () => {
    const uuid = '3f2b8c1e-9d4a-4e6b-8f00-123456789abc';
    const { draft } = expectOk(parseSessionPaste(uuid, { now }));
    assert.equal(draft.kind, 'refresh-token');
    assert.equal(draft.secrets.refreshToken, uuid);
    assert.ok(draft.notes.some((n) => n.includes('not a JWT')));
    assert.deepEqual(draft.missing, ['region', 'userPoolId', 'clientId']);
  });

  void it('a signed refresh token from a local emulator gives region and pool, and suggests its endpoint', async () => {
    const key = await createSigningKey();
    const token = await signToken(key, {
      'cognito:username': 'jdoe',
      iss: 'http://127.0.0.1:9229/local_5FhPz2aB',
      jti: 'x',
      iat: now / 1000,
      exp: now / 1000 + 3600,
    });
    const { draft } = expectOk(parseSessionPaste(token, { now }));
    assert.equal(draft.userPoolId, 'local_5FhPz2aB');
    assert.equal(draft.region, 'local');
    assert.equal(draft.endpoint, undefined);
    assert.deepEqual(draft.suggestedEndpoint, { url: 'http://127.0.0.1:9229', source: 'the iss claim of the refresh token (not verified)' });
    assert.deepEqual(draft.missing, ['clientId']);
    assert.ok(draft.notes.some((n) => n.includes('cognito-local')));
  });
});

void describe('a lone token that cannot refresh', () => {
  void it('an ID token', () => {
    const f = expectFail(parseSessionPaste(t.idToken, { now }));
    assert.equal(f.recognised, 'an ID token but no refresh token');
    assert.ok(f.message.includes('refresh token'));
    assert.ok(f.expected.includes('AuthenticationResult'));
  });

  void it('an access token', () => {
    const f = expectFail(parseSessionPaste(t.accessToken, { now }));
    assert.equal(f.recognised, 'a JWS access token, which cannot refresh a session');
  });

  void it('a refresh token cut short', () => {
    const cut = t.refreshToken.slice(0, t.refreshToken.length - 5 - 4 * 7);
    const f = expectFail(parseSessionPaste(cut, { now }));
    assert.match(f.recognised, /^a token that starts like a JWT but does not decode \(.*\); it may have been cut short/);
    assertNoSecretsIn({ ok: false, ...f }, [t.refreshToken]);
  });

  void it('a signed JWT from another issuer', async () => {
    const key = await createSigningKey();
    const token = await signToken(key, { iss: 'https://auth.example.com/', sub: 'x', exp: now / 1000 + 60 });
    const f = expectFail(parseSessionPaste(token, { now }));
    assert.equal(f.recognised, 'a signed JWT that was not issued by a Cognito user pool');
  });

  void it('ids instead of a token', () => {
    assert.equal(expectFail(parseSessionPaste('us-east-1_AbC123def', { now })).recognised, 'what looks like a user pool id');
    assert.equal(expectFail(parseSessionPaste('1example23456789abcdefghij', { now })).recognised, 'what looks like an app client id');
    assert.equal(expectFail(parseSessionPaste('eu-west-1', { now })).recognised, 'what looks like an AWS region');
    assert.equal(expectFail(parseSessionPaste('hello', { now })).recognised, 'a value too short to be a token');
    assert.equal(expectFail(parseSessionPaste('abcdefghijklmnopqrstuvwxyzabcdef', { now })).recognised, 'text that is not a token');
  });

  void it('a JWT-looking string whose header is not JSON', () => {
    const bogus = `${base64url.encode('{"alg":')}.${base64url.encode('{}')}.sig`;
    const result = parseSessionPaste(bogus, { now });
    assert.equal(result.ok, false);
  });
});
