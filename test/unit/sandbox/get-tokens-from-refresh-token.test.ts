// GetTokensFromRefreshToken: shapes, rotation, grace periods, expiry and client secrets.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GetTokensFromRefreshTokenCommand,
  NotAuthorizedException,
  RefreshTokenReuseException,
  ResourceNotFoundException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, FakeClock, jwtPayload, rejectsWith, sdkClient, signIn } from './helpers';

const DAY = 86400;

function testConfig(): SandboxConfig {
  const config = demoConfig();
  config.pools[0].clients.push(
    {
      name: 'short-lived', clientId: 'shortlivedclient0000000005', clientSecret: null,
      explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 30 },
      tokenValidity: { accessTokenSeconds: 300, idTokenSeconds: 600, refreshTokenSeconds: DAY },
    },
    {
      name: 'family-revoking', clientId: 'familyrevokingclient000006', clientSecret: null,
      explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 5 },
      revokeFamilyOnReuse: true,
    },
    {
      name: 'short-no-rotation', clientId: 'shortnorotationclient00007', clientSecret: null,
      explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      tokenValidity: { refreshTokenSeconds: 3600 },
    },
  );
  return config;
}

void describe('GetTokensFromRefreshToken', () => {
  const clock = new FakeClock();
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;

  before(async () => {
    sandbox = await startSandbox({ config: testConfig(), now: clock.now });
    cognito = sdkClient(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const login = (clientName: string) => {
    const { clientId } = clientNamed(sandbox, clientName);
    return signIn(cognito, clientId, sandbox.info.user.username, sandbox.info.user.password);
  };
  const refresh = (clientName: string, refreshToken: string, extra: { ClientSecret?: string; DeviceKey?: string } = {}) =>
    cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientNamed(sandbox, clientName).clientId, RefreshToken: refreshToken, ...extra }));

  void describe('without rotation', () => {
    void it('returns ID and access tokens, ExpiresIn and Bearer, and no refresh token', async () => {
      const first = await login('no-rotation');
      clock.advanceSeconds(120);
      const out = await refresh('no-rotation', first.RefreshToken, { DeviceKey: 'us-east-1_0a1b2c3d-0000-4000-8000-000000000000' });
      assert.equal(out.$metadata.httpStatusCode, 200);
      const r = out.AuthenticationResult;
      assert.ok(r?.AccessToken && r.IdToken);
      assert.equal(r.RefreshToken, undefined);
      assert.equal(r.TokenType, 'Bearer');
      assert.equal(r.ExpiresIn, 3600);
      // The same token keeps working.
      assert.ok((await refresh('no-rotation', first.RefreshToken)).AuthenticationResult?.IdToken);
    });

    void it('keeps auth_time and origin_jti of the sign-in and issues a new jti and iat', async () => {
      const first = await login('no-rotation');
      const signedIn = jwtPayload(first.IdToken);
      clock.advanceSeconds(600);
      const r = (await refresh('no-rotation', first.RefreshToken)).AuthenticationResult;
      for (const token of [r?.IdToken ?? '', r?.AccessToken ?? '']) {
        const p = jwtPayload(token);
        assert.equal(p.auth_time, signedIn.auth_time);
        assert.equal(p.origin_jti, signedIn.origin_jti);
        assert.equal(p.event_id, signedIn.event_id);
        assert.notEqual(p.jti, signedIn.jti);
        assert.equal(p.iat, (signedIn.iat as number) + 600);
      }
    });
  });

  void describe('with rotation', () => {
    void it('returns a new refresh token on each success', async () => {
      const first = await login('rotating-grace-10s');
      const a = (await refresh('rotating-grace-10s', first.RefreshToken)).AuthenticationResult;
      assert.ok(a?.RefreshToken && a.AccessToken && a.IdToken);
      assert.notEqual(a.RefreshToken, first.RefreshToken);
      assert.equal(a.RefreshToken.split('.').length, 5);
      const b = (await refresh('rotating-grace-10s', a.RefreshToken)).AuthenticationResult;
      assert.ok(b?.RefreshToken);
      assert.notEqual(b.RefreshToken, a.RefreshToken);
      assert.equal(jwtPayload(b.IdToken ?? '').origin_jti, jwtPayload(first.IdToken).origin_jti);
    });

    void it('lets the rotated-out token be retried within the grace period, each retry returning a new refresh token', async () => {
      const first = await login('rotating-grace-10s');
      const a = (await refresh('rotating-grace-10s', first.RefreshToken)).AuthenticationResult;
      clock.advanceSeconds(9);
      const retry = (await refresh('rotating-grace-10s', first.RefreshToken)).AuthenticationResult;
      assert.ok(retry?.RefreshToken && retry.AccessToken);
      assert.notEqual(retry.RefreshToken, a?.RefreshToken);
      // Both successors stay usable.
      assert.ok((await refresh('rotating-grace-10s', a?.RefreshToken ?? '')).AuthenticationResult);
      assert.ok((await refresh('rotating-grace-10s', retry.RefreshToken)).AuthenticationResult);
    });

    void it('raises RefreshTokenReuseException once the grace period is over, counted from the first rotation', async () => {
      const first = await login('rotating-grace-10s');
      const a = (await refresh('rotating-grace-10s', first.RefreshToken)).AuthenticationResult;
      clock.advanceSeconds(6);
      await refresh('rotating-grace-10s', first.RefreshToken); // a retry does not extend the grace period
      clock.advanceSeconds(4);
      await rejectsWith(refresh('rotating-grace-10s', first.RefreshToken), RefreshTokenReuseException);
      // Reuse does not revoke the family by default: the successor still works.
      assert.ok((await refresh('rotating-grace-10s', a?.RefreshToken ?? '')).AuthenticationResult?.RefreshToken);
    });

    void it('invalidates the submitted token at once with grace 0', async () => {
      const first = await login('rotating-no-grace');
      const a = (await refresh('rotating-no-grace', first.RefreshToken)).AuthenticationResult;
      await rejectsWith(refresh('rotating-no-grace', first.RefreshToken), RefreshTokenReuseException);
      assert.ok((await refresh('rotating-no-grace', a?.RefreshToken ?? '')).AuthenticationResult?.RefreshToken);
    });

    void it('revokes the whole sign-in on reuse when the client is configured to', async () => {
      const first = await login('family-revoking');
      const a = (await refresh('family-revoking', first.RefreshToken)).AuthenticationResult;
      clock.advanceSeconds(6);
      await rejectsWith(refresh('family-revoking', first.RefreshToken), RefreshTokenReuseException);
      await rejectsWith(refresh('family-revoking', a?.RefreshToken ?? ''), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    });

    void it('keeps the absolute expiry of the first refresh token across rotations', async () => {
      const first = await login('short-lived');
      let token = first.RefreshToken;
      // Rotate every 6 hours; the refresh token validity is one day from sign-in.
      for (let i = 0; i < 3; i++) {
        clock.advanceSeconds(6 * 3600);
        const r = (await refresh('short-lived', token)).AuthenticationResult;
        assert.ok(r?.RefreshToken);
        assert.equal(r.ExpiresIn, 300);
        const id = jwtPayload(r.IdToken ?? '');
        assert.equal((id.exp as number) - (id.iat as number), 600);
        token = r.RefreshToken;
      }
      clock.advanceSeconds(6 * 3600 - 1);
      const last = (await refresh('short-lived', token)).AuthenticationResult;
      assert.ok(last?.RefreshToken);
      clock.advanceSeconds(1);
      await rejectsWith(refresh('short-lived', last.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has expired' });
    });
  });

  void describe('failures', () => {
    void it('rejects expired refresh tokens', async () => {
      const first = await login('short-no-rotation');
      clock.advanceSeconds(3599);
      assert.ok((await refresh('short-no-rotation', first.RefreshToken)).AuthenticationResult);
      clock.advanceSeconds(1);
      await rejectsWith(refresh('short-no-rotation', first.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has expired' });
    });

    void it('rejects garbage and tokens of another app client as invalid', async () => {
      await rejectsWith(refresh('no-rotation', 'not-a-token'), NotAuthorizedException, { message: 'Invalid Refresh Token.' });
      const other = await login('rotating-grace-10s');
      await rejectsWith(refresh('no-rotation', other.RefreshToken), NotAuthorizedException, { message: 'Invalid Refresh Token.' });
    });

    void it('answers an unknown client with ResourceNotFoundException', async () => {
      const first = await login('no-rotation');
      await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: 'nosuchclient0000000000000', RefreshToken: first.RefreshToken })),
        ResourceNotFoundException, { message: 'User pool client nosuchclient0000000000000 does not exist.' });
    });
  });

  void describe('client secret', () => {
    void it('must be sent, raw, by a client that has one', async () => {
      const { clientId, clientSecret } = clientNamed(sandbox, 'confidential-with-secret');
      assert.ok(clientSecret);
      const { createHmac } = await import('node:crypto');
      const hash = createHmac('sha256', clientSecret).update(sandbox.info.user.username + clientId).digest('base64');
      const first = await signIn(cognito, clientId, sandbox.info.user.username, sandbox.info.user.password, { SECRET_HASH: hash });

      await rejectsWith(refresh('confidential-with-secret', first.RefreshToken), NotAuthorizedException,
        { message: `Client ${clientId} is configured for secret but secret was not received` });
      await rejectsWith(refresh('confidential-with-secret', first.RefreshToken, { ClientSecret: 'wrongSecret0000000000000000' }), NotAuthorizedException,
        { message: `Unable to verify secret hash for client ${clientId}` });
      const ok = await refresh('confidential-with-secret', first.RefreshToken, { ClientSecret: clientSecret });
      assert.ok(ok.AuthenticationResult?.IdToken);
      assert.equal(ok.AuthenticationResult.RefreshToken, undefined);
    });

    void it('is ignored when a public client is sent one', async () => {
      const first = await login('no-rotation');
      const out = await refresh('no-rotation', first.RefreshToken, { ClientSecret: 'anything000000000000000000' });
      assert.ok(out.AuthenticationResult?.AccessToken);
    });
  });
});
