// The server-view functions of src/core/server through the real SDK over real HTTP to the
// sandbox: view models, pagination, this session marked, failures explained through the catalog.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetTokensFromRefreshTokenCommand, InitiateAuthCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import { createServerClient } from '../../../src/core/server/client';
import { explainConfiguration } from '../../../src/core/server/configExplain';
import {
  adminGetUser,
  adminListUserSessions,
  describeUserPool,
  describeUserPoolClient,
  getUser,
  getUserPoolClientSessionConfiguration,
  getUserPoolSessionConfiguration,
  globalSignOut,
  listUserSessions,
  revokeUserSession,
} from '../../../src/core/server/operations';
import type { ServerResult } from '../../../src/core/server/types';

const FULL_KEY = { accessKeyId: 'AKIASANDBOXFULL00001', secretAccessKey: 'sandbox-full-secret' };
const NARROW_KEY = { accessKeyId: 'AKIASANDBOXNARROW001', secretAccessKey: 'sandbox-narrow-secret' };

function config(pageSize?: number): SandboxConfig {
  const c = demoConfig();
  const pool = c.pools[0];
  pool.userSessionTracking = 'ENABLED';
  if (pageSize !== undefined) pool.sessionsPageSize = pageSize;
  c.iamCredentials = [
    { ...FULL_KEY },
    { ...NARROW_KEY, principalArn: 'arn:aws:iam::123456789012:user/narrow', allow: ['cognito-idp:DescribeUserPool'] },
  ];
  return c;
}

function ok<T>(r: ServerResult<T>): T {
  if (!r.ok) assert.fail(`expected success, got ${r.failure.explanation.id}: ${r.failure.explanation.title}`);
  return r.value;
}

function failed<T>(r: ServerResult<T>) {
  assert.equal(r.ok, false, 'expected a failure');
  if (r.ok) throw new Error('unreachable');
  return r.failure;
}

void describe('server view through the real SDK against the sandbox', () => {
  let sandbox: SandboxHandle;
  let user: CognitoIdentityProviderClient;
  let admin: CognitoIdentityProviderClient;
  let narrow: CognitoIdentityProviderClient;
  const clientId = (name: string): string => sandbox.info.clients.find((c) => c.name === name)?.clientId ?? assert.fail(name);

  before(async () => {
    sandbox = await startSandbox({ config: config(2) });
    const target = { region: sandbox.info.region, endpoint: sandbox.endpoint };
    user = await createServerClient(target);
    admin = await createServerClient({ ...target, credentials: FULL_KEY });
    narrow = await createServerClient({ ...target, credentials: NARROW_KEY });
  });
  after(async () => {
    for (const c of [user, admin, narrow]) c.destroy();
    await sandbox.close();
  });

  async function signIn(name: string) {
    const out = await user.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId(name),
        AuthParameters: { USERNAME: sandbox.info.user.username, PASSWORD: sandbox.info.user.password },
      }),
    );
    const r = out.AuthenticationResult;
    assert.ok(r?.AccessToken && r.RefreshToken && r.IdToken);
    return { accessToken: r.AccessToken, refreshToken: r.RefreshToken, idToken: r.IdToken };
  }

  void it('listUserSessions reads every page (page size 2), marks this session, dates as ISO', async () => {
    await signIn('no-rotation');
    await signIn('rotating-grace-10s');
    const me = await signIn('no-rotation');
    const view = ok(await listUserSessions(user, me.accessToken, { tracking: 'ENABLED' }));
    assert.ok(view.pages >= 2, `pages ${view.pages}`);
    assert.equal(view.truncated, false);
    assert.ok(view.sessions.length >= 3);
    assert.equal(new Set(view.sessions.map((s) => s.sessionId)).size, view.sessions.length, 'each session once');
    const current = view.sessions.filter((s) => s.isCurrent);
    assert.equal(current.length, 1);
    assert.equal(current[0]?.currentBy, 'cognito');
    assert.equal(current[0]?.clientId, clientId('no-rotation'));
    for (const s of view.sessions) {
      assert.match(s.sessionId, /^tkn[a-z0-9]{25}$/);
      assert.equal(s.type, 'TOKEN');
      assert.match(s.createdAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    assert.equal(view.tracking, 'ENABLED');
    assert.ok(!JSON.stringify(view).includes(me.accessToken.slice(0, 40)));
  });

  void it('revokeUserSession revokes another session, which then fails to refresh with its explanation', async () => {
    const victim = await signIn('no-rotation');
    const me = await signIn('rotating-grace-10s');
    const before = ok(await listUserSessions(user, victim.accessToken));
    const victimSession = before.sessions.find((s) => s.isCurrent);
    assert.ok(victimSession);
    const revoked = ok(await revokeUserSession(user, me.accessToken, victimSession.sessionId, 'NONE'));
    assert.deepEqual(revoked, { sessionId: victimSession.sessionId, associated: 'NONE' });
    const after = ok(await listUserSessions(user, me.accessToken));
    assert.ok(!after.sessions.some((s) => s.sessionId === victimSession.sessionId));
    const gone = failed(await getUser(user, victim.accessToken));
    assert.equal(gone.explanation.id, 'NotAuthorizedException/access-token-revoked');
    await assert.rejects(
      user.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId('no-rotation'), RefreshToken: victim.refreshToken })),
      /Refresh Token has been revoked/,
    );
  });

  void it('revoking this session itself is refused, and the explanation says why', async () => {
    const me = await signIn('no-rotation');
    const own = ok(await listUserSessions(user, me.accessToken)).sessions.find((s) => s.isCurrent);
    assert.ok(own);
    const f = failed(await revokeUserSession(user, me.accessToken, own.sessionId));
    assert.equal(f.explanation.name, 'InvalidParameterException');
    assert.match(f.explanation.likelyCauses[0] ?? '', /does not revoke the session of the access token that asks/);
    const gone = failed(await revokeUserSession(user, me.accessToken, `tkn${'0'.repeat(25)}`));
    assert.match(gone.explanation.likelyCauses[0] ?? '', /no longer exists/);
  });

  void it('getUser: attributes and MFA as a view model', async () => {
    const me = await signIn('no-rotation');
    const u = ok(await getUser(user, me.accessToken));
    assert.ok(u.username.length > 0);
    assert.ok(u.attributes.some((a) => a.name === 'sub'));
    assert.deepEqual(u.mfa.enabled, []);
  });

  void it('an expired or garbage access token is explained, not thrown', async () => {
    const bad = failed(await listUserSessions(user, 'abc.def.ghi'));
    assert.equal(bad.operation, 'ListUserSessions');
    assert.equal(bad.explanation.id, 'NotAuthorizedException/invalid-access-token');
    const me = await signIn('no-rotation');
    assert.equal(failed(await getUser(user, me.idToken)).explanation.id, 'NotAuthorizedException/invalid-access-token', 'an ID token instead');
  });

  void it('describeUserPoolClient / describeUserPool / session configurations with credentials', async () => {
    const poolId = sandbox.info.userPoolId;
    const rotating = ok(await describeUserPoolClient(admin, poolId, clientId('rotating-grace-10s')));
    assert.deepEqual(rotating.rotation, { enabled: true, graceSeconds: 10 });
    const secret = ok(await describeUserPoolClient(admin, poolId, clientId('confidential-with-secret')));
    assert.equal(secret.hasSecret, true);
    assert.ok(!JSON.stringify(secret).includes(sandbox.info.clients.find((c) => c.name === 'confidential-with-secret')?.clientSecret ?? '\u0000'));
    assert.equal(secret.rotation.enabled, false);
    assert.ok(secret.validity.refresh.seconds > 0);
    const pool = ok(await describeUserPool(admin, poolId));
    assert.equal(pool.id, poolId);
    assert.equal(pool.arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${poolId}`);
    assert.equal(pool.deviceRemembering, 'off');
    assert.deepEqual(ok(await getUserPoolSessionConfiguration(admin, poolId)), { userPoolId: poolId, tracking: 'ENABLED', maxPerUser: 20 });
    const cs = ok(await getUserPoolClientSessionConfiguration(admin, poolId, clientId('no-rotation')));
    assert.equal(cs.ssoMaxValidityMinutes, 60);
  });

  void it('the findings quote the real configuration: rotation with a 0 s grace period after a reused token', async () => {
    const poolId = sandbox.info.userPoolId;
    const cfg = ok(await describeUserPoolClient(admin, poolId, clientId('rotating-no-grace')));
    const findings = explainConfiguration({
      session: { clientId: clientId('rotating-no-grace'), refreshMethod: 'auto' },
      client: cfg,
      lastError: { name: 'RefreshTokenReuseException', message: 'x', at: new Date().toISOString(), operation: 'GetTokensFromRefreshToken', catalogId: 'RefreshTokenReuseException' },
    });
    assert.equal(findings[0]?.id, 'rotation-zero-grace-retry');
  });

  void it('adminListUserSessions marks this session by client and sign-in time; adminGetUser', async () => {
    const me = await signIn('rotating-no-grace');
    const [, payload] = me.idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { auth_time: number; 'cognito:username': string };
    const poolId = sandbox.info.userPoolId;
    const view = ok(
      await adminListUserSessions(admin, poolId, claims['cognito:username'], {
        current: { clientId: clientId('rotating-no-grace'), authTime: claims.auth_time },
      }),
    );
    assert.ok(view.sessions.length >= 1);
    const current = view.sessions.filter((s) => s.isCurrent);
    assert.equal(current.length, 1, 'AdminListUserSessions never says; the sign-in time does');
    assert.equal(current[0]?.currentBy, 'sign-in-time');
    assert.equal(current[0]?.clientId, clientId('rotating-no-grace'));
    // A second sign-in on the same client within seconds: which one is this is ambiguous, so neither is marked.
    await signIn('rotating-no-grace');
    const again = ok(
      await adminListUserSessions(admin, poolId, claims['cognito:username'], {
        current: { clientId: clientId('rotating-no-grace'), authTime: claims.auth_time },
      }),
    );
    assert.equal(again.sessions.filter((s) => s.isCurrent).length, 0);
    const u = ok(await adminGetUser(admin, poolId, claims['cognito:username']));
    assert.equal(u.status, 'CONFIRMED');
    assert.equal(u.enabled, true);
    assert.equal(u.createdAt, undefined, 'the sandbox keeps no user dates');
  });

  void it('a missing IAM permission: the exact action and pool ARN to allow', async () => {
    const poolId = sandbox.info.userPoolId;
    const f = failed(await describeUserPoolClient(narrow, poolId, clientId('no-rotation')));
    assert.equal(f.explanation.id, 'service/access-denied');
    assert.equal(f.explanation.title, `Missing IAM permission: allow cognito-idp:DescribeUserPoolClient on arn:aws:cognito-idp:us-east-1:123456789012:userpool/${poolId}`);
    ok(await describeUserPool(narrow, poolId));
  });

  void it('unknown AWS credentials, and none at all', async () => {
    const target = { region: sandbox.info.region, endpoint: sandbox.endpoint };
    const stranger = await createServerClient({ ...target, credentials: { accessKeyId: 'AKIAUNKNOWN000000001', secretAccessKey: 'x' } });
    const nobody = await createServerClient({ ...target, profile: 'ctd-test-profile-that-does-not-exist' });
    try {
      assert.equal(failed(await describeUserPool(stranger, sandbox.info.userPoolId)).explanation.id, 'service/invalid-aws-credentials');
      const none = failed(await describeUserPool(nobody, sandbox.info.userPoolId));
      assert.equal(none.explanation.id, 'client/no-aws-credentials', none.explanation.message);
    } finally {
      stranger.destroy();
      nobody.destroy();
    }
  });

  void it('globalSignOut ends every session of the user', async () => {
    const a = await signIn('no-rotation');
    const b = await signIn('rotating-grace-10s');
    ok(await globalSignOut(user, a.accessToken));
    assert.equal(failed(await listUserSessions(user, b.accessToken)).explanation.id, 'NotAuthorizedException/access-token-revoked');
  });
});
