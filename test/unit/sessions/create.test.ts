import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { internalUsernameFromIdToken, sessionFromAuthenticationResult } from '../../../src/core/sessions';

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
