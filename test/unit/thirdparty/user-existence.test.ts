// An unknown user name through the real clients' SRP sign-in. The developer guide ("Managing user
// existence error responses"): with PreventUserExistenceErrors ENABLED, USER_SRP_AUTH for a user that
// does not exist gets a simulated first step (SRP_B and a salt, "as described in RFC 5054", with the
// same salt and internal user id, a UUID, for the same user name and pool), and the proof in
// RespondToAuthChallenge then fails with the generic NotAuthorizedException. With LEGACY the
// InitiateAuth answers UserNotFoundException. So a client cannot tell an unknown user from a wrong
// password by the shape of the exchange either.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type ICognitoStorage } from 'amazon-cognito-identity-js';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { sdkClient } from '../sandbox/helpers';
import { CLIENTS, signInConfig, SIGN_IN_POOL, srpClient, USERS } from '../sandbox/sign-in-helpers';

const LEGACY_CLIENT = 'signinlegacyexistence00009';

class MemoryStorage implements ICognitoStorage {
  private readonly items = new Map<string, string>();
  setItem(key: string, value: string): void { this.items.set(key, value); }
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  removeItem(key: string): void { this.items.delete(key); }
  clear(): void { this.items.clear(); }
}

void describe('an unknown user through SRP (PreventUserExistenceErrors)', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    const config = signInConfig();
    const pool = config.pools.find((p) => p.id === SIGN_IN_POOL);
    assert.ok(pool);
    pool.clients.push({
      name: 'legacy-existence-errors', clientId: LEGACY_CLIENT, clientSecret: null, preventUserExistenceErrors: false,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    sandbox = await startSandbox({ config });
  });
  after(async () => { await sandbox.close(); });

  const callsSince = (from: number) => sandbox.calls().slice(from).map((c) => [c.operation, c.status, c.errorName ?? '']);

  async function srpStart(clientId: string, username: string) {
    const client = await srpClient(SIGN_IN_POOL.split('_')[1]);
    return sdkClient(sandbox).send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, SRP_A: client.srpA } }));
  }

  void it('Amplify: a simulated PASSWORD_VERIFIER, then NotAuthorizedException "Incorrect username or password." (as for a wrong password)', async () => {
    Amplify.configure({ Auth: { Cognito: { userPoolId: SIGN_IN_POOL, userPoolClientId: CLIENTS.public, userPoolEndpoint: `${sandbox.endpoint}/` } } });
    for (const username of ['nobody@example.com', USERS.plain.email]) {
      const from = sandbox.calls().length;
      const err = await signIn({ username, password: 'Not-The-Passw0rd!' }).then(() => undefined, (e: unknown) => e as Error);
      assert.equal(err?.name, 'NotAuthorizedException', username);
      assert.equal(err.message, 'Incorrect username or password.');
      assert.deepEqual(callsSince(from), [['InitiateAuth', 200, ''], ['RespondToAuthChallenge', 400, 'NotAuthorizedException']], username);
    }
  });

  void it('amazon-cognito-identity-js: the same two steps and the same error', async () => {
    const pool = new CognitoUserPool({ UserPoolId: SIGN_IN_POOL, ClientId: CLIENTS.public, endpoint: `${sandbox.endpoint}/`, Storage: new MemoryStorage() });
    const user = new CognitoUser({ Username: 'nobody@example.com', Pool: pool, Storage: new MemoryStorage() });
    const from = sandbox.calls().length;
    const err = await new Promise<Error & { code?: string }>((resolve, reject) => user.authenticateUser(
      new AuthenticationDetails({ Username: 'nobody@example.com', Password: 'Not-The-Passw0rd!' }),
      { onSuccess: () => reject(new Error('signed in')), onFailure: resolve },
    ));
    assert.equal(err.code, 'NotAuthorizedException');
    assert.equal(err.message, 'Incorrect username or password.');
    assert.deepEqual(callsSince(from), [['InitiateAuth', 200, ''], ['RespondToAuthChallenge', 400, 'NotAuthorizedException']]);
  });

  void it('the simulated salt and USER_ID_FOR_SRP (a UUID) are the same for the same name and differ between names', async () => {
    const a1 = await srpStart(CLIENTS.public, 'nobody@example.com');
    const a2 = await srpStart(CLIENTS.public, 'nobody@example.com');
    const b = await srpStart(CLIENTS.public, 'someone.else@example.com');
    assert.equal(a1.ChallengeName, 'PASSWORD_VERIFIER');
    const [p1, p2, q] = [a1.ChallengeParameters ?? {}, a2.ChallengeParameters ?? {}, b.ChallengeParameters ?? {}];
    assert.match(p1.USER_ID_FOR_SRP, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(p1.USERNAME, p1.USER_ID_FOR_SRP, 'as for a real user: USERNAME is the internal name');
    assert.equal(p2.USER_ID_FOR_SRP, p1.USER_ID_FOR_SRP);
    assert.equal(p2.SALT, p1.SALT);
    assert.notEqual(p2.SRP_B, p1.SRP_B, 'a fresh B per exchange');
    assert.notEqual(p2.SECRET_BLOCK, p1.SECRET_BLOCK);
    assert.notEqual(q.USER_ID_FOR_SRP, p1.USER_ID_FOR_SRP);
    assert.notEqual(q.SALT, p1.SALT);
    // Shaped like a real user's answer: the same parameter names.
    const real = await srpStart(CLIENTS.public, USERS.plain.email);
    assert.deepEqual(Object.keys(p1).sort(), Object.keys(real.ChallengeParameters ?? {}).sort());
  });

  void it('LEGACY: UserNotFoundException "User does not exist." at InitiateAuth', async () => {
    const err = await srpStart(LEGACY_CLIENT, 'nobody@example.com').then(() => undefined, (e: unknown) => e as Error);
    assert.equal(err?.name, 'UserNotFoundException');
    assert.equal(err.message, 'User does not exist.');
  });
});
