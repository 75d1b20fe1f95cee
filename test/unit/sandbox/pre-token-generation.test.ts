// The sandbox's simulated pre token generation trigger, through the real SDK
// (and the real token endpoint) over HTTP: what each version changes in the ID
// and access tokens, per app client, at sign-in, at every refresh path after a
// change made at run time, for client credentials (V3_0 only), and the configs
// refused because they touch claims Cognito does not let a trigger touch.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DescribeUserPoolCommand, GetTokensFromRefreshTokenCommand, GetUserCommand, InitiateAuthCommand, ListUserSessionsCommand, NotAuthorizedException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { demoConfig, SandboxConfigError, startSandbox, validateConfig, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import { FakeClock, rejectsWith, sdkClient, signIn } from './helpers';

const ROTATING = 'sbxrotate10graceclient0001';
const NO_ROTATION = 'sbxnorotationclient0000003';
const CALLBACK = 'http://127.0.0.1:53682/callback';
const SPA = 'sbxptgmanagedloginspa0030';
const M2M = 'sbxptgmachinetomachine031';
const M2M_SECRET = 'ptgMachineToMachineSecretNotForProduction00000';
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

type Claims = Record<string, unknown>;

function decode(jwt: string): Claims {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Claims;
}

function testConfig(trigger?: unknown): SandboxConfig {
  const config = demoConfig();
  const pool = config.pools[0];
  pool.userSessionTracking = 'ENABLED';
  pool.clients.push(
    {
      name: 'ptg-spa', clientId: SPA, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      refreshTokenRotation: { feature: 'DISABLED' }, callbackURLs: [CALLBACK], allowedOAuthFlows: ['code'],
      allowedOAuthFlowsUserPoolClient: true, allowedOAuthScopes: ['openid', 'email', ADMIN_SCOPE],
    },
    {
      name: 'ptg-m2m', clientId: M2M, clientSecret: M2M_SECRET, explicitAuthFlows: [], allowedOAuthFlows: ['client_credentials'],
      allowedOAuthFlowsUserPoolClient: true, allowedOAuthScopes: ['api.example/read'],
    },
  );
  if (trigger !== undefined) (pool as unknown as Record<string, unknown>).preTokenGeneration = trigger;
  return config;
}

function problemsOf(raw: unknown): string[] {
  try {
    validateConfig(raw);
  } catch (e) {
    if (e instanceof SandboxConfigError) return e.problems;
    throw e;
  }
  return [];
}

void describe('pre token generation trigger (sandbox)', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  const clock = new FakeClock();
  const user = () => sandbox.info.user;

  before(async () => {
    sandbox = await startSandbox({ config: testConfig(), now: clock.now });
    cognito = sdkClient(sandbox);
    jwks = createLocalJWKSet(await (await fetch(sandbox.info.jwksUri)).json() as JSONWebKeySet);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${sandbox.endpoint}/__sandbox/${path}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };
  const setTrigger = async (config: unknown) => {
    const r = await control('pre-token-generation', { config });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  };
  const tokensOf = async (clientId: string) => {
    const t = await signIn(cognito, clientId, user().username, user().password);
    return { ...t, id: decode(t.IdToken), access: decode(t.AccessToken) };
  };
  const refreshed = async (clientId: string, refreshToken: string) => {
    const out = await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }));
    const r = out.AuthenticationResult;
    assert.ok(r?.IdToken && r.AccessToken);
    return { id: decode(r.IdToken), access: decode(r.AccessToken), refreshToken: r.RefreshToken ?? refreshToken };
  };

  void it('V1_0 changes the ID token only; its group override replaces cognito:groups in both tokens', async () => {
    const plain = await tokensOf(NO_ROTATION);
    await setTrigger({
      version: 'V1_0',
      idToken: { addOrOverride: { tier: 'gold', name: 'Overridden Name', dropped: 'x' }, suppress: ['email', 'dropped'] },
      groupOverride: { groupsToOverride: ['readers'], iamRolesToOverride: ['arn:aws:iam::123456789012:role/readers'], preferredRole: 'arn:aws:iam::123456789012:role/readers' },
    });
    try {
      const t = await tokensOf(NO_ROTATION);
      assert.equal(t.id.tier, 'gold');
      assert.equal(t.id.name, 'Overridden Name');
      assert.ok(!('email' in t.id), 'email suppressed');
      assert.ok(!('dropped' in t.id), 'a claim both added and suppressed is suppressed');
      assert.equal(t.id.email_verified, true, 'other attributes stay');
      assert.deepEqual(t.id['cognito:groups'], ['readers']);
      assert.deepEqual(t.id['cognito:roles'], ['arn:aws:iam::123456789012:role/readers']);
      assert.equal(t.id['cognito:preferred_role'], 'arn:aws:iam::123456789012:role/readers');
      assert.deepEqual(t.access['cognito:groups'], ['readers'], 'groupOverrideDetails replaces the access token\'s groups too');
      // Nothing else of the access token changes: same claim names as without the trigger, same scope.
      assert.deepEqual(Object.keys(t.access).sort(), Object.keys(plain.access).sort());
      assert.equal(t.access.scope, ADMIN_SCOPE);
      assert.ok(!('tier' in t.access));
      // Protected claims are Cognito's own, and the tokens still verify.
      await jwtVerify(t.IdToken, jwks, { issuer: sandbox.info.issuer, audience: NO_ROTATION });
      await jwtVerify(t.AccessToken, jwks, { issuer: sandbox.info.issuer });
      assert.equal(t.id.sub, plain.id.sub);
      assert.equal(t.id['cognito:username'], plain.id['cognito:username']);
    } finally {
      await setTrigger(null);
    }
  });

  void it('V2_0 changes access-token claims and scopes, with JSON values, and a group override of {} suppresses the groups', async () => {
    await setTrigger({
      version: 'V2_0',
      idToken: { addOrOverride: { profile_flags: { beta: true, level: 3 } } },
      accessToken: { addOrOverride: { tenant: 'acme', perms: ['orders:read', 'orders:write'], temp: 1 }, suppress: ['temp', 'version'], scopesToAdd: ['orders/read', ADMIN_SCOPE] },
      groupOverride: {},
    });
    try {
      const t = await tokensOf(ROTATING);
      assert.deepEqual(t.id.profile_flags, { beta: true, level: 3 });
      assert.equal(t.access.tenant, 'acme');
      assert.deepEqual(t.access.perms, ['orders:read', 'orders:write']);
      assert.ok(!('temp' in t.access), 'suppressed wins over added');
      assert.ok(!('version' in t.access), 'an unprotected Cognito claim can be suppressed');
      assert.equal(t.access.scope, `${ADMIN_SCOPE} orders/read`, 'a scope already there is not repeated');
      assert.ok(!('cognito:groups' in t.id) && !('cognito:groups' in t.access), 'an empty group override suppresses the groups');
      assert.ok(!('tenant' in t.id), 'access-token changes stay in the access token');
      // The admin scope is still there, so the user-pools API takes the token.
      assert.equal((await cognito.send(new GetUserCommand({ AccessToken: t.AccessToken }))).Username, t.id['cognito:username']);

      await setTrigger({ version: 'V2_0', accessToken: { scopesToSuppress: [ADMIN_SCOPE] } });
      const narrowed = await tokensOf(ROTATING);
      assert.ok(!('scope' in narrowed.access), 'an access token left without scopes has no scope claim (assumed)');
      await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: narrowed.AccessToken })), NotAuthorizedException, { message: /required scopes/ });
    } finally {
      await setTrigger(null);
    }
  });

  void it('applies only to the app clients it names', async () => {
    await setTrigger({ version: 'V2_0', clients: [ROTATING], idToken: { addOrOverride: { tier: 'gold' } }, accessToken: { addOrOverride: { tenant: 'acme' } } });
    try {
      const named = await tokensOf(ROTATING);
      const other = await tokensOf(NO_ROTATION);
      assert.equal(named.id.tier, 'gold');
      assert.equal(named.access.tenant, 'acme');
      assert.ok(!('tier' in other.id) && !('tenant' in other.access));
      assert.deepEqual(other.id['cognito:groups'], ['admins', 'beta-testers']);
    } finally {
      await setTrigger(null);
    }
  });

  void it('a trigger or group change made at run time shows at the next refresh, on every refresh path', async () => {
    const rotating = await tokensOf(ROTATING);
    const plain = await tokensOf(NO_ROTATION);
    assert.ok(!('tier' in rotating.id));
    await setTrigger({ version: 'V2_0', idToken: { addOrOverride: { tier: 'gold' } }, accessToken: { addOrOverride: { tenant: 'acme' }, scopesToAdd: ['orders/read'] } });
    const groups = await control('groups', { username: 'demo.user@example.com', remove: ['beta-testers'], add: ['auditors'] });
    assert.equal(groups.status, 200, JSON.stringify(groups.body));
    assert.deepEqual(groups.body.groups, ['admins', 'auditors']);
    try {
      // GetTokensFromRefreshToken (rotating client).
      const r1 = await refreshed(ROTATING, rotating.RefreshToken);
      assert.equal(r1.id.tier, 'gold');
      assert.equal(r1.access.tenant, 'acme');
      assert.equal(r1.access.scope, `${ADMIN_SCOPE} orders/read`);
      assert.deepEqual(r1.id['cognito:groups'], ['admins', 'auditors']);
      assert.deepEqual(r1.access['cognito:groups'], ['admins', 'auditors']);
      assert.equal(r1.id.auth_time, rotating.id.auth_time, 'still the same sign-in');
      assert.equal(r1.id.origin_jti, rotating.id.origin_jti);

      // InitiateAuth REFRESH_TOKEN_AUTH (client without rotation).
      const out = await cognito.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: NO_ROTATION, AuthParameters: { REFRESH_TOKEN: plain.RefreshToken } }));
      const id2 = decode(out.AuthenticationResult?.IdToken ?? '');
      const access2 = decode(out.AuthenticationResult?.AccessToken ?? '');
      assert.equal(id2.tier, 'gold');
      assert.equal(access2.tenant, 'acme');
      assert.deepEqual(access2['cognito:groups'], ['admins', 'auditors']);

      // The token endpoint's refresh_token grant (an API sign-in's refresh token keeps the API scope).
      const res = await fetch(`${sandbox.endpoint}/oauth2/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: NO_ROTATION, refresh_token: plain.RefreshToken }).toString(),
      });
      assert.equal(res.status, 200);
      const viaEndpoint = await res.json() as { id_token: string; access_token: string };
      assert.equal(decode(viaEndpoint.id_token).tier, 'gold');
      assert.equal(decode(viaEndpoint.access_token).scope, `${ADMIN_SCOPE} orders/read`);

      // Removed at run time: the next refresh is back to the plain claims.
      await setTrigger(null);
      const r3 = await refreshed(ROTATING, r1.refreshToken);
      assert.ok(!('tier' in r3.id) && !('tenant' in r3.access));
      assert.equal(r3.access.scope, ADMIN_SCOPE);
    } finally {
      await setTrigger(null);
      await control('groups', { username: user().username, remove: ['auditors'], add: ['beta-testers'] });
    }
  });

  void it('applies to managed login tokens (authorization code), after which at_hash and nonce are set', async () => {
    await setTrigger({ version: 'V2_0', idToken: { addOrOverride: { tier: 'gold' } }, accessToken: { scopesToAdd: ['orders/read'], scopesToSuppress: ['email'] } });
    try {
      const verifier = randomBytes(48).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const params = new URLSearchParams({
        response_type: 'code', client_id: SPA, redirect_uri: CALLBACK, scope: `openid email ${ADMIN_SCOPE}`, state: 's', nonce: 'n-1',
        code_challenge: challenge, code_challenge_method: 'S256',
      });
      const start = await fetch(`${sandbox.endpoint}/oauth2/authorize?${params.toString()}`, { redirect: 'manual' });
      const page = await (await fetch(`${sandbox.endpoint}${start.headers.get('location') ?? ''}`)).text();
      const action = /<form method="post" action="([^"]*)"/.exec(page)?.[1]?.replace(/&#38;/g, '&');
      assert.ok(action);
      const login = await fetch(`${sandbox.endpoint}${action}`, {
        method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: user().username, password: user().password }).toString(),
      });
      const code = new URL(login.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const res = await fetch(`${sandbox.endpoint}/oauth2/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: SPA, code, redirect_uri: CALLBACK, code_verifier: verifier }).toString(),
      });
      assert.equal(res.status, 200);
      const tokens = await res.json() as { id_token: string; access_token: string };
      const id = (await jwtVerify(tokens.id_token, jwks, { issuer: sandbox.info.issuer, audience: SPA })).payload;
      const access = decode(tokens.access_token);
      assert.equal(id.tier, 'gold');
      assert.equal(access.scope, `openid ${ADMIN_SCOPE} orders/read`);
      assert.equal(id.nonce, 'n-1');
      assert.equal(id.at_hash, createHash('sha256').update(tokens.access_token).digest().subarray(0, 16).toString('base64url'), 'at_hash is of the access token as issued');
    } finally {
      await setTrigger(null);
    }
  });

  void it('client-credentials access tokens change with V3_0 only', async () => {
    const m2m = async () => {
      const res = await fetch(`${sandbox.endpoint}/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${M2M}:${M2M_SECRET}`).toString('base64')}` },
        body: 'grant_type=client_credentials',
      });
      assert.equal(res.status, 200);
      return decode((await res.json() as { access_token: string }).access_token);
    };
    const change = { addOrOverride: { tenant: 'acme' }, scopesToAdd: ['api.example/extra'] };
    await setTrigger({ version: 'V2_0', accessToken: change });
    try {
      const v2 = await m2m();
      assert.ok(!('tenant' in v2), 'V2_0 leaves machine-to-machine tokens alone');
      assert.equal(v2.scope, 'api.example/read');
      await setTrigger({ version: 'V3_0', accessToken: change });
      const v3 = await m2m();
      assert.equal(v3.tenant, 'acme');
      assert.equal(v3.scope, 'api.example/read api.example/extra');
      assert.equal(v3.client_id, M2M);
      // V3_0 is V2_0 for user tokens.
      const user3 = await tokensOf(ROTATING);
      assert.equal(user3.access.tenant, 'acme');
    } finally {
      await setTrigger(null);
    }
  });

  void it('POST /__sandbox/sessions signs the user in on another client: ListUserSessions shows both, with the given device', async () => {
    const mine = await tokensOf(ROTATING);
    const r = await control('sessions', { clientId: NO_ROTATION, username: 'demo.user@example.com', deviceType: 'Mobile Safari 18, iOS 18', ipAddress: '192.0.2.44' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(String(r.body.SessionId), /^tkn[a-z0-9]{25}$/);
    const listed = (await cognito.send(new ListUserSessionsCommand({ AccessToken: mine.AccessToken }))).Sessions ?? [];
    const other = listed.find((s) => s.SessionId === r.body.SessionId);
    assert.ok(other, 'the other sign-in is listed');
    assert.equal(other.ClientId, NO_ROTATION);
    assert.equal(other.DeviceType, 'Mobile Safari 18, iOS 18');
    assert.equal(other.LastIPAddress, '192.0.2.44');
    assert.equal(other.IsCurrentSession, false);
    // Its tokens work like any sign-in's.
    const result = r.body.AuthenticationResult as { RefreshToken: string };
    assert.ok((await refreshed(NO_ROTATION, result.RefreshToken)).access.sub);
    for (const bad of [{ clientId: 'nope', username: 'demo.user@example.com' }, { clientId: NO_ROTATION, username: 'nobody' },
      { clientId: NO_ROTATION, username: 'demo.user@example.com', ipAddress: 'not-an-ip' }, { clientId: NO_ROTATION, username: 'demo.user@example.com', extra: 1 }]) {
      assert.equal((await control('sessions', bad)).status, 400, JSON.stringify(bad));
    }
  });

  void it('the control routes refuse what validateConfig refuses, and GET shows the trigger in force', async () => {
    const refused = await control('pre-token-generation', { config: { version: 'V2_0', accessToken: { addOrOverride: { client_id: 'x' } } } });
    assert.equal(refused.status, 400);
    assert.match(String(refused.body.error), /client_id.*cannot be added, overridden or suppressed/);
    assert.equal((await control('pre-token-generation', { config: { version: 'V9' } })).status, 400);
    assert.equal((await control('pre-token-generation', { poolId: 'us-east-1_Nope', config: null })).status, 400);
    assert.equal((await control('pre-token-generation', {})).status, 400, 'config must be given (null removes)');
    const admin = sdkClient(sandbox, { credentials: { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'sandbox-demo-secret-access-key-not-for-aws' } });
    const lambdaConfig = async () => (await admin.send(new DescribeUserPoolCommand({ UserPoolId: sandbox.info.userPoolId }))).UserPool?.LambdaConfig;
    try {
      assert.deepEqual(await lambdaConfig(), {});
      await setTrigger({ version: 'V1_0', idToken: { addOrOverride: { tier: 'gold' } } });
      const shown = await (await fetch(`${sandbox.endpoint}/__sandbox/pre-token-generation`)).json() as Record<string, unknown>;
      assert.deepEqual(shown, { poolId: sandbox.info.userPoolId, preTokenGeneration: { version: 'V1_0', idToken: { addOrOverride: { tier: 'gold' } } } });
      // DescribeUserPool names the trigger and its event version, as for a pool with a Lambda.
      const config = await lambdaConfig();
      assert.equal(config?.PreTokenGenerationConfig?.LambdaVersion, 'V1_0');
      assert.match(config?.PreTokenGenerationConfig?.LambdaArn ?? '', /^arn:aws:lambda:us-east-1:\d{12}:function:/);
      assert.equal(config?.PreTokenGeneration, config?.PreTokenGenerationConfig?.LambdaArn);
      await setTrigger(null);
      assert.deepEqual(await lambdaConfig(), {});
    } finally {
      admin.destroy();
      await setTrigger(null);
    }
    for (const bad of [{ username: 'nobody', add: ['x'] }, { username: user().username }, { username: user().username, add: ['has space'] },
      { username: user().username, add: 'admins' }]) {
      assert.equal((await control('groups', bad)).status, 400, JSON.stringify(bad));
    }
  });
});

void describe('pre token generation config', () => {
  const withTrigger = (trigger: unknown) => testConfig(trigger);

  void it('accepts each version with what it may change', () => {
    for (const trigger of [
      { version: 'V1_0', idToken: { addOrOverride: { tier: 'gold' }, suppress: ['email'] }, groupOverride: { groupsToOverride: ['a'] } },
      { version: 'V2_0', clients: [ROTATING], accessToken: { addOrOverride: { n: 1, b: true, o: { x: [1] } }, scopesToAdd: ['a/b'], scopesToSuppress: [ADMIN_SCOPE] } },
      { version: 'V3_0', groupOverride: {} },
    ]) assert.deepEqual(problemsOf(withTrigger(trigger)), [], JSON.stringify(trigger));
  });

  void it('refuses claims Cognito does not let a trigger add, override or suppress, with the reason', () => {
    const documented = ['acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'cognito:username', 'exp', 'iat', 'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub', 'token_use', 'event_id'];
    for (const claim of documented) {
      for (const trigger of [
        { version: 'V1_0', idToken: { addOrOverride: { [claim]: 'x' } } },
        { version: 'V2_0', idToken: { suppress: [claim] } },
        { version: 'V2_0', accessToken: { addOrOverride: { [claim]: 'x' } } },
        { version: 'V2_0', accessToken: { suppress: [claim] } },
      ]) {
        const problems = problemsOf(withTrigger(trigger));
        assert.equal(problems.length, 1, `${JSON.stringify(trigger)}: ${problems.join('; ')}`);
        assert.match(problems[0], new RegExp(`^pools\\[0\\]\\.preTokenGeneration\\.(idToken|accessToken)\\.(addOrOverride|suppress).*"${claim}" cannot be added, overridden or suppressed`));
      }
    }
    for (const claim of ['client_id', 'username']) {
      assert.match(problemsOf(withTrigger({ version: 'V2_0', accessToken: { suppress: [claim] } }))[0] ?? '', /cannot be added, overridden or suppressed in an access token/);
      assert.deepEqual(problemsOf(withTrigger({ version: 'V2_0', idToken: { addOrOverride: { [claim]: 'x' } } })), [], `${claim} is an ordinary claim in an ID token`);
    }
    assert.match(problemsOf(withTrigger({ version: 'V2_0', accessToken: { addOrOverride: { scope: 'a' } } }))[0] ?? '', /scopesToAdd and scopesToSuppress/);
    for (const claim of ['cognito:groups', 'cognito:roles', 'cognito:preferred_role']) {
      assert.match(problemsOf(withTrigger({ version: 'V1_0', idToken: { suppress: [claim] } }))[0] ?? '', /changes through groupOverride/);
    }
  });

  void it('refuses what a version cannot do and malformed settings', () => {
    const cases: [unknown, RegExp][] = [
      [{ version: 'V1_0', accessToken: { addOrOverride: { a: 'b' } } }, /V1_0 trigger changes only the ID token/],
      [{ version: 'V1_0', idToken: { addOrOverride: { n: 1 } } }, /V1_0 claimsToAddOrOverride takes string values only/],
      [{ version: 'V2_0', idToken: { addOrOverride: { email_verified: { a: 1 } } } }, /email_verified takes no array or object value/],
      [{ version: 'V2_0', idToken: { addOrOverride: { x: null } } }, /must have a value/],
      [{ version: 'V2_0', clients: ['sbxnotaclient000000000000'] }, /is not an app client of this pool/],
      [{ version: 'V2_0', clients: [] }, /name at least one/],
      [{ version: 'V2_0', accessToken: { scopesToAdd: ['has space'] } }, /scope name/],
      [{ version: 'V2_0', groupOverride: { groupsToOverride: ['a b'] } }, /group name/],
      [{ version: 'V2_0', groupOverride: { preferredRole: 'admin' } }, /IAM role ARN/],
      [{ version: 'V2_0', idToken: { add: {} } }, /unknown setting/],
      [{ version: 'V4_0' }, /"V1_0", "V2_0" or "V3_0"/],
      ['V2_0', /must be an object/],
    ];
    for (const [trigger, message] of cases) {
      const problems = problemsOf(withTrigger(trigger));
      assert.ok(problems.some((p) => message.test(p)), `${JSON.stringify(trigger)}: ${problems.join('; ')}`);
    }
  });

  void it('a trigger changed at run time survives a restart with the state file; the file still matches the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-ptg-'));
    try {
      const file = join(dir, 'state.json');
      const first = await startSandbox({ stateFile: file, config: testConfig() });
      await fetch(`${first.endpoint}/__sandbox/pre-token-generation`, { method: 'POST', body: JSON.stringify({ config: { version: 'V1_0', idToken: { addOrOverride: { tier: 'gold' } } } }) });
      await fetch(`${first.endpoint}/__sandbox/groups`, { method: 'POST', body: JSON.stringify({ username: first.info.user.username, remove: ['admins'] }) });
      await first.close();
      const second = await startSandbox({ stateFile: file, config: testConfig() });
      const cognito = sdkClient(second);
      try {
        const t = await signIn(cognito, NO_ROTATION, second.info.user.username, second.info.user.password);
        assert.equal(decode(t.IdToken).tier, 'gold');
        assert.deepEqual(decode(t.AccessToken)['cognito:groups'], ['beta-testers']);
      } finally {
        cognito.destroy();
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
