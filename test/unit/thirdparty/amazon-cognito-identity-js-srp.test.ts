// amazon-cognito-identity-js's own sign-in (CognitoUser.authenticateUser with
// its default USER_SRP_AUTH) against the sandbox: an independent SRP client,
// so a success proves the sandbox's server-side SRP math, and its challenge
// callbacks (newPasswordRequired, totpRequired, mfaRequired) and device
// remembering (ConfirmDevice on NewDeviceMetadata, setDeviceStatusRemembered,
// then DEVICE_SRP_AUTH on the next sign-in) prove the challenge shapes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession, type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { jwtPayload, sdkClient } from '../sandbox/helpers';
import { CLIENTS, DEVICE_POOL, lastCode, signInConfig, SIGN_IN_POOL, totp, TOTP_SECRET, USERS } from '../sandbox/sign-in-helpers';

/** localStorage in memory: a missing key reads as null, as in a browser. */
class MemoryStorage implements ICognitoStorage {
  readonly items = new Map<string, string>();
  setItem(key: string, value: string): void { this.items.set(key, value); }
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  removeItem(key: string): void { this.items.delete(key); }
  clear(): void { this.items.clear(); }
}

interface Outcome {
  session?: CognitoUserSession;
  userConfirmationNecessary?: boolean;
  challenge?: string;
  params?: unknown;
}

void describe('amazon-cognito-identity-js USER_SRP_AUTH against the sandbox', () => {
  let sandbox: SandboxHandle;
  before(async () => { sandbox = await startSandbox({ config: signInConfig() }); });
  after(async () => { await sandbox.close(); });

  function libraryUser(poolId: string, clientId: string, username: string, storage: ICognitoStorage = new MemoryStorage()): CognitoUser {
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${sandbox.endpoint}/`, Storage: storage });
    return new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  }

  /** One step of the library's callback API: resolves with what it called. */
  function step(run: (callbacks: Parameters<CognitoUser['authenticateUser']>[1]) => void): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => run({
      onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) => resolve({ session, userConfirmationNecessary }),
      onFailure: reject,
      newPasswordRequired: (userAttributes: unknown, requiredAttributes: unknown) => resolve({ challenge: 'NEW_PASSWORD_REQUIRED', params: { userAttributes, requiredAttributes } }),
      mfaRequired: (name: string, params: unknown) => resolve({ challenge: name, params }),
      totpRequired: (name: string, params: unknown) => resolve({ challenge: name, params }),
      selectMFAType: (name: string, params: unknown) => resolve({ challenge: name, params }),
      mfaSetup: (name: string, params: unknown) => resolve({ challenge: name, params }),
    }));
  }

  const signIn = (user: CognitoUser, username: string, password: string) =>
    step((cb) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), cb));

  void it('signs in with SRP (an email typed, USER_ID_FOR_SRP used) and refreshes', async () => {
    const storage = new MemoryStorage();
    const user = libraryUser(SIGN_IN_POOL, CLIENTS.public, USERS.plain.email, storage);
    const { session } = await signIn(user, USERS.plain.email, USERS.plain.password);
    assert.ok(session && session.isValid());
    assert.equal(session.getIdToken().payload.email, USERS.plain.email);
    assert.equal(user.getUsername(), USERS.plain.username, 'the library switched to USER_ID_FOR_SRP');
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err: Error | null, next: CognitoUserSession) => (err ? reject(err) : resolve(next))));
    assert.equal(jwtPayload(refreshed.getAccessToken().getJwtToken()).origin_jti, jwtPayload(session.getAccessToken().getJwtToken()).origin_jti);
    assert.deepEqual(sandbox.calls().slice(-3).map((c) => [c.operation, c.status]), [['InitiateAuth', 200], ['RespondToAuthChallenge', 200], ['InitiateAuth', 200]]);
  });

  void it('browser-like storage: SRP, refreshSession with DEVICE_KEY null refreshes; once the token is revoked elsewhere, NotAuthorizedException', async () => {
    const storage = new MemoryStorage();
    const user = libraryUser(SIGN_IN_POOL, CLIENTS.public, USERS.plain.email, storage);
    const { session } = await signIn(user, USERS.plain.email, USERS.plain.password);
    assert.ok(session);
    // What makes refreshSession send "DEVICE_KEY": null: it found the last user, and no device key for it (getItem gave null).
    const prefix = `CognitoIdentityServiceProvider.${CLIENTS.public}`;
    assert.equal(storage.getItem(`${prefix}.LastAuthUser`), USERS.plain.username);
    assert.equal(storage.getItem(`${prefix}.${USERS.plain.username}.deviceKey`), null);
    const refresh = (): Promise<CognitoUserSession> => new Promise((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err: Error | null, next: CognitoUserSession) => (err ? reject(err) : resolve(next))));
    const refreshed = await refresh();
    assert.notEqual(jwtPayload(refreshed.getAccessToken().getJwtToken()).jti, jwtPayload(session.getAccessToken().getJwtToken()).jti);
    assert.deepEqual(sandbox.calls().slice(-1).map((c) => [c.operation, c.status]), [['InitiateAuth', 200]]);

    // Revoked from somewhere else (another tab signing out), so the library's storage still names the user.
    await sdkClient(sandbox).send(new RevokeTokenCommand({ ClientId: CLIENTS.public, Token: session.getRefreshToken().getToken() }));
    const before = sandbox.calls().length;
    const err = await refresh().then(() => undefined, (e: unknown) => e as Error & { code?: string });
    assert.ok(err, 'a revoked refresh token must not refresh');
    assert.equal(err.code, 'NotAuthorizedException');
    assert.equal(err.message, 'Refresh Token has been revoked');
    // The sandbox's answer, not a failure on the way (the library retries errors with backoff: every attempt is the same 400).
    const attempts = sandbox.calls().slice(before);
    assert.ok(attempts.length >= 1 && attempts.every((c) => c.operation === 'InitiateAuth' && c.status === 400 && c.errorName === 'NotAuthorizedException'));
    assert.equal(storage.getItem(`${prefix}.LastAuthUser`), null, 'the library cleared its cached user on NotAuthorizedException');
  });

  void it('newPasswordRequired, then completeNewPasswordChallenge with the required attribute', async () => {
    const user = libraryUser(SIGN_IN_POOL, CLIENTS.public, USERS.newPassword.email);
    const first = await signIn(user, USERS.newPassword.email, USERS.newPassword.password);
    assert.equal(first.challenge, 'NEW_PASSWORD_REQUIRED');
    const { userAttributes, requiredAttributes } = first.params as { userAttributes: Record<string, string>; requiredAttributes: string[] };
    assert.deepEqual(requiredAttributes, ['name']);
    assert.equal(userAttributes.email, USERS.newPassword.email);
    const done = await step((cb) => user.completeNewPasswordChallenge('Library-New-Passw0rd!', { name: 'Library Person' }, cb));
    assert.equal(done.session?.getIdToken().payload.name, 'Library Person');
    const again = await signIn(libraryUser(SIGN_IN_POOL, CLIENTS.public, USERS.newPassword.email), USERS.newPassword.email, 'Library-New-Passw0rd!');
    assert.ok(again.session?.isValid());
  });

  void it('totpRequired, then sendMFACode with SOFTWARE_TOKEN_MFA', async () => {
    const user = libraryUser(SIGN_IN_POOL, CLIENTS.public, USERS.totp.email);
    const first = await signIn(user, USERS.totp.email, USERS.totp.password);
    assert.equal(first.challenge, 'SOFTWARE_TOKEN_MFA');
    const done = await step((cb) => user.sendMFACode(totp(TOTP_SECRET), cb, 'SOFTWARE_TOKEN_MFA'));
    assert.ok(done.session?.isValid());
  });

  void it('mfaRequired (SMS), then sendMFACode with the code from the sandbox mailbox', async () => {
    const user = libraryUser(SIGN_IN_POOL, CLIENTS.public, USERS.sms.email);
    const first = await signIn(user, USERS.sms.email, USERS.sms.password);
    assert.equal(first.challenge, 'SMS_MFA');
    assert.equal((first.params as Record<string, string>).CODE_DELIVERY_DESTINATION, '+*******0123');
    const { code } = await lastCode(sandbox, USERS.sms.username);
    const done = await step((cb) => user.sendMFACode(code, cb));
    assert.ok(done.session?.isValid());
  });

  void it('device: confirmed after a TOTP sign-in, remembered, and the next sign-in passes device SRP instead of TOTP', async () => {
    const storage = new MemoryStorage();
    const user = libraryUser(DEVICE_POOL, CLIENTS.devices, USERS.deviceTotp.username, storage);
    const first = await signIn(user, USERS.deviceTotp.username, USERS.deviceTotp.password);
    assert.equal(first.challenge, 'SOFTWARE_TOKEN_MFA');
    const done = await step((cb) => user.sendMFACode(totp(TOTP_SECRET), cb, 'SOFTWARE_TOKEN_MFA'));
    assert.ok(done.session?.isValid());
    assert.equal(done.userConfirmationNecessary, true, 'DeviceOnlyRememberedOnUserPrompt: the user decides');
    const deviceKey = [...storage.items.entries()].find(([k]) => k.endsWith('.deviceKey'))?.[1];
    assert.ok(deviceKey, 'the library stored the device key');
    await new Promise<void>((resolve, reject) => user.setDeviceStatusRemembered({ onSuccess: () => resolve(), onFailure: reject }));

    const before = sandbox.calls().length;
    const next = await signIn(libraryUser(DEVICE_POOL, CLIENTS.devices, USERS.deviceTotp.username, storage), USERS.deviceTotp.username, USERS.deviceTotp.password);
    assert.ok(next.session?.isValid(), `expected a session without TOTP, got ${next.challenge ?? 'nothing'}`);
    // InitiateAuth, PASSWORD_VERIFIER (-> DEVICE_SRP_AUTH), DEVICE_SRP_AUTH (-> DEVICE_PASSWORD_VERIFIER), DEVICE_PASSWORD_VERIFIER.
    assert.deepEqual(sandbox.calls().slice(before).map((c) => [c.operation, c.status]), [
      ['InitiateAuth', 200], ['RespondToAuthChallenge', 200], ['RespondToAuthChallenge', 200], ['RespondToAuthChallenge', 200],
    ]);
    // The refresh sends the remembered DEVICE_KEY, which the sign-in's refresh token needs.
    const signedIn = next.session;
    assert.ok(signedIn);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(signedIn.getRefreshToken(), (err: Error | null, s: CognitoUserSession) => (err ? reject(err) : resolve(s))));
    assert.ok(refreshed.isValid());
  });
});
