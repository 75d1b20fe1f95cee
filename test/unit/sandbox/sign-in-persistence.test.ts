// What a sign-in leaves behind survives a restart from the state file: a
// password changed through NEW_PASSWORD_REQUIRED (kept as an SRP verifier, the
// password itself never written), TOTP set up through MFA_SETUP, a confirmed
// and remembered device.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  AssociateSoftwareTokenCommand, ConfirmDeviceCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { sdkClient } from './helpers';
import { CLIENTS, deviceSecret, signInConfig, srpAnswer, srpClient, totp, USERS } from './sign-in-helpers';

const NEW_PASSWORD = 'Persisted-New-Passw0rd!';

void describe('sign-in state in the state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbx-signin-'));
  const stateFile = join(dir, 'state.json');
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function withSandbox<T>(run: (sandbox: SandboxHandle, cognito: CognitoIdentityProviderClient) => Promise<T>, first: boolean): Promise<T> {
    const sandbox = await startSandbox({ stateFile, ...(first ? { config: signInConfig() } : {}) });
    const cognito = sdkClient(sandbox);
    try {
      return await run(sandbox, cognito);
    } finally {
      cognito.destroy();
      await sandbox.close();
    }
  }
  const initiate = (cognito: CognitoIdentityProviderClient, clientId: string, username: string, password: string, extra: Record<string, string> = {}) =>
    cognito.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }));
  const respond = (cognito: CognitoIdentityProviderClient, clientId: string, name: string, responses: Record<string, string>, session?: string) =>
    cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name as never, ChallengeResponses: responses, Session: session }));

  void it('keeps a changed password (not the password), a TOTP set-up and a device across a restart', async () => {
    const { totpSecret, device } = await withSandbox(async (_sandbox, cognito) => {
      const np = await initiate(cognito, CLIENTS.public, USERS.newPassword.email, USERS.newPassword.password);
      await respond(cognito, CLIENTS.public, 'NEW_PASSWORD_REQUIRED', { USERNAME: USERS.newPassword.username, NEW_PASSWORD: NEW_PASSWORD, 'userAttributes.name': 'P' }, np.Session);

      const setup = await initiate(cognito, CLIENTS.mfaOn, USERS.setup.username, USERS.setup.password);
      const associated = await cognito.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
      const verified = await cognito.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(associated.SecretCode ?? '') }));
      await respond(cognito, CLIENTS.mfaOn, 'MFA_SETUP', { USERNAME: USERS.setup.username }, verified.Session);

      const signedIn = await initiate(cognito, CLIENTS.devices, USERS.device.username, USERS.device.password);
      const meta = signedIn.AuthenticationResult?.NewDeviceMetadata;
      assert.ok(meta?.DeviceKey && meta.DeviceGroupKey && signedIn.AuthenticationResult?.AccessToken);
      const secret = await deviceSecret(meta.DeviceGroupKey, meta.DeviceKey);
      await cognito.send(new ConfirmDeviceCommand({ AccessToken: signedIn.AuthenticationResult.AccessToken, DeviceKey: meta.DeviceKey, DeviceSecretVerifierConfig: secret.config }));
      return { totpSecret: associated.SecretCode ?? '', device: { key: meta.DeviceKey, groupKey: meta.DeviceGroupKey, password: secret.password } };
    }, true);

    const text = readFileSync(stateFile, 'utf8');
    assert.ok(!text.includes(NEW_PASSWORD), 'the changed password is not in the state file');
    assert.ok(!text.includes(device.password), 'the device password is not in the state file');
    assert.ok(text.includes(device.key));

    await withSandbox(async (_sandbox, cognito) => {
      const again = await initiate(cognito, CLIENTS.public, USERS.newPassword.email, NEW_PASSWORD);
      assert.ok(again.AuthenticationResult?.AccessToken, 'the new password works after the restart');
      const mfa = await initiate(cognito, CLIENTS.mfaOn, USERS.setup.username, USERS.setup.password);
      assert.equal(mfa.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      const done = await respond(cognito, CLIENTS.mfaOn, 'SOFTWARE_TOKEN_MFA', { USERNAME: USERS.setup.username, SOFTWARE_TOKEN_MFA_CODE: totp(totpSecret) }, mfa.Session);
      assert.ok(done.AuthenticationResult?.AccessToken);

      const withDevice = await initiate(cognito, CLIENTS.devices, USERS.device.username, USERS.device.password, { DEVICE_KEY: device.key });
      assert.equal(withDevice.ChallengeName, 'DEVICE_SRP_AUTH');
      const deviceSrp = await srpClient(device.groupKey);
      const dv = await respond(cognito, CLIENTS.devices, 'DEVICE_SRP_AUTH', { USERNAME: USERS.device.username, DEVICE_KEY: device.key, SRP_A: deviceSrp.srpA }, withDevice.Session);
      const answer = await srpAnswer(deviceSrp, device.key, device.password, dv.ChallengeParameters ?? {});
      const signedIn = await respond(cognito, CLIENTS.devices, 'DEVICE_PASSWORD_VERIFIER', { ...answer, USERNAME: USERS.device.username, DEVICE_KEY: device.key }, dv.Session);
      assert.ok(signedIn.AuthenticationResult?.RefreshToken);
    }, false);
  });
});
