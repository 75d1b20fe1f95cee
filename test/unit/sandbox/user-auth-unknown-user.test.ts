// USER_AUTH (choice-based sign-in) for a user name no user has, through the real SDK. The developer
// guide ("Managing user existence error responses"): for choice-based authentication Cognito
// "responds with a randomly selected one of the challenge types" the pool allows (passkey,
// one-time password or password), and choice-based authentication is not affected by the
// PreventUserExistenceErrors setting. So the sandbox answers both an ENABLED and a LEGACY client
// with one simulated challenge (never UserNotFoundException, never an error at InitiateAuth), and
// the answer then fails as a wrong answer fails for a real user.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InitiateAuthCommand, RespondToAuthChallengeCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { sdkClient } from './helpers';
import { CLIENTS, signInConfig, SIGN_IN_POOL, srpClient, USERS } from './sign-in-helpers';

const LEGACY_CLIENT = 'userauthlegacyexistence010';
const PASSWORD_POOL = 'us-east-1_UserAuthPw1';
const PASSWORD_POOL_CLIENT = 'userauthpasswordpool000011';
const PASSWORD_POOL_LEGACY = 'userauthpasswordlegacy0012';

void describe('USER_AUTH for an unknown user (choice-based sign-in)', () => {
  let sandbox: SandboxHandle;
  let sdk: CognitoIdentityProviderClient;
  before(async () => {
    const config = signInConfig();
    const pool = config.pools.find((p) => p.id === SIGN_IN_POOL);
    assert.ok(pool);
    pool.clients.push({ name: 'legacy', clientId: LEGACY_CLIENT, clientSecret: null, preventUserExistenceErrors: false, explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    config.pools.push({
      id: PASSWORD_POOL,
      name: 'password-first-factor',
      signInAliases: ['email'],
      // allowedFirstAuthFactors unset: PASSWORD only.
      clients: [
        { name: 'enabled', clientId: PASSWORD_POOL_CLIENT, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
        { name: 'legacy', clientId: PASSWORD_POOL_LEGACY, clientSecret: null, preventUserExistenceErrors: false, explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
      ],
      users: [{ username: '3c000000-0000-4000-8000-000000000001', sub: '3c000000-0000-4000-8000-000000000001', password: 'Known-Passw0rd!', attributes: { email: 'known@example.com' } }],
    });
    sandbox = await startSandbox({ config });
    sdk = sdkClient(sandbox);
  });
  after(async () => {
    sdk.destroy();
    await sandbox.close();
  });

  const start = (clientId: string, username: string, extra: Record<string, string> = {}) =>
    sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, ...extra } }));
  const respond = (clientId: string, name: string, session: string | undefined, responses: Record<string, string>) =>
    sdk.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name as 'PASSWORD', Session: session, ChallengeResponses: responses }));
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

  for (const clientId of [PASSWORD_POOL_CLIENT, PASSWORD_POOL_LEGACY]) {
    void it(`a password-only pool (${clientId === PASSWORD_POOL_LEGACY ? 'LEGACY' : 'ENABLED'}): a PASSWORD challenge, then "Incorrect username or password."`, async () => {
      const out = await start(clientId, 'nobody@example.com');
      assert.equal(out.ChallengeName, 'PASSWORD');
      assert.ok(out.Session);
      const userId = out.ChallengeParameters?.USER_ID_FOR_SRP ?? '';
      assert.match(userId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'an internal user id shaped like a real one');
      const err = await failure(respond(clientId, 'PASSWORD', out.Session, { USERNAME: 'nobody@example.com', PASSWORD: 'Whatever-Passw0rd!' }));
      assert.equal(err?.name, 'NotAuthorizedException');
      assert.equal(err.message, 'Incorrect username or password.');
      // The same name gets the same internal id.
      const again = await start(clientId, 'nobody@example.com');
      assert.equal(again.ChallengeParameters?.USER_ID_FOR_SRP, userId);
    });
  }

  void it('a pool with passwordless factors: each unknown name gets one of PASSWORD, EMAIL_OTP, SMS_OTP (never WEB_AUTHN), the same each time; no code is sent; wrong codes fail as for a real user', async () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < 24; i++) {
      const name = `nobody${i}@example.com`;
      const out = await start(CLIENTS.public, name, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
      assert.ok(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'].includes(out.ChallengeName ?? ''), `${name}: ${out.ChallengeName}`);
      assert.equal((await start(CLIENTS.public, name)).ChallengeName, out.ChallengeName, 'stable for the same name');
      seen.set(out.ChallengeName ?? '', name);
    }
    assert.ok(seen.size >= 2, `the pick varies between names (${[...seen.keys()].join(', ')})`);
    assert.equal(sandbox.messages().filter((m) => m.destination.startsWith('nobody')).length, 0, 'nothing sent');

    const otpName = seen.get('EMAIL_OTP') ?? seen.get('SMS_OTP');
    assert.ok(otpName, 'no name got a code challenge');
    const out = await start(CLIENTS.public, otpName);
    const codeParam = `${out.ChallengeName}_CODE`;
    assert.ok(out.ChallengeParameters?.CODE_DELIVERY_DESTINATION);
    assert.equal(out.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, out.ChallengeName === 'SMS_OTP' ? 'SMS' : 'EMAIL');
    // The real user's wrong codes, for comparison: CodeMismatchException each time, then the session is gone.
    const real = await start(CLIENTS.public, USERS.plain.email, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(real.ChallengeName, 'EMAIL_OTP');
    for (const [who, first, param] of [[USERS.plain.email, real, 'EMAIL_OTP_CODE'], [otpName, out, codeParam]] as const) {
      const names: string[] = [];
      for (let i = 0; i < 4; i++) {
        const err = await failure(respond(CLIENTS.public, first.ChallengeName ?? '', first.Session, { USERNAME: who, [param]: '00000000' }));
        names.push(err?.name ?? 'ok');
      }
      assert.deepEqual(names, ['CodeMismatchException', 'CodeMismatchException', 'CodeMismatchException', 'NotAuthorizedException'], who);
    }
  });

  void it('the LEGACY client of that pool answers the same way (choice-based sign-in is not affected by the setting)', async () => {
    const name = 'nobody0@example.com';
    const enabled = await start(CLIENTS.public, name);
    const legacy = await start(LEGACY_CLIENT, name);
    assert.equal(legacy.ChallengeName, enabled.ChallengeName);
    assert.equal(legacy.ChallengeParameters?.USER_ID_FOR_SRP, enabled.ChallengeParameters?.USER_ID_FOR_SRP);
  });

  void it('PREFERRED_CHALLENGE=PASSWORD_SRP with SRP_A: a simulated PASSWORD_VERIFIER whose proof is refused as a wrong password', async () => {
    const client = await srpClient(SIGN_IN_POOL.split('_')[1]);
    const out = await start(CLIENTS.public, 'nobody.srp@example.com', { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: client.srpA });
    assert.equal(out.ChallengeName, 'PASSWORD_VERIFIER');
    assert.ok(out.ChallengeParameters?.SALT && out.ChallengeParameters.SRP_B && out.ChallengeParameters.SECRET_BLOCK);
    const { srpAnswer } = await import('./sign-in-helpers');
    const userId = out.ChallengeParameters.USER_ID_FOR_SRP ?? '';
    const answer = await srpAnswer(client, userId, 'Any-Passw0rd!', out.ChallengeParameters as Record<string, string>);
    const err = await failure(respond(CLIENTS.public, 'PASSWORD_VERIFIER', out.Session, { USERNAME: userId, ...answer }));
    assert.equal(err?.name, 'NotAuthorizedException');
    assert.equal(err.message, 'Incorrect username or password.');
  });

  void it('a real user is unchanged: SELECT_CHALLENGE with the factors it has', async () => {
    const out = await start(CLIENTS.public, USERS.plain.email);
    assert.equal(out.ChallengeName, 'SELECT_CHALLENGE');
    assert.ok(out.AvailableChallenges?.includes('PASSWORD'));
  });
});
