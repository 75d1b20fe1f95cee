import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { internalUsernameFromIdToken, sessionFromAuthenticationResult, userNameFromIdToken } from '../../../src/core/sessions';

function unsignedJwt(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'RS256', kid: 'k' })}.${enc(claims)}.sig`;
}

describe('internalUsernameFromIdToken', () => {
  it('prefers cognito:username, falls back to sub, ignores email', () => {
    assert.equal(internalUsernameFromIdToken(unsignedJwt({ sub: 'uuid-1', 'cognito:username': 'alice', email: 'a@example.com' })), 'alice');
    assert.equal(internalUsernameFromIdToken(unsignedJwt({ sub: 'uuid-1', email: 'a@example.com' })), 'uuid-1');
    assert.equal(internalUsernameFromIdToken('not-a-jwt'), undefined);
    assert.equal(internalUsernameFromIdToken('a.!!!.c'), undefined);
  });
});

describe('sessionFromAuthenticationResult', () => {
  const base = { label: 'Demo', region: 'us-east-1', userPoolId: 'us-east-1_X', clientId: 'c1', now: Date.UTC(2025, 4, 1) };

  it('builds a record with the internal username and device key', () => {
    const idToken = unsignedJwt({ sub: 'uuid-1', 'cognito:username': 'uuid-1' });
    const result = sessionFromAuthenticationResult({
      ...base,
      id: 'fixed',
      clientSecret: 'secret',
      authenticationResult: { IdToken: idToken, AccessToken: 'acc', RefreshToken: 'ref', ExpiresIn: 3600, NewDeviceMetadata: { DeviceKey: 'us-east-1_dev' } },
    });
    assert.ok(result.ok);
    const { session, secrets, history } = result.record;
    assert.equal(session.id, 'fixed');
    assert.equal(session.username, 'uuid-1');
    assert.equal(session.deviceKey, 'us-east-1_dev');
    assert.equal(session.refreshMethod, 'auto');
    assert.equal(session.createdAt, '2025-05-01T00:00:00.000Z');
    assert.deepEqual(secrets, { refreshToken: 'ref', clientSecret: 'secret', idToken, accessToken: 'acc', expiresIn: 3600, tokensReceivedAt: '2025-05-01T00:00:00.000Z' });
    assert.deepEqual(history, []);
  });

  it('refuses a result without a refresh token', () => {
    const result = sessionFromAuthenticationResult({ ...base, authenticationResult: { AccessToken: 'acc' } });
    assert.equal(result.ok ? 'ok' : result.reason, 'no-refresh-token');
  });
});

describe('userNameFromIdToken', () => {
  const jwt = (payload: Record<string, unknown>) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
  it('prefers the email, then preferred_username, then the internal username', () => {
    assert.equal(userNameFromIdToken(jwt({ email: 'ana@example.com', preferred_username: 'ana', 'cognito:username': 'uuid-1' })), 'ana@example.com');
    assert.equal(userNameFromIdToken(jwt({ preferred_username: 'ana', 'cognito:username': 'uuid-1' })), 'ana');
    assert.equal(userNameFromIdToken(jwt({ 'cognito:username': 'uuid-1', sub: 'uuid-2' })), 'uuid-1');
    assert.equal(userNameFromIdToken(jwt({ email: '', sub: 'uuid-2' })), 'uuid-2');
    assert.equal(userNameFromIdToken('not a token'), undefined);
  });
  it('is a label: control characters removed, at most 128 characters', () => {
    assert.equal(userNameFromIdToken(jwt({ email: 'ana\u0000@exa\nmple.com\u2028' })), 'ana@example.com');
    assert.equal(userNameFromIdToken(jwt({ email: 'x'.repeat(10_000) }))?.length, 128);
  });
});
