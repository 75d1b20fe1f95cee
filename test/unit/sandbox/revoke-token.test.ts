// RevokeToken through the real SDK client.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  RevokeTokenCommand,
  UnauthorizedException,
  UnsupportedOperationException,
  UnsupportedTokenTypeException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, rejectsWith, sdkClient, secretHash, signIn } from './helpers';

function testConfig(): SandboxConfig {
  const config = demoConfig();
  config.pools[0].clients.push({
    name: 'no-revocation', clientId: 'norevocationclient00000005', clientSecret: null,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], enableTokenRevocation: false,
  });
  return config;
}

void describe('RevokeToken', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;

  before(async () => {
    sandbox = await startSandbox({ config: testConfig() });
    cognito = sdkClient(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const login = (name: string) => signIn(cognito, clientNamed(sandbox, name).clientId, sandbox.info.user.username, sandbox.info.user.password);
  const revoke = (name: string, token: string, clientSecret?: string) =>
    cognito.send(new RevokeTokenCommand({ ClientId: clientNamed(sandbox, name).clientId, Token: token, ClientSecret: clientSecret }));
  const refresh = (name: string, token: string, clientSecret?: string) =>
    cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientNamed(sandbox, name).clientId, RefreshToken: token, ClientSecret: clientSecret }));

  void it('answers an empty 200 and revokes the refresh token for both refresh paths', async () => {
    const t = await login('no-rotation');
    const out = await revoke('no-rotation', t.RefreshToken);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(Object.keys(out).filter((k) => k !== '$metadata'), []);
    await rejectsWith(refresh('no-rotation', t.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    await rejectsWith(cognito.send(new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientNamed(sandbox, 'no-rotation').clientId, AuthParameters: { REFRESH_TOKEN: t.RefreshToken },
    })), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
  });

  void it('sends an empty JSON object on the wire', async () => {
    const t = await login('no-rotation');
    const res = await fetch(`${sandbox.endpoint}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.RevokeToken' },
      body: JSON.stringify({ ClientId: clientNamed(sandbox, 'no-rotation').clientId, Token: t.RefreshToken }),
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{}');
  });

  void it('revokes every refresh token of the sign-in, rotated ones included', async () => {
    const first = await login('rotating-grace-10s');
    const next = (await refresh('rotating-grace-10s', first.RefreshToken)).AuthenticationResult?.RefreshToken ?? '';
    await revoke('rotating-grace-10s', first.RefreshToken);
    await rejectsWith(refresh('rotating-grace-10s', next), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    await rejectsWith(refresh('rotating-grace-10s', first.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
  });

  void it('leaves other sign-ins of the same user alone', async () => {
    const a = await login('no-rotation');
    const b = await login('no-rotation');
    await revoke('no-rotation', a.RefreshToken);
    assert.ok((await refresh('no-rotation', b.RefreshToken)).AuthenticationResult?.AccessToken);
  });

  void it('is idempotent, and succeeds for unknown tokens (RFC 7009)', async () => {
    const t = await login('no-rotation');
    await revoke('no-rotation', t.RefreshToken);
    assert.equal((await revoke('no-rotation', t.RefreshToken)).$metadata.httpStatusCode, 200);
    assert.equal((await revoke('no-rotation', 'unknown.token')).$metadata.httpStatusCode, 200);
  });

  void it('refuses a token issued to another client', async () => {
    const t = await login('rotating-no-grace');
    await rejectsWith(revoke('no-rotation', t.RefreshToken), UnauthorizedException);
    assert.ok((await refresh('rotating-no-grace', t.RefreshToken)).AuthenticationResult, 'the token stays valid');
  });

  void it('refuses ID and access tokens with UnsupportedTokenTypeException', async () => {
    const t = await login('no-rotation');
    await rejectsWith(revoke('no-rotation', t.AccessToken), UnsupportedTokenTypeException);
    await rejectsWith(revoke('no-rotation', t.IdToken), UnsupportedTokenTypeException);
  });

  void it('needs EnableTokenRevocation on the client', async () => {
    const t = await login('no-revocation');
    await rejectsWith(revoke('no-revocation', t.RefreshToken), UnsupportedOperationException);
    assert.ok((await refresh('no-revocation', t.RefreshToken)).AuthenticationResult);
  });

  void it('checks the client secret of a confidential client', async () => {
    const { clientId, clientSecret } = clientNamed(sandbox, 'confidential-with-secret');
    assert.ok(clientSecret);
    const t = await signIn(cognito, clientId, sandbox.info.user.username, sandbox.info.user.password,
      { SECRET_HASH: secretHash(clientSecret, sandbox.info.user.username, clientId) });
    await rejectsWith(revoke('confidential-with-secret', t.RefreshToken), NotAuthorizedException,
      { message: `Client ${clientId} is configured for secret but secret was not received` });
    await rejectsWith(revoke('confidential-with-secret', t.RefreshToken, 'wrongSecret000000000000000'), NotAuthorizedException,
      { message: `Unable to verify secret hash for client ${clientId}` });
    await revoke('confidential-with-secret', t.RefreshToken, clientSecret);
    await rejectsWith(refresh('confidential-with-secret', t.RefreshToken, clientSecret), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
  });
});
