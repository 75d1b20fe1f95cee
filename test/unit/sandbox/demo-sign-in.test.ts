// The built-in demo config's sign-in users do what demo-config.ts says they do,
// through the real SDK (the UI's "try it" path depends on them).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InitiateAuthCommand, RespondToAuthChallengeCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  DEMO_DEVICE_POOL_ID, DEMO_SIGN_IN_POOL_ID, DEMO_SIGN_IN_USERS, DEMO_TOTP_SECRET, demoConfig, startSandbox, type SandboxHandle,
} from '../../../src/sandbox/index';
import { sdkClient, secretHash } from './helpers';
import { lastCode, srpAnswer, srpClient, totp } from './sign-in-helpers';

const PASSWORD = 'Sandbox-Demo-Passw0rd!';

void describe('demo sign-in users', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  const pool = (id: string) => {
    const found = sandbox.info.pools.find((p) => p.userPoolId === id);
    assert.ok(found, `no demo pool ${id}`);
    return found;
  };
  const publicClient = () => pool(DEMO_SIGN_IN_POOL_ID).clients[0].clientId;
  const password = (clientId: string, username: string, extra: Record<string, string> = {}) => cognito.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD, ...extra },
  }));
  const respond = (clientId: string, name: string, responses: Record<string, string>, session?: string) =>
    cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name as never, ChallengeResponses: responses, Session: session }));

  before(async () => {
    sandbox = await startSandbox();
    cognito = sdkClient(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  void it('the demo config still puts the original pool first and has the sign-in and device pools', () => {
    assert.equal(sandbox.info.userPoolId, demoConfig().pools[0].id);
    assert.ok(pool(DEMO_SIGN_IN_POOL_ID).clients.length >= 2);
    assert.ok(pool(DEMO_DEVICE_POOL_ID).clients.length >= 1);
  });

  void it('srp user: USER_SRP_AUTH straight to tokens, also with the client secret', async () => {
    for (const client of pool(DEMO_SIGN_IN_POOL_ID).clients) {
      const secret = client.clientSecret;
      const hash = (name: string): Record<string, string> => (secret ? { SECRET_HASH: secretHash(secret, name, client.clientId) } : {});
      const srp = await srpClient(DEMO_SIGN_IN_POOL_ID.split('_')[1]);
      const first = await cognito.send(new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH', ClientId: client.clientId, AuthParameters: { USERNAME: DEMO_SIGN_IN_USERS.srp, SRP_A: srp.srpA, ...hash(DEMO_SIGN_IN_USERS.srp) },
      }));
      const p = first.ChallengeParameters ?? {};
      const done = await respond(client.clientId, 'PASSWORD_VERIFIER', { ...await srpAnswer(srp, p.USER_ID_FOR_SRP, PASSWORD, p), ...hash(p.USER_ID_FOR_SRP) });
      assert.ok(done.AuthenticationResult?.RefreshToken, client.name);
    }
  });

  void it('totp user: SOFTWARE_TOKEN_MFA with DEMO_TOTP_SECRET', async () => {
    const first = await password(publicClient(), DEMO_SIGN_IN_USERS.totp);
    assert.equal(first.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const done = await respond(publicClient(), 'SOFTWARE_TOKEN_MFA', { USERNAME: DEMO_SIGN_IN_USERS.totp, SOFTWARE_TOKEN_MFA_CODE: totp(DEMO_TOTP_SECRET) }, first.Session);
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  void it('new-password, email-otp, sms and select-mfa users get their challenges', async () => {
    assert.equal((await password(publicClient(), DEMO_SIGN_IN_USERS.newPassword)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const email = await password(publicClient(), DEMO_SIGN_IN_USERS.emailOtp);
    assert.equal(email.ChallengeName, 'EMAIL_OTP');
    const username = email.ChallengeParameters?.USERNAME ?? '';
    const { code } = await lastCode(sandbox, username);
    assert.ok((await respond(publicClient(), 'EMAIL_OTP', { USERNAME: DEMO_SIGN_IN_USERS.emailOtp, EMAIL_OTP_CODE: code }, email.Session)).AuthenticationResult);
    assert.equal((await password(publicClient(), DEMO_SIGN_IN_USERS.sms)).ChallengeName, 'SMS_MFA');
    assert.equal((await password(publicClient(), DEMO_SIGN_IN_USERS.selectMfa)).ChallengeName, 'SELECT_MFA_TYPE');
  });

  void it('device user: TOTP, then NewDeviceMetadata from the device-tracking pool', async () => {
    const clientId = pool(DEMO_DEVICE_POOL_ID).clients[0].clientId;
    const first = await password(clientId, DEMO_SIGN_IN_USERS.device);
    assert.equal(first.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const done = await respond(clientId, 'SOFTWARE_TOKEN_MFA', { USERNAME: DEMO_SIGN_IN_USERS.device, SOFTWARE_TOKEN_MFA_CODE: totp(DEMO_TOTP_SECRET) }, first.Session);
    assert.ok(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey);
  });
});
