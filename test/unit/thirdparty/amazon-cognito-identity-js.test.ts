// amazon-cognito-identity-js (the library under Amplify v5) against the
// sandbox, in node with the global fetch: USER_PASSWORD_AUTH sign-in, then
// refreshSession, which sends InitiateAuth REFRESH_TOKEN_AUTH with
// "DEVICE_KEY": null when no device is remembered.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession, type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, jwtPayload } from '../sandbox/helpers';

/** The storage the library would use in a browser (localStorage), in memory. */
class MemoryStorage implements ICognitoStorage {
  private readonly items = new Map<string, string>();
  setItem(key: string, value: string): void { this.items.set(key, value); }
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  removeItem(key: string): void { this.items.delete(key); }
  clear(): void { this.items.clear(); }
}

function signInWithLibrary(user: CognitoUser, username: string, password: string): Promise<CognitoUserSession> {
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
    });
  });
}

function refreshWithLibrary(user: CognitoUser, session: CognitoUserSession): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => {
    user.refreshSession(session.getRefreshToken(), (err: Error | null, next: CognitoUserSession) => (err ? reject(err) : resolve(next)));
  });
}

void describe('amazon-cognito-identity-js against the sandbox', () => {
  let sandbox: SandboxHandle;
  before(async () => { sandbox = await startSandbox(); });
  after(async () => { await sandbox.close(); });

  function libraryUser(clientName: string, storage: ICognitoStorage) {
    const { clientId } = clientNamed(sandbox, clientName);
    const pool = new CognitoUserPool({ UserPoolId: sandbox.info.userPoolId, ClientId: clientId, endpoint: `${sandbox.endpoint}/`, Storage: storage });
    return { clientId, user: new CognitoUser({ Username: sandbox.info.user.username, Pool: pool, Storage: storage }) };
  }

  void it('signs in with USER_PASSWORD_AUTH and refreshes the session (DEVICE_KEY null)', async () => {
    const storage = new MemoryStorage();
    const { clientId, user } = libraryUser('no-rotation', storage);
    const first = await signInWithLibrary(user, sandbox.info.user.username, sandbox.info.user.password);
    assert.equal(first.getIdToken().payload.aud, clientId);
    assert.ok(first.getRefreshToken().getToken());
    const refreshed = await refreshWithLibrary(user, first);
    const before = jwtPayload(first.getAccessToken().getJwtToken());
    const after = jwtPayload(refreshed.getAccessToken().getJwtToken());
    assert.notEqual(after.jti, before.jti);
    assert.equal(after.origin_jti, before.origin_jti);
    assert.ok(refreshed.isValid());
    assert.deepEqual(sandbox.calls().map((c) => [c.operation, c.status]), [['InitiateAuth', 200], ['InitiateAuth', 200]]);
  });

  void it('sees the revoked-token answer after a sign-out that revokes the token', async () => {
    const { user } = libraryUser('no-rotation', new MemoryStorage());
    const session = await signInWithLibrary(user, sandbox.info.user.username, sandbox.info.user.password);
    // revokeTokens (RevokeToken with the session's refresh token) is in the library, not in its index.d.ts.
    const revocable = user as CognitoUser & { revokeTokens(callback: (err?: Error) => void): void };
    await new Promise<void>((resolve, reject) => revocable.revokeTokens((err?: Error) => (err ? reject(err) : resolve())));
    const err = await refreshWithLibrary(user, session).then(() => undefined, (e: unknown) => e as Error & { code?: string });
    // The library retries every error with backoff (its Client.js: "For now, all
    // errors are retryable"), so this takes a few seconds of its own making.
    assert.ok(err, 'a revoked refresh token must not refresh');
    assert.equal(err.code, 'NotAuthorizedException');
    assert.equal(err.message, 'Refresh Token has been revoked');
  });
});
