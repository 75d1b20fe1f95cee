// Sign-in through the real SDK over HTTP: USER_SRP_AUTH (PASSWORD_VERIFIER),
// RespondToAuthChallenge for every challenge, USER_AUTH, MFA set-up, devices.
// The SRP client side is amazon-cognito-identity-js's AuthenticationHelper
// (sign-in-helpers.ts), not the sandbox's code.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssociateSoftwareTokenCommand, CodeMismatchException, ConfirmDeviceCommand, EnableSoftwareTokenMFAException, GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand, InvalidParameterException, InvalidPasswordException, NotAuthorizedException, ResourceNotFoundException,
  RespondToAuthChallengeCommand, SoftwareTokenMFANotFoundException, UpdateDeviceStatusCommand, VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient, type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { jwtPayload, rejectsWith, sdkClient, secretHash } from './helpers';
import {
  advanceClock, CLIENT_SECRET, CLIENTS, DEVICE_POOL, deviceSecret, lastCode, messages, MFA_ON_POOL, signInConfig, SIGN_IN_POOL, srpAnswer, srpClient,
  totp, TOTP_SECRET, USERS,
} from './sign-in-helpers';

const poolName = (poolId: string) => poolId.split('_')[1];

void describe('sign-in', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;

  before(async () => {
    sandbox = await startSandbox({ config: signInConfig() });
    cognito = sdkClient(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const initiate = (clientId: string, flow: string, params: Record<string, string>) =>
    cognito.send(new InitiateAuthCommand({ AuthFlow: flow as never, ClientId: clientId, AuthParameters: params }));
  const respond = (clientId: string, name: string, responses: Record<string, string>, session?: string) =>
    cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name as never, ChallengeResponses: responses, Session: session }));

  /** USER_SRP_AUTH up to the PASSWORD_VERIFIER answer; returns the answer's output. */
  async function srpSignIn(clientId: string, poolId: string, signInName: string, password: string, extra: { initiate?: Record<string, string>; answer?: (userId: string) => Record<string, string> } = {}) {
    const srp = await srpClient(poolName(poolId));
    const first = await initiate(clientId, 'USER_SRP_AUTH', { USERNAME: signInName, SRP_A: srp.srpA, ...extra.initiate });
    assert.equal(first.ChallengeName, 'PASSWORD_VERIFIER');
    const params = first.ChallengeParameters ?? {};
    const answer = await srpAnswer(srp, params.USER_ID_FOR_SRP, password, params);
    return respond(clientId, 'PASSWORD_VERIFIER', { ...answer, ...extra.answer?.(params.USER_ID_FOR_SRP) }, first.Session);
  }

  void describe('USER_SRP_AUTH', () => {
    void it('answers PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP and USERNAME, and no Session', async () => {
      const srp = await srpClient(poolName(SIGN_IN_POOL));
      const out = await initiate(CLIENTS.public, 'USER_SRP_AUTH', { USERNAME: USERS.plain.email, SRP_A: srp.srpA });
      assert.equal(out.ChallengeName, 'PASSWORD_VERIFIER');
      assert.equal(out.Session, undefined);
      assert.equal(out.AuthenticationResult, undefined);
      const p = out.ChallengeParameters ?? {};
      assert.deepEqual(Object.keys(p).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
      // An email pool: the SRP user id is the internal name (the sub), not the email typed.
      assert.equal(p.USER_ID_FOR_SRP, USERS.plain.username);
      assert.equal(p.USERNAME, USERS.plain.username);
      assert.match(p.SRP_B, /^[0-9a-f]+$/);
      assert.match(p.SALT, /^[0-9a-f]+$/);
    });

    void it('signs in with a correct proof (password hashed with the internal name), and the refresh token refreshes', async () => {
      const out = await srpSignIn(CLIENTS.public, SIGN_IN_POOL, USERS.plain.email, USERS.plain.password);
      const r = out.AuthenticationResult;
      assert.ok(r?.AccessToken && r.IdToken && r.RefreshToken);
      assert.deepEqual(out.ChallengeParameters, {});
      assert.equal(jwtPayload(r.IdToken).email, USERS.plain.email);
      assert.equal(jwtPayload(r.AccessToken).username, USERS.plain.username);
      const refreshed = await initiate(CLIENTS.public, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: r.RefreshToken });
      assert.equal(jwtPayload(refreshed.AuthenticationResult?.AccessToken ?? '').origin_jti, jwtPayload(r.AccessToken).origin_jti);
    });

    void it('refuses a wrong password with "Incorrect username or password.", and the exchange cannot be answered again', async () => {
      const srp = await srpClient(poolName(SIGN_IN_POOL));
      const first = await initiate(CLIENTS.public, 'USER_SRP_AUTH', { USERNAME: USERS.plain.email, SRP_A: srp.srpA });
      const params = first.ChallengeParameters ?? {};
      const wrong = await srpAnswer(srp, params.USER_ID_FOR_SRP, 'Not-The-Passw0rd!', params);
      await rejectsWith(respond(CLIENTS.public, 'PASSWORD_VERIFIER', wrong), NotAuthorizedException, { message: 'Incorrect username or password.' });
      const right = await srpAnswer(srp, params.USER_ID_FOR_SRP, USERS.plain.password, params);
      await rejectsWith(respond(CLIENTS.public, 'PASSWORD_VERIFIER', right), NotAuthorizedException, { message: 'Invalid session for the user.' });
    });

    void it('refuses a proof made with the email instead of USER_ID_FOR_SRP', async () => {
      const srp = await srpClient(poolName(SIGN_IN_POOL));
      const first = await initiate(CLIENTS.public, 'USER_SRP_AUTH', { USERNAME: USERS.plain.email, SRP_A: srp.srpA });
      const params = first.ChallengeParameters ?? {};
      const answer = await srpAnswer(srp, USERS.plain.email, USERS.plain.password, params);
      await rejectsWith(respond(CLIENTS.public, 'PASSWORD_VERIFIER', answer), NotAuthorizedException, { message: 'Incorrect username or password.' });
    });

    void it('takes SECRET_HASH over the typed name first and over USER_ID_FOR_SRP in the answer; the wrong name fails', async () => {
      const hash = (name: string) => secretHash(CLIENT_SECRET, name, CLIENTS.secret);
      const ok = await srpSignIn(CLIENTS.secret, SIGN_IN_POOL, USERS.plain.email, USERS.plain.password, {
        initiate: { SECRET_HASH: hash(USERS.plain.email) }, answer: (id) => ({ SECRET_HASH: hash(id) }),
      });
      assert.ok(ok.AuthenticationResult?.RefreshToken);
      await rejectsWith(srpSignIn(CLIENTS.secret, SIGN_IN_POOL, USERS.plain.email, USERS.plain.password, {
        initiate: { SECRET_HASH: hash(USERS.plain.email) }, answer: () => ({ SECRET_HASH: hash(USERS.plain.email) }),
      }), NotAuthorizedException, { message: `Unable to verify secret hash for client ${CLIENTS.secret}` });
      await rejectsWith(srpSignIn(CLIENTS.secret, SIGN_IN_POOL, USERS.plain.email, USERS.plain.password, {
        initiate: { SECRET_HASH: hash(USERS.plain.email) },
      }), NotAuthorizedException, { message: `Client ${CLIENTS.secret} is configured for secret but secret was not received` });
    });

    void it('needs ALLOW_USER_SRP_AUTH, SRP_A and a TIMESTAMP in Cognito\'s format', async () => {
      await rejectsWith(initiate(CLIENTS.passwordOnly, 'USER_SRP_AUTH', { USERNAME: USERS.plain.email, SRP_A: 'abcd' }), InvalidParameterException, {
        message: 'USER_SRP_AUTH flow not enabled for this client',
      });
      await rejectsWith(initiate(CLIENTS.public, 'USER_SRP_AUTH', { USERNAME: USERS.plain.email }), InvalidParameterException, { message: 'Missing required parameter SRP_A' });
      await rejectsWith(initiate(CLIENTS.public, 'USER_SRP_AUTH', { USERNAME: USERS.plain.email, SRP_A: 'not hex' }), InvalidParameterException);
      await rejectsWith(srpSignIn(CLIENTS.public, SIGN_IN_POOL, USERS.plain.email, USERS.plain.password, {
        answer: () => ({ TIMESTAMP: '2026-12-01T22:59:01Z' }),
      }), InvalidParameterException, { message: /TIMESTAMP/ });
    });
  });

  void describe('NEW_PASSWORD_REQUIRED', () => {
    void it('asks for a new password and the missing required attributes, then signs in with the new password only', async () => {
      const first = await initiate(CLIENTS.public, 'USER_PASSWORD_AUTH', { USERNAME: USERS.newPassword.email, PASSWORD: USERS.newPassword.password });
      assert.equal(first.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      assert.ok(first.Session && first.Session.length >= 20);
      const p = first.ChallengeParameters ?? {};
      assert.deepEqual(JSON.parse(p.requiredAttributes), ['userAttributes.name']);
      assert.equal((JSON.parse(p.userAttributes) as Record<string, string>).email, USERS.newPassword.email);
      const base = { USERNAME: USERS.newPassword.username, NEW_PASSWORD: 'Brand-New-Passw0rd!' };
      await rejectsWith(respond(CLIENTS.public, 'NEW_PASSWORD_REQUIRED', base, first.Session), InvalidParameterException, { message: 'Invalid attributes given, name is missing' });
      await rejectsWith(respond(CLIENTS.public, 'NEW_PASSWORD_REQUIRED', { ...base, NEW_PASSWORD: 'short', 'userAttributes.name': 'N' }, first.Session), InvalidPasswordException);
      const done = await respond(CLIENTS.public, 'NEW_PASSWORD_REQUIRED', { ...base, 'userAttributes.name': 'New Person' }, first.Session);
      assert.equal(jwtPayload(done.AuthenticationResult?.IdToken ?? '').name, 'New Person');
      await rejectsWith(initiate(CLIENTS.public, 'USER_PASSWORD_AUTH', { USERNAME: USERS.newPassword.email, PASSWORD: USERS.newPassword.password }), NotAuthorizedException);
      const again = await initiate(CLIENTS.public, 'USER_PASSWORD_AUTH', { USERNAME: USERS.newPassword.email, PASSWORD: 'Brand-New-Passw0rd!' });
      assert.ok(again.AuthenticationResult?.AccessToken, 'the user is CONFIRMED now');
      // And SRP works with the new password (its verifier was derived from it).
      const srp = await srpSignIn(CLIENTS.public, SIGN_IN_POOL, USERS.newPassword.email, 'Brand-New-Passw0rd!');
      assert.ok(srp.AuthenticationResult?.AccessToken);
    });
  });

  void describe('MFA', () => {
    void it('SOFTWARE_TOKEN_MFA: an RFC 6238 code of the user\'s secret signs in; a wrong one is CodeMismatchException', async () => {
      const first = await srpSignIn(CLIENTS.public, SIGN_IN_POOL, USERS.totp.email, USERS.totp.password);
      assert.equal(first.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      const wrongCode = totp(TOTP_SECRET, Date.now(), 5);
      await rejectsWith(respond(CLIENTS.public, 'SOFTWARE_TOKEN_MFA', { USERNAME: USERS.totp.username, SOFTWARE_TOKEN_MFA_CODE: wrongCode }, first.Session),
        CodeMismatchException, { message: 'Invalid code or auth state for the user.' });
      const done = await respond(CLIENTS.public, 'SOFTWARE_TOKEN_MFA', { USERNAME: USERS.totp.username, SOFTWARE_TOKEN_MFA_CODE: totp(TOTP_SECRET) }, first.Session);
      assert.ok(done.AuthenticationResult?.RefreshToken);
      await rejectsWith(respond(CLIENTS.public, 'SOFTWARE_TOKEN_MFA', { USERNAME: USERS.totp.username, SOFTWARE_TOKEN_MFA_CODE: totp(TOTP_SECRET) }, first.Session),
        NotAuthorizedException, { message: 'Invalid session for the user.' });
    });

    void it('drops the session after three wrong codes', async () => {
      const first = await initiate(CLIENTS.public, 'USER_PASSWORD_AUTH', { USERNAME: USERS.totp.email, PASSWORD: USERS.totp.password });
      const wrong = { USERNAME: USERS.totp.username, SOFTWARE_TOKEN_MFA_CODE: totp(TOTP_SECRET, Date.now(), 7) };
      for (let i = 0; i < 3; i++) await rejectsWith(respond(CLIENTS.public, 'SOFTWARE_TOKEN_MFA', wrong, first.Session), CodeMismatchException);
      await rejectsWith(respond(CLIENTS.public, 'SOFTWARE_TOKEN_MFA', { ...wrong, SOFTWARE_TOKEN_MFA_CODE: totp(TOTP_SECRET) }, first.Session),
        NotAuthorizedException, { message: 'Invalid session for the user.' });
    });

    void it('SMS_MFA: a masked destination, the code in the sandbox mailbox (never in the API answer)', async () => {
      const first = await initiate(CLIENTS.public, 'USER_PASSWORD_AUTH', { USERNAME: USERS.sms.email, PASSWORD: USERS.sms.password });
      assert.equal(first.ChallengeName, 'SMS_MFA');
      const p = first.ChallengeParameters ?? {};
      assert.equal(p.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
      assert.equal(p.CODE_DELIVERY_DESTINATION, '+*******0123');
      const message = await lastCode(sandbox, USERS.sms.username);
      assert.equal(message.destination, USERS.sms.phone);
      assert.match(message.code, /^\d{6}$/);
      assert.ok(!Object.values(first.ChallengeParameters ?? {}).some((v) => v.includes(message.code)), 'the code is not in the answer');
      assert.deepEqual(sandbox.messages({ username: USERS.sms.username }).at(-1)?.code, message.code);
      const done = await respond(CLIENTS.public, 'SMS_MFA', { USERNAME: USERS.sms.email, SMS_MFA_CODE: message.code }, first.Session);
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    void it('EMAIL_OTP as MFA: EMAIL_OTP_CODE from the mailbox', async () => {
      const first = await srpSignIn(CLIENTS.public, SIGN_IN_POOL, USERS.emailMfa.email, USERS.emailMfa.password);
      assert.equal(first.ChallengeName, 'EMAIL_OTP');
      assert.equal(first.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
      assert.equal(first.ChallengeParameters?.CODE_DELIVERY_DESTINATION, 'e***@e***.com');
      const { code } = await lastCode(sandbox, USERS.emailMfa.username);
      await rejectsWith(respond(CLIENTS.public, 'EMAIL_OTP', { USERNAME: USERS.emailMfa.username, EMAIL_OTP_CODE: code === '000000' ? '111111' : '000000' }, first.Session), CodeMismatchException);
      const done = await respond(CLIENTS.public, 'EMAIL_OTP', { USERNAME: USERS.emailMfa.username, EMAIL_OTP_CODE: code }, first.Session);
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    void it('SELECT_MFA_TYPE for a user with several methods, then the chosen one', async () => {
      const first = await initiate(CLIENTS.public, 'USER_PASSWORD_AUTH', { USERNAME: USERS.multi.email, PASSWORD: USERS.multi.password });
      assert.equal(first.ChallengeName, 'SELECT_MFA_TYPE');
      assert.deepEqual(JSON.parse(first.ChallengeParameters?.MFAS_CAN_CHOOSE ?? ''), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
      await rejectsWith(respond(CLIENTS.public, 'SELECT_MFA_TYPE', { USERNAME: USERS.multi.username, ANSWER: 'EMAIL_OTP' }, first.Session), InvalidParameterException);
      const chosen = await respond(CLIENTS.public, 'SELECT_MFA_TYPE', { USERNAME: USERS.multi.username, ANSWER: 'SOFTWARE_TOKEN_MFA' }, first.Session);
      assert.equal(chosen.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      assert.notEqual(chosen.Session, first.Session);
      const done = await respond(CLIENTS.public, 'SOFTWARE_TOKEN_MFA', { USERNAME: USERS.multi.username, SOFTWARE_TOKEN_MFA_CODE: totp(TOTP_SECRET) }, chosen.Session);
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    void it('MFA_SETUP when MFA is ON: AssociateSoftwareToken and VerifySoftwareToken with the Session, then MFA_SETUP; the next sign-in asks for TOTP', async () => {
      const first = await srpSignIn(CLIENTS.mfaOn, MFA_ON_POOL, USERS.setup.username, USERS.setup.password);
      assert.equal(first.ChallengeName, 'MFA_SETUP');
      assert.deepEqual(JSON.parse(first.ChallengeParameters?.MFAS_CAN_SETUP ?? ''), ['SOFTWARE_TOKEN_MFA']);
      await rejectsWith(respond(CLIENTS.mfaOn, 'MFA_SETUP', { USERNAME: USERS.setup.username }, first.Session), SoftwareTokenMFANotFoundException);
      const associated = await cognito.send(new AssociateSoftwareTokenCommand({ Session: first.Session }));
      assert.match(associated.SecretCode ?? '', /^[A-Z2-7]{32}$/);
      assert.ok(associated.Session);
      await rejectsWith(cognito.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(associated.SecretCode ?? '', Date.now(), 9) })),
        EnableSoftwareTokenMFAException, { message: 'Code mismatch and fail enable Software Token MFA mfa' });
      const verified = await cognito.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(associated.SecretCode ?? '') }));
      assert.equal(verified.Status, 'SUCCESS');
      assert.ok(verified.Session);
      const done = await respond(CLIENTS.mfaOn, 'MFA_SETUP', { USERNAME: USERS.setup.username }, verified.Session);
      assert.ok(done.AuthenticationResult?.AccessToken);
      const next = await initiate(CLIENTS.mfaOn, 'USER_PASSWORD_AUTH', { USERNAME: USERS.setup.username, PASSWORD: USERS.setup.password });
      assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      const again = await respond(CLIENTS.mfaOn, 'SOFTWARE_TOKEN_MFA', { USERNAME: USERS.setup.username, SOFTWARE_TOKEN_MFA_CODE: totp(associated.SecretCode ?? '') }, next.Session);
      assert.ok(again.AuthenticationResult?.AccessToken);
    });
  });

  void describe('USER_AUTH (choice-based)', () => {
    void it('PREFERRED_CHALLENGE PASSWORD with PASSWORD signs in at once', async () => {
      const out = await initiate(CLIENTS.public, 'USER_AUTH', { USERNAME: USERS.plain.email, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: USERS.plain.password });
      assert.ok(out.AuthenticationResult?.RefreshToken);
    });

    void it('PREFERRED_CHALLENGE PASSWORD_SRP with SRP_A answers PASSWORD_VERIFIER with a Session', async () => {
      const srp = await srpClient(poolName(SIGN_IN_POOL));
      const first = await initiate(CLIENTS.public, 'USER_AUTH', { USERNAME: USERS.plain.email, PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA });
      assert.equal(first.ChallengeName, 'PASSWORD_VERIFIER');
      assert.ok(first.Session);
      const p = first.ChallengeParameters ?? {};
      const done = await respond(CLIENTS.public, 'PASSWORD_VERIFIER', await srpAnswer(srp, p.USER_ID_FOR_SRP, USERS.plain.password, p), first.Session);
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    void it('without a preference: SELECT_CHALLENGE with AvailableChallenges; EMAIL_OTP sends an 8-digit code', async () => {
      const first: InitiateAuthCommandOutput = await initiate(CLIENTS.public, 'USER_AUTH', { USERNAME: USERS.plain.email });
      assert.equal(first.ChallengeName, 'SELECT_CHALLENGE');
      assert.deepEqual(first.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
      const otp = await respond(CLIENTS.public, 'SELECT_CHALLENGE', { USERNAME: USERS.plain.email, ANSWER: 'EMAIL_OTP' }, first.Session);
      assert.equal(otp.ChallengeName, 'EMAIL_OTP');
      const { code, purpose } = await lastCode(sandbox, USERS.plain.username);
      assert.equal(purpose, 'EMAIL_OTP');
      assert.match(code, /^\d{8}$/);
      const done = await respond(CLIENTS.public, 'EMAIL_OTP', { USERNAME: USERS.plain.email, EMAIL_OTP_CODE: code }, otp.Session);
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    void it('SELECT_CHALLENGE answered with PASSWORD and the password', async () => {
      const first = await initiate(CLIENTS.public, 'USER_AUTH', { USERNAME: USERS.sms.email });
      assert.deepEqual(first.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
      const next = await respond(CLIENTS.public, 'SELECT_CHALLENGE', { USERNAME: USERS.sms.email, ANSWER: 'PASSWORD', PASSWORD: USERS.sms.password }, first.Session);
      // The password was the first factor; the user's SMS MFA comes next.
      assert.equal(next.ChallengeName, 'SMS_MFA');
    });

    void it('SMS_OTP as the first factor on a client with a secret: SECRET_HASH over the name sent at each step', async () => {
      const hash = (name: string) => secretHash(CLIENT_SECRET, name, CLIENTS.secret);
      const first = await initiate(CLIENTS.secret, 'USER_AUTH', { USERNAME: USERS.sms.email, SECRET_HASH: hash(USERS.sms.email) });
      await rejectsWith(respond(CLIENTS.secret, 'SELECT_CHALLENGE', { USERNAME: USERS.sms.email, ANSWER: 'SMS_OTP' }, first.Session), NotAuthorizedException, {
        message: `Client ${CLIENTS.secret} is configured for secret but secret was not received`,
      });
      const otp = await respond(CLIENTS.secret, 'SELECT_CHALLENGE', { USERNAME: USERS.sms.email, ANSWER: 'SMS_OTP', SECRET_HASH: hash(USERS.sms.email) }, first.Session);
      assert.equal(otp.ChallengeName, 'SMS_OTP');
      const { code, purpose } = await lastCode(sandbox, USERS.sms.username);
      assert.equal(purpose, 'SMS_OTP');
      await rejectsWith(respond(CLIENTS.secret, 'SMS_OTP', { USERNAME: USERS.sms.username, SMS_OTP_CODE: code, SECRET_HASH: hash(USERS.sms.email) }, otp.Session),
        NotAuthorizedException, { message: `Unable to verify secret hash for client ${CLIENTS.secret}` });
      const done = await respond(CLIENTS.secret, 'SMS_OTP', { USERNAME: USERS.sms.username, SMS_OTP_CODE: code, SECRET_HASH: hash(USERS.sms.username) }, otp.Session);
      // A passwordless first factor is not followed by the user's SMS MFA.
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    void it('WEB_AUTHN for a user without a passkey: not offered, and choosing it is refused', async () => {
      const first = await initiate(CLIENTS.public, 'USER_AUTH', { USERNAME: USERS.plain.email, PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      assert.equal(first.ChallengeName, 'SELECT_CHALLENGE');
      assert.ok(!(first.AvailableChallenges ?? []).includes('WEB_AUTHN'));
      await rejectsWith(respond(CLIENTS.public, 'SELECT_CHALLENGE', { USERNAME: USERS.plain.email, ANSWER: 'WEB_AUTHN' }, first.Session), InvalidParameterException);
    });

    void it('needs ALLOW_USER_AUTH on the client', async () => {
      await rejectsWith(initiate(CLIENTS.passwordOnly, 'USER_AUTH', { USERNAME: USERS.plain.email }), InvalidParameterException, {
        message: 'USER_AUTH flow not enabled for this client',
      });
    });
  });

  void describe('devices', () => {
    void it('a new device on a tracking pool, ConfirmDevice, refresh only with DEVICE_KEY, then device SRP instead of MFA once remembered', async () => {
      const first = await initiate(CLIENTS.devices, 'USER_PASSWORD_AUTH', { USERNAME: USERS.deviceTotp.username, PASSWORD: USERS.deviceTotp.password });
      assert.equal(first.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      const signedIn = await respond(CLIENTS.devices, 'SOFTWARE_TOKEN_MFA', { USERNAME: USERS.deviceTotp.username, SOFTWARE_TOKEN_MFA_CODE: totp(TOTP_SECRET) }, first.Session);
      const r = signedIn.AuthenticationResult;
      const meta = r?.NewDeviceMetadata;
      assert.ok(r?.AccessToken && r.RefreshToken && meta?.DeviceKey && meta.DeviceGroupKey);
      assert.match(meta.DeviceKey, /^us-east-1_[0-9a-f-]{36}$/);
      const deviceKey = meta.DeviceKey;
      // Not confirmed yet: the refresh token does not work, with or without the key.
      await rejectsWith(initiate(CLIENTS.devices, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: r.RefreshToken, DEVICE_KEY: meta.DeviceKey }), NotAuthorizedException, { message: 'Invalid Refresh Token.' });
      const secret = await deviceSecret(meta.DeviceGroupKey, meta.DeviceKey);
      const confirmed = await cognito.send(new ConfirmDeviceCommand({ AccessToken: r.AccessToken, DeviceKey: meta.DeviceKey, DeviceSecretVerifierConfig: secret.config, DeviceName: 'test' }));
      assert.equal(confirmed.UserConfirmationNecessary, true);
      await rejectsWith(initiate(CLIENTS.devices, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: r.RefreshToken }), NotAuthorizedException, { message: 'Invalid Refresh Token.' });
      const refreshed = await initiate(CLIENTS.devices, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: r.RefreshToken, DEVICE_KEY: meta.DeviceKey });
      assert.ok(refreshed.AuthenticationResult?.AccessToken);
      const viaNewApi = await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: CLIENTS.devices, RefreshToken: r.RefreshToken, DeviceKey: meta.DeviceKey }));
      assert.ok(viaNewApi.AuthenticationResult?.AccessToken);

      // Confirmed but not remembered: MFA is still asked, then device SRP.
      const notYet = await srpSignIn(CLIENTS.devices, DEVICE_POOL, USERS.deviceTotp.username, USERS.deviceTotp.password, { answer: () => ({ DEVICE_KEY: deviceKey }) });
      assert.equal(notYet.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      await cognito.send(new UpdateDeviceStatusCommand({ AccessToken: r.AccessToken, DeviceKey: meta.DeviceKey, DeviceRememberedStatus: 'remembered' }));

      const again = await srpSignIn(CLIENTS.devices, DEVICE_POOL, USERS.deviceTotp.username, USERS.deviceTotp.password, { answer: () => ({ DEVICE_KEY: deviceKey }) });
      assert.equal(again.ChallengeName, 'DEVICE_SRP_AUTH');
      const deviceSrp = await srpClient(meta.DeviceGroupKey);
      const dv = await respond(CLIENTS.devices, 'DEVICE_SRP_AUTH', { USERNAME: USERS.deviceTotp.username, DEVICE_KEY: meta.DeviceKey, SRP_A: deviceSrp.srpA }, again.Session);
      assert.equal(dv.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
      const p = dv.ChallengeParameters ?? {};
      const answer = await srpAnswer(deviceSrp, meta.DeviceKey, secret.password, p);
      const wrong = await srpAnswer(deviceSrp, meta.DeviceKey, 'not-the-device-password', p);
      const done = await respond(CLIENTS.devices, 'DEVICE_PASSWORD_VERIFIER', { ...answer, USERNAME: USERS.deviceTotp.username, DEVICE_KEY: meta.DeviceKey }, dv.Session);
      assert.ok(done.AuthenticationResult?.RefreshToken);
      assert.equal(done.AuthenticationResult?.NewDeviceMetadata, undefined, 'a known device is not new');
      await rejectsWith(respond(CLIENTS.devices, 'DEVICE_PASSWORD_VERIFIER', { ...wrong, USERNAME: USERS.deviceTotp.username, DEVICE_KEY: meta.DeviceKey }, dv.Session),
        NotAuthorizedException, { message: 'Invalid session for the user.' });
      const deviceRefresh = await initiate(CLIENTS.devices, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: done.AuthenticationResult?.RefreshToken ?? '', DEVICE_KEY: meta.DeviceKey });
      assert.ok(deviceRefresh.AuthenticationResult?.AccessToken);
    });

    void it('a wrong device password fails DEVICE_PASSWORD_VERIFIER', async () => {
      const first = await initiate(CLIENTS.devices, 'USER_PASSWORD_AUTH', { USERNAME: USERS.device.username, PASSWORD: USERS.device.password });
      const meta = first.AuthenticationResult?.NewDeviceMetadata;
      assert.ok(meta?.DeviceKey && meta.DeviceGroupKey && first.AuthenticationResult?.AccessToken);
      const secret = await deviceSecret(meta.DeviceGroupKey, meta.DeviceKey);
      await cognito.send(new ConfirmDeviceCommand({ AccessToken: first.AuthenticationResult.AccessToken, DeviceKey: meta.DeviceKey, DeviceSecretVerifierConfig: secret.config }));
      const again = await initiate(CLIENTS.devices, 'USER_PASSWORD_AUTH', { USERNAME: USERS.device.username, PASSWORD: USERS.device.password, DEVICE_KEY: meta.DeviceKey });
      assert.equal(again.ChallengeName, 'DEVICE_SRP_AUTH');
      const deviceSrp = await srpClient(meta.DeviceGroupKey);
      const dv = await respond(CLIENTS.devices, 'DEVICE_SRP_AUTH', { USERNAME: USERS.device.username, DEVICE_KEY: meta.DeviceKey, SRP_A: deviceSrp.srpA }, again.Session);
      const wrong = await srpAnswer(deviceSrp, meta.DeviceKey, 'not-the-device-password', dv.ChallengeParameters ?? {});
      await rejectsWith(respond(CLIENTS.devices, 'DEVICE_PASSWORD_VERIFIER', { ...wrong, USERNAME: USERS.device.username, DEVICE_KEY: meta.DeviceKey }, dv.Session),
        NotAuthorizedException, { message: 'Incorrect username or password.' });
    });

    void it('an unknown DEVICE_KEY in the PASSWORD_VERIFIER answer is ResourceNotFoundException "Device does not exist."; the same answer without it works', async () => {
      const srp = await srpClient(poolName(DEVICE_POOL));
      const first = await initiate(CLIENTS.devices, 'USER_SRP_AUTH', { USERNAME: USERS.device.username, SRP_A: srp.srpA });
      const p = first.ChallengeParameters ?? {};
      const answer = await srpAnswer(srp, p.USER_ID_FOR_SRP, USERS.device.password, p);
      await rejectsWith(respond(CLIENTS.devices, 'PASSWORD_VERIFIER', { ...answer, DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000' }), ResourceNotFoundException, {
        message: 'Device does not exist.',
      });
      const done = await respond(CLIENTS.devices, 'PASSWORD_VERIFIER', answer);
      assert.ok(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey);
    });
  });

  void describe('validation', () => {
    void it('RespondToAuthChallenge validates like the framework: ChallengeName required and in the enum, Session 20..2048', async () => {
      await rejectsWith(cognito.send(new RespondToAuthChallengeCommand({ ClientId: CLIENTS.public } as never)), InvalidParameterException, {
        message: "1 validation error detected: Value null at 'challengeName' failed to satisfy constraint: Member must not be null",
      });
      await rejectsWith(respond(CLIENTS.public, 'SMS_MFA', { USERNAME: 'x' }, 'short'), InvalidParameterException, {
        message: "1 validation error detected: Value at 'session' failed to satisfy constraint: Member must have length greater than or equal to 20",
      });
      await rejectsWith(respond(CLIENTS.public, 'NOT_A_CHALLENGE', { USERNAME: 'x' }), InvalidParameterException, { message: /Member must satisfy enum value set/ });
      await rejectsWith(respond(CLIENTS.public, 'SMS_MFA', { USERNAME: 'x', SMS_MFA_CODE: '123456' }, 'A'.repeat(40)), NotAuthorizedException, { message: 'Invalid session for the user.' });
    });

    void it('the mailbox is read through the control endpoint and can be emptied', async () => {
      assert.ok((await messages(sandbox)).length > 0);
      const res = await fetch(`${sandbox.endpoint}/__sandbox/messages`, { method: 'DELETE' });
      assert.equal(res.status, 200);
      assert.deepEqual(await messages(sandbox), []);
      const wrongMethod = await fetch(`${sandbox.endpoint}/__sandbox/messages`, { method: 'POST', body: '{}' });
      assert.equal(wrongMethod.status, 405);
    });
  });
});

void describe('sign-in sessions expire after 3 minutes', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  before(async () => {
    sandbox = await startSandbox({ config: signInConfig() });
    cognito = sdkClient(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  void it('answers "Invalid session for the user, session is expired." after 180 s, and works 10 s before', async () => {
    const start = () => cognito.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENTS.public, AuthParameters: { USERNAME: USERS.sms.email, PASSWORD: USERS.sms.password } }));
    const answer = async (session: string | undefined) => cognito.send(new RespondToAuthChallengeCommand({
      ClientId: CLIENTS.public, ChallengeName: 'SMS_MFA', Session: session,
      ChallengeResponses: { USERNAME: USERS.sms.username, SMS_MFA_CODE: (await lastCode(sandbox, USERS.sms.username)).code },
    }));
    const fresh = await start();
    await advanceClock(sandbox, 170);
    assert.ok((await answer(fresh.Session)).AuthenticationResult?.AccessToken);
    const stale = await start();
    await advanceClock(sandbox, 180);
    await rejectsWith(answer(stale.Session), NotAuthorizedException, { message: 'Invalid session for the user, session is expired.' });
  });

  void it('an SRP exchange (no Session) expires too', async () => {
    const srp = await srpClient(poolName(SIGN_IN_POOL));
    const first = await cognito.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: CLIENTS.public, AuthParameters: { USERNAME: USERS.plain.email, SRP_A: srp.srpA } }));
    const p = first.ChallengeParameters ?? {};
    await advanceClock(sandbox, 181);
    await rejectsWith(cognito.send(new RespondToAuthChallengeCommand({
      ClientId: CLIENTS.public, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: await srpAnswer(srp, p.USER_ID_FOR_SRP, USERS.plain.password, p),
    })), NotAuthorizedException, { message: 'Invalid session for the user, session is expired.' });
  });
});
