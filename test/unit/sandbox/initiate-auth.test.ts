// InitiateAuth: USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH through the real SDK client.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, jwtPayload, rejectsWith, sdkClient, secretHash, signIn } from './helpers';

const PLAIN_USER = { username: 'plain-user', password: 'Plain-Passw0rd!', sub: '0b6f2a44-8c1d-4e57-b1a2-77c0d3e9f002' };

function testConfig(): SandboxConfig {
  const config = demoConfig();
  const pool = config.pools[0];
  pool.clients.push(
    { name: 'reveals-users', clientId: 'revealsusersclient00000005', clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], preventUserExistenceErrors: false },
    { name: 'srp-only', clientId: 'srponlyclient0000000000006', clientSecret: null, explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    { name: 'legacy-flows', clientId: 'legacyflowsclient000000007', clientSecret: null, explicitAuthFlows: ['USER_PASSWORD_AUTH'] },
    // Legacy flow values never gated refresh, but rotation still rules REFRESH_TOKEN_AUTH out.
    {
      name: 'legacy-rotating', clientId: 'legacyrotatingclient000008', clientSecret: null, explicitAuthFlows: ['USER_PASSWORD_AUTH'],
      refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 5 },
    },
  );
  pool.users.push({ ...PLAIN_USER, groups: [] });
  return config;
}

void describe('InitiateAuth', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  let user: { username: string; password: string };

  before(async () => {
    sandbox = await startSandbox({ config: testConfig() });
    cognito = sdkClient(sandbox);
    user = sandbox.info.user;
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const auth = (clientId: string, flow: string, params: Record<string, string>) =>
    cognito.send(new InitiateAuthCommand({ AuthFlow: flow as never, ClientId: clientId, AuthParameters: params }));

  void describe('USER_PASSWORD_AUTH', () => {
    void it('returns ID, access and refresh tokens, ExpiresIn and Bearer', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      const out = await auth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: user.username, PASSWORD: user.password });
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.deepEqual(out.ChallengeParameters, {});
      const r = out.AuthenticationResult;
      assert.ok(r);
      assert.equal(r.TokenType, 'Bearer');
      assert.equal(r.ExpiresIn, 3600);
      assert.equal(jwtPayload(r.IdToken ?? '').token_use, 'id');
      assert.equal(jwtPayload(r.AccessToken ?? '').token_use, 'access');
      const parts = (r.RefreshToken ?? '').split('.');
      assert.equal(parts.length, 5, 'refresh tokens are JWE-shaped');
      assert.deepEqual(JSON.parse(Buffer.from(parts[0], 'base64url').toString()), { cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
      assert.equal(r.NewDeviceMetadata, undefined);
    });

    void it('signs in with the email in an email pool, and with the internal user name', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      const byEmail = await signIn(cognito, clientId, user.username, user.password);
      const internal = jwtPayload(byEmail.IdToken)['cognito:username'] as string;
      assert.notEqual(internal, user.username);
      assert.equal(internal, jwtPayload(byEmail.IdToken).sub);
      const byName = await signIn(cognito, clientId, internal, user.password);
      assert.equal(jwtPayload(byName.IdToken).sub, jwtPayload(byEmail.IdToken).sub);
    });

    void it('starts a new authentication each time: new origin_jti, new refresh token', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      const a = await signIn(cognito, clientId, user.username, user.password);
      const b = await signIn(cognito, clientId, user.username, user.password);
      assert.notEqual(a.RefreshToken, b.RefreshToken);
      assert.notEqual(jwtPayload(a.IdToken).origin_jti, jwtPayload(b.IdToken).origin_jti);
    });

    void it('rejects a wrong password with NotAuthorizedException', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: user.username, PASSWORD: 'not-it' }),
        NotAuthorizedException, { message: 'Incorrect username or password.' });
    });

    void it('hides unknown users behind NotAuthorizedException by default (PreventUserExistenceErrors)', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: 'nobody@example.com', PASSWORD: 'x' }),
        NotAuthorizedException, { message: 'Incorrect username or password.' });
    });

    void it('reveals unknown users with UserNotFoundException when the client allows it', async () => {
      const { clientId } = clientNamed(sandbox, 'reveals-users');
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: 'nobody@example.com', PASSWORD: 'x' }),
        UserNotFoundException, { message: 'User does not exist.' });
    });

    void it('requires USERNAME and PASSWORD', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', { PASSWORD: 'x' }), InvalidParameterException, { message: 'Missing required parameter USERNAME' });
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: 'x' }), InvalidParameterException, { message: 'Missing required parameter PASSWORD' });
    });

    void it('refuses a flow the client does not enable', async () => {
      const { clientId } = clientNamed(sandbox, 'srp-only');
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: user.username, PASSWORD: user.password }),
        InvalidParameterException, { message: 'USER_PASSWORD_AUTH flow not enabled for this client' });
    });

    void it('honours legacy ExplicitAuthFlows values', async () => {
      const { clientId } = clientNamed(sandbox, 'legacy-flows');
      const t = await signIn(cognito, clientId, user.username, user.password);
      const out = await auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: t.RefreshToken });
      assert.ok(out.AuthenticationResult?.AccessToken);
    });

    void it('answers unimplemented and admin-only flows with InvalidParameterException', async () => {
      // USER_SRP_AUTH is implemented now (sign-in.test.ts); CUSTOM_AUTH (Lambda triggers) is not.
      await rejectsWith(auth(clientNamed(sandbox, 'legacy-flows').clientId, 'CUSTOM_AUTH', { USERNAME: user.username }),
        InvalidParameterException, { message: /does not implement CUSTOM_AUTH/ });
      await rejectsWith(auth(clientNamed(sandbox, 'no-rotation').clientId, 'ADMIN_NO_SRP_AUTH', { USERNAME: user.username, PASSWORD: user.password }),
        InvalidParameterException, { message: 'Initiate Auth method not supported.' });
    });

    void it('answers an unknown client with ResourceNotFoundException', async () => {
      await rejectsWith(auth('doesnotexist0000000000000', 'USER_PASSWORD_AUTH', { USERNAME: user.username, PASSWORD: user.password }),
        ResourceNotFoundException, { message: 'User pool client doesnotexist0000000000000 does not exist.' });
    });
  });

  void describe('SECRET_HASH', () => {
    void it('is required by a client with a secret', async () => {
      const { clientId } = clientNamed(sandbox, 'confidential-with-secret');
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', { USERNAME: user.username, PASSWORD: user.password }),
        NotAuthorizedException, { message: `Client ${clientId} is configured for secret but secret was not received` });
    });

    void it('must be computed with the right secret', async () => {
      const { clientId } = clientNamed(sandbox, 'confidential-with-secret');
      await rejectsWith(auth(clientId, 'USER_PASSWORD_AUTH', {
        USERNAME: user.username, PASSWORD: user.password, SECRET_HASH: secretHash('not-the-secret', user.username, clientId),
      }), NotAuthorizedException, { message: `Unable to verify secret hash for client ${clientId}` });
    });

    void it('over the name typed at sign-in signs the user in', async () => {
      const { clientId, clientSecret } = clientNamed(sandbox, 'confidential-with-secret');
      assert.ok(clientSecret);
      const t = await signIn(cognito, clientId, user.username, user.password, { SECRET_HASH: secretHash(clientSecret, user.username, clientId) });
      assert.equal(jwtPayload(t.IdToken).aud, clientId);
    });
  });

  void describe('REFRESH_TOKEN_AUTH', () => {
    void it('returns new ID and access tokens and never a refresh token', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      const first = await signIn(cognito, clientId, user.username, user.password);
      for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']) {
        const out = await auth(clientId, flow, { REFRESH_TOKEN: first.RefreshToken });
        const r = out.AuthenticationResult;
        assert.ok(r?.AccessToken && r.IdToken, flow);
        assert.equal(r.RefreshToken, undefined, flow);
        assert.equal(r.TokenType, 'Bearer');
        assert.notEqual(jwtPayload(r.IdToken).jti, jwtPayload(first.IdToken).jti);
        assert.equal(jwtPayload(r.IdToken).origin_jti, jwtPayload(first.IdToken).origin_jti);
      }
      // Without rotation the refresh token stays valid.
      assert.ok((await auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken })).AuthenticationResult);
    });

    void it('accepts DEVICE_KEY', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      const first = await signIn(cognito, clientId, user.username, user.password);
      const out = await auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken, DEVICE_KEY: 'us-east-1_0a1b2c3d-0000-4000-8000-000000000000' });
      assert.ok(out.AuthenticationResult?.IdToken);
    });

    void it('is refused on app clients with rotation enabled', async () => {
      for (const name of ['rotating-grace-10s', 'rotating-no-grace', 'legacy-rotating']) {
        const { clientId } = clientNamed(sandbox, name);
        const first = await signIn(cognito, clientId, user.username, user.password);
        await rejectsWith(auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken }),
          InvalidParameterException, { message: 'REFRESH_TOKEN_AUTH flow not enabled for this client' });
      }
    });

    void it('requires REFRESH_TOKEN and rejects unknown tokens and tokens of another client', async () => {
      const { clientId } = clientNamed(sandbox, 'no-rotation');
      await rejectsWith(auth(clientId, 'REFRESH_TOKEN_AUTH', {}), InvalidParameterException, { message: 'Missing required parameter REFRESH_TOKEN' });
      await rejectsWith(auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: 'garbage' }), NotAuthorizedException, { message: 'Invalid Refresh Token.' });
      const other = await signIn(cognito, clientNamed(sandbox, 'legacy-flows').clientId, user.username, user.password);
      await rejectsWith(auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: other.RefreshToken }), NotAuthorizedException, { message: 'Invalid Refresh Token.' });
    });

    void it('needs a SECRET_HASH over the internal user name, not the email typed at sign-in', async () => {
      const { clientId, clientSecret } = clientNamed(sandbox, 'confidential-with-secret');
      assert.ok(clientSecret);
      const first = await signIn(cognito, clientId, user.username, user.password, { SECRET_HASH: secretHash(clientSecret, user.username, clientId) });
      const internal = jwtPayload(first.IdToken)['cognito:username'] as string;

      await rejectsWith(auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken }),
        NotAuthorizedException, { message: `Client ${clientId} is configured for secret but secret was not received` });
      await rejectsWith(auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken, SECRET_HASH: secretHash(clientSecret, user.username, clientId) }),
        NotAuthorizedException, { message: `Unable to verify secret hash for client ${clientId}` });
      const out = await auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken, SECRET_HASH: secretHash(clientSecret, internal, clientId) });
      assert.equal(jwtPayload(out.AuthenticationResult?.IdToken ?? '').sub, jwtPayload(first.IdToken).sub);
    });

    void it('accepts the internal user name or the sub for a user whose user name is not the sub', async () => {
      // The "confidential" client with a plain-username user: cognito:username differs from sub.
      const { clientId, clientSecret } = clientNamed(sandbox, 'confidential-with-secret');
      assert.ok(clientSecret);
      const first = await signIn(cognito, clientId, PLAIN_USER.username, PLAIN_USER.password,
        { SECRET_HASH: secretHash(clientSecret, PLAIN_USER.username, clientId) });
      assert.equal(jwtPayload(first.IdToken)['cognito:username'], PLAIN_USER.username);
      for (const name of [PLAIN_USER.username, PLAIN_USER.sub]) {
        const out = await auth(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken, SECRET_HASH: secretHash(clientSecret, name, clientId) });
        assert.ok(out.AuthenticationResult?.AccessToken, name);
      }
    });
  });
});
