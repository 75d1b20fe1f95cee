import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { redactMessage } from '../../../src/core/errors';

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWS built here, shaped like a Cognito access token. */
function makeJws(): string {
  const header = b64url(JSON.stringify({ kid: 'test-kid', alg: 'RS256' }));
  const payload = b64url(JSON.stringify({ sub: '8c1b2f5e-1111-4222-8333-944455556666', token_use: 'access', client_id: '1example23456789' }));
  return `${header}.${payload}.${b64url(randomBytes(256))}`;
}

/** A JWE with five parts, shaped like a Cognito refresh token. */
function makeJwe(): string {
  const header = b64url(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' }));
  return [header, b64url(randomBytes(256)), b64url(randomBytes(12)), b64url(randomBytes(300)), b64url(randomBytes(16))].join('.');
}

void describe('redactMessage', () => {
  void it('removes a JWS (ID or access token)', () => {
    const jws = makeJws();
    const out = redactMessage(`Token ${jws} is not valid`);
    assert.equal(out, 'Token [redacted JWT] is not valid');
  });

  void it('removes a five-part JWE (refresh token)', () => {
    const jwe = makeJwe();
    const out = redactMessage(`refresh with ${jwe}`);
    assert.equal(out, 'refresh with [redacted JWT]');
    assert.ok(!out.includes('eyJ'));
  });

  void it('removes several tokens in JSON and keeps the sentence\'s final period', () => {
    const a = makeJws();
    const b = makeJwe();
    const out = redactMessage(`{"AccessToken":"${a}","RefreshToken":"${b}"} failed for ${a}.`);
    assert.ok(!out.includes('eyJ'), out);
    assert.ok(out.endsWith('[redacted JWT].'), out);
  });

  void it('removes secrets in key=value and key: value form', () => {
    const secret = 'k3a9Zq8sLmN2bVx7cR4tY6uI1oP0wE5dF3gH8jK2lQ9';
    const hash = createHmac('sha256', 'secret').update('user1example23456789').digest('base64');
    for (const text of [
      `ClientSecret=${secret}`,
      `client_secret: ${secret}`,
      `"SECRET_HASH":"${hash}"`,
      `PASSWORD=hunter2hunter2`,
      `refresh_token=abc.def`,
    ]) {
      const out = redactMessage(`request ${text} rejected`);
      assert.match(out, /\[redacted\]/, out);
      assert.ok(!out.includes(secret) && !out.includes(hash) && !out.includes('hunter2') && !out.includes('abc.def'), out);
    }
  });

  void it('removes Bearer tokens', () => {
    assert.equal(redactMessage('Authorization: Bearer abc123.def456.ghi789'), 'Authorization: Bearer [redacted]');
    assert.equal(redactMessage('Authorization: Basic dXNlcjpwYXNzd29yZA=='), 'Authorization: Basic [redacted]');
    assert.equal(redactMessage('Basic features are enough'), 'Basic features are enough');
  });

  void it('removes long random base64 such as a client secret or SECRET_HASH', () => {
    const hash = createHmac('sha256', 'a-client-secret').update('8c1b2f5e-1111-4222-8333-944455556666' + '1example23456789').digest('base64');
    const out = redactMessage(`SecretHash ${hash} does not match`);
    assert.equal(out, 'SecretHash [redacted] does not match');
  });

  void it('keeps ids and the messages the catalog matches on', () => {
    for (const text of [
      'Invalid Refresh Token.',
      'Refresh Token has expired',
      'Client 60c14ln0t3saa1jg2e0q13oj2v is configured for secret but secret was not received',
      'SecretHash does not match for the client: 6ojv9ilmtgimddqfkvhj4m9vim',
      'User pool client 1example23456789 does not exist.',
      'User pool us-east-1_AbCdEf123 does not exist.',
      'request b4c1f9e2-7c3d-4a9e-8f21-0d6b7c8e9f10 failed',
      'device us-east-1_2b0b2d5e-3c4d-4e5f-8a9b-0c1d2e3f4a5b unknown',
      'getaddrinfo ENOTFOUND cognito-idp.us-east-1.amazonaws.com',
      'arn:aws:iam::123456789012:role/service-role/CognitoSmsRole',
      'Password attempts exceeded',
    ]) {
      assert.equal(redactMessage(text), text);
    }
  });

  void it('handles empty and non-string input', () => {
    assert.equal(redactMessage(''), '');
    assert.equal(redactMessage(undefined as unknown as string), '');
  });
});
