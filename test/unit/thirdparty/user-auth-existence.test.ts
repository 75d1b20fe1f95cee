// An unknown user name through Amplify JS v6's choice-based sign-in (USER_AUTH), beside
// user-existence.test.ts (SRP). The sandbox answers USER_AUTH for a name no user has with one
// simulated challenge (developer guide, "Managing user existence error responses": a randomly
// selected challenge type the pool allows); in a pool whose only first factor is the password
// that is PASSWORD, which Amplify turns into CONFIRM_SIGN_IN_WITH_PASSWORD and answers (as
// SELECT_CHALLENGE with ANSWER=PASSWORD); the answer fails with NotAuthorizedException
// "Incorrect username or password.", as a wrong password for a real user does.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, signIn } from 'aws-amplify/auth';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { signInConfig } from '../sandbox/sign-in-helpers';

const POOL = 'us-east-1_UserAuthAmp1';
const CLIENT = 'userauthamplifyclient00013';
const KNOWN = { email: 'known.amplify@example.com', password: 'Known-Passw0rd!' };

void describe('an unknown user through Amplify USER_AUTH', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    const config = signInConfig();
    config.pools.push({
      id: POOL,
      name: 'user-auth-amplify',
      signInAliases: ['email'],
      clients: [{ name: 'amplify', clientId: CLIENT, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: [{ username: '3d000000-0000-4000-8000-000000000001', sub: '3d000000-0000-4000-8000-000000000001', password: KNOWN.password, attributes: { email: KNOWN.email } }],
    });
    sandbox = await startSandbox({ config });
    Amplify.configure({ Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, userPoolEndpoint: `${sandbox.endpoint}/` } } });
  });
  after(async () => {
    await sandbox.close();
  });

  void it('signIn offers CONFIRM_SIGN_IN_WITH_PASSWORD; confirmSignIn fails with "Incorrect username or password."', async () => {
    const from = sandbox.calls().length;
    const first = await signIn({ username: 'nobody.amplify@example.com', options: { authFlowType: 'USER_AUTH' } });
    assert.equal(first.isSignedIn, false);
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_PASSWORD');
    const err = await confirmSignIn({ challengeResponse: 'Any-Passw0rd!' }).then(() => undefined, (e: unknown) => e as Error);
    assert.equal(err?.name, 'NotAuthorizedException');
    assert.equal(err.message, 'Incorrect username or password.');
    assert.deepEqual(sandbox.calls().slice(from).map((c) => [c.operation, c.status, c.errorName ?? '']), [
      ['InitiateAuth', 200, ''],
      ['RespondToAuthChallenge', 400, 'NotAuthorizedException'],
    ]);
  });

  void it('a real user with a wrong password gets the same error', async () => {
    const err = await signIn({ username: KNOWN.email, password: 'Not-The-Passw0rd!', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } })
      .then(() => undefined, (e: unknown) => e as Error);
    assert.equal(err?.name, 'NotAuthorizedException');
    assert.equal(err.message, 'Incorrect username or password.');
  });
});
