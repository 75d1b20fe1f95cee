// Session tracking and the server-side operations through the real SDK over
// real HTTP: ListUserSessions, RevokeUserSession, GlobalSignOut, GetUser (access
// token), and the IAM-authorized DescribeUserPoolClient, DescribeUserPool,
// Get(UserPool|UserPoolClient)SessionConfiguration, AdminListUserSessions,
// AdminGetUser.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AccessDeniedException,
  AdminGetUserCommand,
  AdminListUserSessionsCommand,
  CognitoIdentityProviderServiceException,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GetUserPoolClientSessionConfigurationCommand,
  GetUserPoolSessionConfigurationCommand,
  GlobalSignOutCommand,
  InvalidParameterException,
  ListUserSessionsCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  RevokeTokenCommand,
  RevokeUserSessionCommand,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
  type SessionDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, validateConfig, type SandboxConfig, type SandboxConfigError, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, FakeClock, jwtPayload, rejectsWith, sdkClient, signIn } from './helpers';

const FULL_KEY = { accessKeyId: 'AKIASANDBOXFULL00001', secretAccessKey: 'sandbox-full-secret' };
const NARROW_KEY = { accessKeyId: 'AKIASANDBOXNARROW001', secretAccessKey: 'sandbox-narrow-secret' };

function testConfig(overrides: { pageSize?: number; maxPerUser?: number; tracking?: 'ENABLED' | 'DISABLED' } = {}): SandboxConfig {
  const config = demoConfig();
  const pool = config.pools[0];
  pool.userSessionTracking = overrides.tracking ?? 'ENABLED';
  if (overrides.pageSize !== undefined) pool.sessionsPageSize = overrides.pageSize;
  if (overrides.maxPerUser !== undefined) pool.maxSessionsPerUser = overrides.maxPerUser;
  pool.clients[0].tokenValidity = { accessTokenSeconds: 300, idTokenSeconds: 3600, refreshTokenSeconds: 5 * 86400 };
  pool.clients[3].callbackURLs = ['http://127.0.0.1:53682/callback'];
  pool.clients[3].allowedOAuthFlows = ['code'];
  pool.clients[3].allowedOAuthScopes = ['openid', 'email'];
  pool.clients[3].allowedOAuthFlowsUserPoolClient = true;
  config.iamCredentials = [
    { ...FULL_KEY },
    { ...NARROW_KEY, principalArn: 'arn:aws:iam::123456789012:user/narrow', allow: ['cognito-idp:DescribeUserPool'] },
  ];
  return config;
}

void describe('session tracking and server-side operations', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  let admin: CognitoIdentityProviderClient;
  let narrow: CognitoIdentityProviderClient;
  const clock = new FakeClock();

  before(async () => {
    sandbox = await startSandbox({ config: testConfig(), now: clock.now });
    cognito = sdkClient(sandbox);
    admin = sdkClient(sandbox, { credentials: { ...FULL_KEY } });
    narrow = sdkClient(sandbox, { credentials: { ...NARROW_KEY } });
  });
  after(async () => {
    for (const c of [cognito, admin, narrow]) c.destroy();
    await sandbox.close();
  });

  const login = (name: string) => signIn(cognito, clientNamed(sandbox, name).clientId, sandbox.info.user.username, sandbox.info.user.password);
  const list = (accessToken: string, nextToken?: string) => cognito.send(new ListUserSessionsCommand({ AccessToken: accessToken, NextToken: nextToken }));
  const refresh = (name: string, token: string) =>
    cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientNamed(sandbox, name).clientId, RefreshToken: token }));
  /** The session a sign-in made: the one listed as current when listing with its own access token. */
  const currentOf = (sessions: SessionDescriptionType[] | undefined): SessionDescriptionType =>
    sessions?.find((s) => s.IsCurrentSession) ?? assert.fail('no session is marked current');

  void it('lists the user\'s token sessions across app clients, the caller\'s marked current', async () => {
    const a = await login('rotating-grace-10s');
    const b = await login('no-rotation');
    const out = await list(a.AccessToken);
    const sessions = out.Sessions ?? [];
    const mine = sessions.filter((s) => [clientNamed(sandbox, 'rotating-grace-10s').clientId, clientNamed(sandbox, 'no-rotation').clientId].includes(s.ClientId ?? ''));
    assert.ok(mine.length >= 2);
    for (const s of sessions) {
      assert.match(s.SessionId ?? '', /^tkn[a-z0-9]{25}$/);
      assert.equal(s.SessionId?.length, 28);
      assert.equal(s.SessionType, 'TOKEN');
      assert.ok(s.CreateDate instanceof Date);
      assert.ok(s.LastActiveDate instanceof Date);
      assert.equal(s.LastIPAddress, '127.0.0.1');
      assert.match(s.DeviceType ?? '', /^aws-sdk-js\//);
      assert.equal(s.OriginSessionId, undefined);
    }
    const current = sessions.filter((s) => s.IsCurrentSession);
    assert.equal(current.length, 1, 'exactly one session is the caller\'s');
    assert.equal(current[0].ClientId, clientNamed(sandbox, 'rotating-grace-10s').clientId);
    // The other sign-in sees its own session as current, and the same ids.
    const fromB = await list(b.AccessToken);
    const currentB = currentOf(fromB.Sessions);
    assert.equal(currentB.ClientId, clientNamed(sandbox, 'no-rotation').clientId);
    assert.notEqual(currentB.SessionId, current[0].SessionId);
    assert.deepEqual(new Set(fromB.Sessions?.map((s) => s.SessionId)), new Set(sessions.map((s) => s.SessionId)));
  });

  void it('moves LastActiveDate on a refresh and keeps the SessionId across a rotation', async () => {
    const t = await login('rotating-grace-10s');
    const before = currentOf((await list(t.AccessToken)).Sessions);
    clock.advanceSeconds(120);
    const r = await refresh('rotating-grace-10s', t.RefreshToken);
    assert.ok(r.AuthenticationResult?.RefreshToken, 'this client rotates');
    const afterRefresh = currentOf((await list(r.AuthenticationResult?.AccessToken ?? '')).Sessions);
    assert.equal(afterRefresh.SessionId, before.SessionId, 'a rotation stays in the same token session');
    assert.equal(afterRefresh.CreateDate?.getTime(), before.CreateDate?.getTime());
    assert.equal((afterRefresh.LastActiveDate?.getTime() ?? 0) - (before.LastActiveDate?.getTime() ?? 0), 120_000);
  });

  void it('revokes another session: its refresh token and access token stop working; its siblings do not', async () => {
    const keep = await login('no-rotation');
    const victim = await login('rotating-no-grace');
    const target = currentOf((await list(victim.AccessToken)).Sessions);
    const out = await cognito.send(new RevokeUserSessionCommand({ AccessToken: keep.AccessToken, SessionId: target.SessionId, RevokeAssociatedSessions: 'NONE' }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.ok(!(await list(keep.AccessToken)).Sessions?.some((s) => s.SessionId === target.SessionId), 'the record is gone from the list');
    await rejectsWith(refresh('rotating-no-grace', victim.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: victim.AccessToken })), NotAuthorizedException, { message: 'Access Token has been revoked' });
    // The caller's own session is untouched.
    await refresh('no-rotation', keep.RefreshToken);
    // Revoking it again: the session no longer exists.
    await rejectsWith(cognito.send(new RevokeUserSessionCommand({ AccessToken: keep.AccessToken, SessionId: target.SessionId })), ResourceNotFoundException);
  });

  void it('refuses to revoke the caller\'s own current session, an unknown one, and a malformed SessionId', async () => {
    const t = await login('no-rotation');
    const own = currentOf((await list(t.AccessToken)).Sessions);
    await rejectsWith(cognito.send(new RevokeUserSessionCommand({ AccessToken: t.AccessToken, SessionId: own.SessionId })), InvalidParameterException);
    await refresh('no-rotation', t.RefreshToken);
    await rejectsWith(cognito.send(new RevokeUserSessionCommand({ AccessToken: t.AccessToken, SessionId: `tkn${'0'.repeat(25)}` })), ResourceNotFoundException);
    await rejectsWith(cognito.send(new RevokeUserSessionCommand({ AccessToken: t.AccessToken, SessionId: 'tknTOOSHORT' })), InvalidParameterException, {
      message: /^1 validation error detected: Value at 'sessionId' failed to satisfy constraint: Member must have length greater than or equal to 28$/,
    });
    await rejectsWith(cognito.send(new RevokeUserSessionCommand({ AccessToken: t.AccessToken, SessionId: own.SessionId, RevokeAssociatedSessions: 'ALL' as 'NONE' })),
      InvalidParameterException, { message: /Member must satisfy enum value set: \[NONE, LINKED\]/ });
  });

  void it('GetUser returns the user name, attributes as strings and no MFA for a user without it', async () => {
    const t = await login('no-rotation');
    const out = await cognito.send(new GetUserCommand({ AccessToken: t.AccessToken }));
    assert.equal(out.Username, jwtPayload(t.AccessToken).username);
    const attrs = Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    assert.equal(attrs.sub, jwtPayload(t.IdToken).sub);
    assert.equal(attrs.email, 'demo.user@example.com');
    assert.equal(attrs.email_verified, 'true');
    assert.equal(attrs['custom:tenant'], 'acme');
    assert.equal(out.UserMFASettingList, undefined);
    assert.equal(out.PreferredMfaSetting, undefined);
  });

  void it('answers an expired, a forged and a garbage access token as Cognito does', async () => {
    const t = await login('rotating-grace-10s'); // access tokens of this client last 300 s
    clock.advanceSeconds(301);
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: t.AccessToken })), NotAuthorizedException, { message: 'Access Token has expired' });
    await rejectsWith(list(t.AccessToken), NotAuthorizedException, { message: 'Access Token has expired' });
    const [h, p, s] = (await login('no-rotation')).AccessToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), username: 'someone-else' })).toString('base64url');
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: `${h}.${forgedPayload}.${s}` })), NotAuthorizedException, { message: 'Invalid Access Token' });
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: 'abc.def.ghi' })), NotAuthorizedException, { message: 'Invalid Access Token' });
    // The ID token is not an access token.
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: (await login('no-rotation')).IdToken })), NotAuthorizedException, { message: 'Invalid Access Token' });
  });

  void it('RevokeToken takes RevokeAssociatedSessions and checks its value', async () => {
    const t = await login('no-rotation');
    const id = clientNamed(sandbox, 'no-rotation').clientId;
    await cognito.send(new RevokeTokenCommand({ ClientId: id, Token: t.RefreshToken, RevokeAssociatedSessions: 'LINKED' }));
    await rejectsWith(refresh('no-rotation', t.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    const u = await login('no-rotation');
    await rejectsWith(cognito.send(new RevokeTokenCommand({ ClientId: id, Token: u.RefreshToken, RevokeAssociatedSessions: 'SOME' as 'NONE' })), InvalidParameterException);
  });

  // --- IAM-authorized operations ---

  void it('DescribeUserPoolClient returns the client\'s real sandbox configuration', async () => {
    const poolId = sandbox.info.userPoolId;
    const rotating = (await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientNamed(sandbox, 'rotating-grace-10s').clientId }))).UserPoolClient;
    assert.ok(rotating);
    assert.deepEqual(rotating.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 });
    assert.equal(rotating.AccessTokenValidity, 5);
    assert.equal(rotating.IdTokenValidity, 60);
    assert.equal(rotating.RefreshTokenValidity, 5);
    assert.deepEqual(rotating.TokenValidityUnits, { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' });
    assert.deepEqual(rotating.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH']);
    assert.equal(rotating.ClientSecret, undefined);
    assert.equal(rotating.EnableTokenRevocation, true);
    assert.equal(rotating.PreventUserExistenceErrors, 'ENABLED');
    assert.equal(rotating.ClientName, 'rotating-grace-10s');
    assert.equal(rotating.UserPoolId, poolId);
    const secret = (await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientNamed(sandbox, 'confidential-with-secret').clientId }))).UserPoolClient;
    assert.equal(secret?.ClientSecret, clientNamed(sandbox, 'confidential-with-secret').clientSecret);
    assert.deepEqual(secret?.RefreshTokenRotation, { Feature: 'DISABLED', RetryGracePeriodSeconds: 0 });
    assert.deepEqual(secret?.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    assert.deepEqual(secret?.CallbackURLs, ['http://127.0.0.1:53682/callback']);
    assert.deepEqual(secret?.AllowedOAuthFlows, ['code']);
    assert.deepEqual(secret?.AllowedOAuthScopes, ['openid', 'email']);
    assert.equal(secret?.AllowedOAuthFlowsUserPoolClient, true);
    assert.equal(secret?.AccessTokenValidity, 60);
    assert.equal(secret?.RefreshTokenValidity, 30);
    await rejectsWith(admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: 'nosuchclient' })), ResourceNotFoundException);
    await rejectsWith(admin.send(new DescribeUserPoolClientCommand({ UserPoolId: 'us-east-1_Nope', ClientId: 'nosuchclient' })), ResourceNotFoundException,
      { message: 'User pool us-east-1_Nope does not exist.' });
  });

  void it('explains a missing IAM permission with the exact action, and refuses unknown keys and unsigned calls', async () => {
    const poolId = sandbox.info.userPoolId;
    const clientId = clientNamed(sandbox, 'no-rotation').clientId;
    const denied = await rejectsWith(narrow.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })), AccessDeniedException);
    assert.equal(denied.message,
      `User: arn:aws:iam::123456789012:user/narrow is not authorized to perform: cognito-idp:DescribeUserPoolClient on resource: arn:aws:cognito-idp:us-east-1:123456789012:userpool/${poolId} because no identity-based policy allows the cognito-idp:DescribeUserPoolClient action`);
    // The same key may do what it is allowed.
    assert.equal((await narrow.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Id, poolId);
    const stranger = sdkClient(sandbox, { credentials: { accessKeyId: 'AKIAUNKNOWN000000001', secretAccessKey: 'x' } });
    try {
      await rejectsWith(stranger.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), CognitoIdentityProviderServiceException,
        { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    } finally {
      stranger.destroy();
    }
    const res = await fetch(`${sandbox.endpoint}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.DescribeUserPool' },
      body: JSON.stringify({ UserPoolId: poolId }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  void it('DescribeUserPool, GetUserPoolSessionConfiguration and GetUserPoolClientSessionConfiguration', async () => {
    const poolId = sandbox.info.userPoolId;
    const pool = (await admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
    assert.equal(pool?.Name, 'cognito-token-debugger-sandbox');
    assert.equal(pool?.Arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${poolId}`);
    assert.deepEqual(pool?.UsernameAttributes, ['email']);
    assert.equal(pool?.MfaConfiguration, 'OFF');
    const tracking = await admin.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: poolId }));
    assert.equal(tracking.UserPoolId, poolId);
    assert.equal(tracking.UserSessionTracking, 'ENABLED');
    assert.deepEqual(tracking.TokenSession, { MaxPerUser: 20 });
    const other = await admin.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: sandbox.info.pools[1].userPoolId }));
    assert.equal(other.UserSessionTracking, 'DISABLED', 'the default');
    const client = await admin.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: poolId, ClientId: clientNamed(sandbox, 'no-rotation').clientId }));
    assert.deepEqual(client.SSOSession, { MaxValidityMinutes: 60 });
    assert.equal(client.ClientId, clientNamed(sandbox, 'no-rotation').clientId);
    await rejectsWith(admin.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: 'not a pool' })), InvalidParameterException);
  });

  void it('AdminGetUser and AdminListUserSessions find the user by name or email; IsCurrentSession is false', async () => {
    const poolId = sandbox.info.userPoolId;
    const t = await login('no-rotation');
    const username = String(jwtPayload(t.AccessToken).username);
    const byEmail = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'demo.user@example.com' }));
    assert.equal(byEmail.Username, username);
    assert.equal(byEmail.UserStatus, 'CONFIRMED');
    assert.equal(byEmail.Enabled, true);
    assert.ok(byEmail.UserAttributes?.some((a) => a.Name === 'email' && a.Value === 'demo.user@example.com'));
    await rejectsWith(admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })), UserNotFoundException);
    const listed = await admin.send(new AdminListUserSessionsCommand({ UserPoolId: poolId, Username: username }));
    const viaToken = await list(t.AccessToken);
    assert.deepEqual(new Set(listed.Sessions?.map((s) => s.SessionId)), new Set(viaToken.Sessions?.map((s) => s.SessionId)));
    assert.ok(listed.Sessions?.every((s) => s.IsCurrentSession === false));
  });

  void it('GlobalSignOut revokes every sign-in of the user on every client', async () => {
    const a = await login('no-rotation');
    const b = await login('rotating-grace-10s');
    const out = await cognito.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    await rejectsWith(refresh('no-rotation', a.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    await rejectsWith(refresh('rotating-grace-10s', b.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    await rejectsWith(cognito.send(new GetUserCommand({ AccessToken: a.AccessToken })), NotAuthorizedException, { message: 'Access Token has been revoked' });
    await rejectsWith(list(b.AccessToken), NotAuthorizedException, { message: 'Access Token has been revoked' });
    await rejectsWith(cognito.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken })), NotAuthorizedException, { message: 'Access Token has been revoked' });
    // A new sign-in is a new session, and the only one listed.
    const c = await login('no-rotation');
    const sessions = (await list(c.AccessToken)).Sessions ?? [];
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].IsCurrentSession, true);
  });
});

void describe('session pages, limits and tracking off', () => {
  void it('pages with NextToken: every session once, in order; a foreign NextToken is refused', async () => {
    const sandbox = await startSandbox({ config: testConfig({ pageSize: 2 }) });
    const cognito = sdkClient(sandbox);
    try {
      const id = clientNamed(sandbox, 'no-rotation').clientId;
      const tokens = [];
      for (let i = 0; i < 5; i += 1) tokens.push(await signIn(cognito, id, sandbox.info.user.username, sandbox.info.user.password));
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const out = await cognito.send(new ListUserSessionsCommand({ AccessToken: tokens[0].AccessToken, NextToken: next }));
        assert.ok((out.Sessions?.length ?? 0) <= 2);
        seen.push(...(out.Sessions ?? []).map((s) => s.SessionId ?? ''));
        next = out.NextToken;
        pages += 1;
      } while (next !== undefined && pages < 10);
      assert.equal(pages, 3);
      assert.equal(seen.length, 5);
      assert.equal(new Set(seen).size, 5);
      await rejectsWith(cognito.send(new ListUserSessionsCommand({ AccessToken: tokens[0].AccessToken, NextToken: 'bm90LWEtdG9rZW4' })), InvalidParameterException);
      const admin = sdkClient(sandbox, { credentials: { ...FULL_KEY } });
      try {
        const first = await admin.send(new AdminListUserSessionsCommand({ UserPoolId: sandbox.info.userPoolId, Username: sandbox.info.user.username }));
        assert.equal(first.Sessions?.length, 2);
        assert.ok(first.NextToken);
      } finally {
        admin.destroy();
      }
    } finally {
      cognito.destroy();
      await sandbox.close();
    }
  });

  void it('MaxPerUser: the next sign-in evicts the least recently used session', async () => {
    const clock = new FakeClock();
    const sandbox = await startSandbox({ config: testConfig({ maxPerUser: 2 }), now: clock.now });
    const cognito = sdkClient(sandbox);
    try {
      const id = clientNamed(sandbox, 'no-rotation').clientId;
      const first = await signIn(cognito, id, sandbox.info.user.username, sandbox.info.user.password);
      clock.advanceSeconds(10);
      const second = await signIn(cognito, id, sandbox.info.user.username, sandbox.info.user.password);
      clock.advanceSeconds(10);
      // The first session is used again: the second is now the least recently used.
      await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: first.RefreshToken }));
      clock.advanceSeconds(10);
      const third = await signIn(cognito, id, sandbox.info.user.username, sandbox.info.user.password);
      await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: second.RefreshToken })), NotAuthorizedException,
        { message: 'Refresh Token has been revoked' });
      await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: first.RefreshToken }));
      assert.equal((await cognito.send(new ListUserSessionsCommand({ AccessToken: third.AccessToken }))).Sessions?.length, 2);
    } finally {
      cognito.destroy();
      await sandbox.close();
    }
  });

  void it('with UserSessionTracking DISABLED lists no sessions and revokes none by id', async () => {
    const sandbox = await startSandbox({ config: testConfig({ tracking: 'DISABLED' }) });
    const cognito = sdkClient(sandbox);
    try {
      const t = await signIn(cognito, clientNamed(sandbox, 'no-rotation').clientId, sandbox.info.user.username, sandbox.info.user.password);
      const out = await cognito.send(new ListUserSessionsCommand({ AccessToken: t.AccessToken }));
      assert.deepEqual(out.Sessions, []);
      assert.equal(out.NextToken, undefined);
      await rejectsWith(cognito.send(new RevokeUserSessionCommand({ AccessToken: t.AccessToken, SessionId: `tkn${'a'.repeat(25)}` })), ResourceNotFoundException);
    } finally {
      cognito.destroy();
      await sandbox.close();
    }
  });
});

void describe('session tracking across a restart, and its config', () => {
  void it('keeps SessionIds, last activity and address in the state file, and no token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-sessions-'));
    const stateFile = join(dir, 'state.json');
    const clock = new FakeClock();
    try {
      let sandbox = await startSandbox({ config: testConfig(), now: clock.now, stateFile });
      let cognito = sdkClient(sandbox);
      const id = clientNamed(sandbox, 'no-rotation').clientId;
      const t = await signIn(cognito, id, sandbox.info.user.username, sandbox.info.user.password);
      clock.advanceSeconds(60);
      const r = await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: t.RefreshToken }));
      const before = (await cognito.send(new ListUserSessionsCommand({ AccessToken: t.AccessToken }))).Sessions ?? [];
      cognito.destroy();
      await sandbox.close();
      const text = readFileSync(stateFile, 'utf8');
      for (const secret of [t.RefreshToken, t.AccessToken, t.IdToken, r.AuthenticationResult?.AccessToken ?? 'x']) assert.ok(!text.includes(secret), 'no token in the state file');

      sandbox = await startSandbox({ now: clock.now, stateFile });
      cognito = sdkClient(sandbox);
      try {
        const afterRestart = (await cognito.send(new ListUserSessionsCommand({ AccessToken: t.AccessToken }))).Sessions ?? [];
        assert.deepEqual(afterRestart, before);
        // CreateDate is the sign-in's auth_time (whole seconds); LastActiveDate the refresh 60 s later (milliseconds).
        const gap = (afterRestart[0]?.LastActiveDate?.getTime() ?? 0) - (afterRestart[0]?.CreateDate?.getTime() ?? 0);
        assert.ok(gap >= 60_000 && gap < 61_000, `last activity ${gap} ms after the sign-in`);
        assert.equal(afterRestart[0]?.LastIPAddress, '127.0.0.1');
      } finally {
        cognito.destroy();
        await sandbox.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('refuses session, managed-login and IAM settings Cognito would refuse, naming each', () => {
    const config = demoConfig() as unknown as { pools: Record<string, unknown>[]; iamCredentials?: unknown };
    Object.assign(config.pools[0], { userSessionTracking: 'ON', maxSessionsPerUser: 101, sessionsPageSize: 0 });
    Object.assign((config.pools[0].clients as Record<string, unknown>[])[0], {
      callbackURLs: ['http://127.0.0.1/cb#frag', 'not a url'], allowedOAuthFlows: ['code', 'password'], allowedOAuthScopes: ['has space'],
    });
    Object.assign((config.pools[0].clients as Record<string, unknown>[])[1], { allowedOAuthFlows: ['code'] });
    config.iamCredentials = [{ accessKeyId: 'lowercase' }, { accessKeyId: 'AKIASANDBOX000000001', allow: ['s3:GetObject'], extra: 1 }];
    let problems: string[] = [];
    try {
      validateConfig(config);
    } catch (e) {
      problems = (e as SandboxConfigError).problems;
    }
    const expected = [
      /^pools\[0\]\.userSessionTracking: must be "ENABLED" or "DISABLED"$/,
      /^pools\[0\]\.maxSessionsPerUser: must be an integer from 1 to 100$/,
      /^pools\[0\]\.sessionsPageSize: must be an integer from 1 to 125$/,
      /^pools\[0\]\.clients\[0\]\.callbackURLs\[0\]: must not have a fragment$/,
      /^pools\[0\]\.clients\[0\]\.callbackURLs\[1\]: must be an absolute URL$/,
      /^pools\[0\]\.clients\[0\]\.allowedOAuthFlows\[1\]: must be one of code, implicit, client_credentials$/,
      /^pools\[0\]\.clients\[0\]\.allowedOAuthScopes\[0\]: /,
      /^pools\[0\]\.clients\[1\]\.allowedOAuthFlows: "code" needs at least one callbackURLs entry/,
      /^iamCredentials\[0\]\.accessKeyId: /,
      /^iamCredentials\[1\]\.allow\[0\]: /,
      /^iamCredentials\[1\]\.extra: unknown setting/,
    ];
    for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}; got:\n${problems.join('\n')}`);
  });
});
