// The Cognito side of a session panel: the host's view builders (src/vscode/server/sideView.ts)
// and the two messages of the webview that drive it (src/shared/protocol.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainServerFailure } from '../../../src/core/server/failure';
import { clientConfigView, poolConfigView, sessionView } from '../../../src/core/server/views';
import type { UserSessionsView } from '../../../src/core/server/types';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { configPartView, failureView, sessionsListView, userPartView } from '../../../src/vscode/server/sideView';

const T0 = Date.parse('2026-12-01T10:00:00Z');

function list(sessions: UserSessionsView['sessions'], tracking: UserSessionsView['tracking'] = 'ENABLED'): UserSessionsView {
  return { sessions, tracking, truncated: false, pages: 1 };
}

void describe('Cognito side view builders', () => {
  void it('lists this session first, marks the same app client, and says what the tracking state means', () => {
    const other = sessionView({ SessionId: 'tknother0000000000000000000a', SessionType: 'TOKEN', ClientId: 'other-client', CreateDate: new Date(T0), DeviceType: 'Firefox', LastIPAddress: '10.0.0.1', LastLocation: { City: 'Seattle', Country: 'United States' } });
    const mine = sessionView({ SessionId: 'tknmine00000000000000000000a', SessionType: 'TOKEN', ClientId: 'my-client', IsCurrentSession: true, OriginSessionId: 'sso0000' });
    const v = sessionsListView(list([other, mine]), 'my-client', T0);
    assert.deepEqual(v.rows.map((r) => [r.sessionId, r.isCurrent, r.sameClient]), [
      ['tknmine00000000000000000000a', true, true],
      ['tknother0000000000000000000a', false, false],
    ]);
    assert.equal(v.rows[1]!.location, 'Seattle, United States');
    assert.equal(v.rows[1]!.deviceType, 'Firefox');
    assert.equal(v.rows[0]!.originSessionId, 'sso0000');
    assert.equal(v.rows[0]!.currentBy, 'cognito');
    assert.match(v.trackingText, /on/);
    const off = sessionsListView({ ...list([], 'DISABLED'), note: 'tracking is off' }, 'my-client', T0);
    assert.match(off.trackingText, /off .*empty whatever the user did/);
    assert.equal(off.note, 'tracking is off');
    assert.match(sessionsListView(list([], 'unknown'), undefined, T0).trackingText, /unknown: reading it needs AWS credentials/);
  });

  void it('values from Cognito go out as they are (the webview marks hidden characters), bounded', () => {
    const hostile = sessionView({ SessionId: 'tkn1', SessionType: 'TOKEN', DeviceType: '<img src=x onerror=alert(1)>\u202Efdp.exe', LastLocation: { City: 'x'.repeat(5000) } });
    const v = sessionsListView(list([hostile]), undefined, T0);
    assert.equal(v.rows[0]!.deviceType, '<img src=x onerror=alert(1)>\u202Efdp.exe');
    assert.ok(v.rows[0]!.location!.length <= 256);
    assert.ok(v.rows[0]!.location!.endsWith('…'));
  });

  void it('an AccessDenied failure names the action, the resource and the policy statement to add', () => {
    const err = Object.assign(new Error('User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cognito-idp:DescribeUserPool on resource: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X because no identity-based policy allows it'), { name: 'AccessDeniedException' });
    const f = failureView(explainServerFailure(err, 'DescribeUserPool', { region: 'us-east-1', userPoolId: 'us-east-1_X' }));
    assert.equal(f.id, 'service/access-denied');
    assert.equal(f.missingPermission?.action, 'cognito-idp:DescribeUserPool');
    assert.equal(f.missingPermission?.resource, 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X');
    assert.deepEqual(JSON.parse(f.missingPermission!.statement), { Effect: 'Allow', Action: 'cognito-idp:DescribeUserPool', Resource: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X' });
    assert.match(f.title, /Missing IAM permission: allow cognito-idp:DescribeUserPool/);
    assert.equal(f.refreshFirst, undefined);
  });

  void it('an expired or revoked access token gets its explanation and the advice to refresh first', () => {
    const expired = failureView(explainServerFailure(Object.assign(new Error('Access Token has expired'), { name: 'NotAuthorizedException' }), 'ListUserSessions'));
    assert.equal(expired.id, 'NotAuthorizedException/access-token-expired');
    assert.equal(expired.refreshFirst, true);
    const revoked = failureView(explainServerFailure(Object.assign(new Error('Access Token has been revoked'), { name: 'NotAuthorizedException' }), 'GetUser'));
    assert.equal(revoked.id, 'NotAuthorizedException/access-token-revoked');
    assert.equal(revoked.refreshFirst, true);
  });

  void it('the user: attributes, MFA, and the status only when AdminGetUser gave it', () => {
    const user = { username: 'demo', attributes: [{ name: 'email', value: 'demo@example.com' }, { name: 'custom:empty' }], mfa: { preferred: 'SOFTWARE_TOKEN_MFA', enabled: ['SOFTWARE_TOKEN_MFA'], legacyOptions: [] } };
    const plain = userPartView(user, undefined, T0);
    const fact = (v: typeof plain, key: string) => v.facts.find((f) => f.key === key)?.value;
    assert.match(fact(plain, 'status') ?? '', /^not read \(AdminGetUser needs AWS credentials/);
    assert.equal(fact(plain, 'preferredMfa'), 'SOFTWARE_TOKEN_MFA');
    assert.equal(fact(plain, 'mfaEnabled'), 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(plain.attributes, [{ name: 'email', value: 'demo@example.com' }, { name: 'custom:empty' }]);
    const admin = userPartView(user, { ...user, status: 'CONFIRMED', enabled: true, createdAt: '2026-01-01T00:00:00.000Z' }, T0);
    assert.equal(fact(admin, 'status'), 'CONFIRMED, enabled');
    assert.equal(fact(admin, 'created'), '2026-01-01T00:00:00.000Z');
  });

  void it('the client configuration: rotation and grace, validities with units, secret present (never the secret), and a failed section explained', () => {
    const client = clientConfigView(
      {
        UserPoolClient: {
          ClientId: 'c1',
          ClientSecret: 'the-secret-itself',
          RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
          AccessTokenValidity: 5,
          RefreshTokenValidity: 1,
          TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'days' },
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          EnableTokenRevocation: true,
          PreventUserExistenceErrors: 'ENABLED',
          CallbackURLs: ['http://127.0.0.1:4321/callback'],
        },
      },
      'c1',
    );
    const pool = poolConfigView({ UserPool: { Id: 'p1', UserPoolTier: 'ESSENTIALS', MfaConfiguration: 'OPTIONAL', DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } } }, 'p1');
    const denied = explainServerFailure(Object.assign(new Error('not authorized to perform: cognito-idp:GetUserPoolSessionConfiguration'), { name: 'AccessDeniedException' }), 'GetUserPoolSessionConfiguration', { userPoolId: 'p1', region: 'us-east-1' });
    const v = configPartView('the AWS profile "dev"', { client, pool, poolSessions: denied, clientSessions: { ssoMaxValidityMinutes: 60, isDefault: true } }, [{ id: 'rotation-zero-grace-retry', severity: 'cause', text: 'zero grace' }], 'RefreshTokenReuseException in GetTokensFromRefreshToken (2026-12-01T10:00:00Z)', T0);
    const facts = Object.fromEntries(v.sections.flatMap((s) => (s.facts ?? []).map((f) => [f.key, f.value])));
    assert.equal(facts['rotation'], 'on, retry grace period 0 s');
    assert.equal(facts['hasSecret'], 'yes (not shown)');
    assert.equal(facts['accessValidity'], '5 minutes');
    assert.equal(facts['idValidity'], "1 hour (Cognito's default)");
    assert.equal(facts['refreshValidity'], '1 day');
    assert.equal(facts['explicitAuthFlows'], 'ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH');
    assert.equal(facts['tokenRevocation'], 'on');
    assert.equal(facts['preventUserExistenceErrors'], 'ENABLED');
    assert.equal(facts['callbackUrls'], 'http://127.0.0.1:4321/callback');
    assert.equal(facts['deviceTracking'], 'on: devices are remembered when the user opts in');
    assert.equal(facts['mfa'], 'OPTIONAL');
    assert.equal(facts['tier'], 'ESSENTIALS');
    assert.equal(facts['ssoMaxValidity'], "60 minutes (Cognito's default)");
    assert.ok(!JSON.stringify(v).includes('the-secret-itself'), 'the client secret reached the view');
    const failed = v.sections.find((s) => s.key === 'poolSessions');
    assert.equal(failed?.failure?.missingPermission?.action, 'cognito-idp:GetUserPoolSessionConfiguration');
    assert.deepEqual(v.findings, [{ id: 'rotation-zero-grace-retry', severity: 'cause', text: 'zero grace' }]);
    assert.match(v.lastFailure ?? '', /^RefreshTokenReuseException/);
    assert.equal(v.credentials, 'the AWS profile "dev"');
  });
});

void describe('Cognito side messages', () => {
  void it('serverLoad takes exactly a known part', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 1, command: 'serverLoad', part: 'user' }), { ok: true, value: { type: 'request', id: 1, command: 'serverLoad', part: 'user' } });
    assert.equal(parseWebviewMessage({ type: 'request', id: 1, command: 'serverLoad', part: 'config' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'request', id: 1, command: 'serverLoad', part: 'credentials' }).ok, true);
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 1, command: 'serverLoad', part: 'admin' }), { ok: false, reason: 'bad-field', field: 'part' });
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 1, command: 'serverLoad' }), { ok: false, reason: 'missing-field', field: 'part' });
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 1, command: 'serverLoad', part: 'user', profile: 'x' }), { ok: false, reason: 'unexpected-field', field: 'profile' });
  });

  void it('serverRevoke takes a bounded visible-ASCII session id and NONE or LINKED, nothing else (no way to skip a confirmation)', () => {
    const ok = { type: 'request', id: 2, command: 'serverRevoke', serverSessionId: 'tknabc', associated: 'LINKED' };
    assert.deepEqual(parseWebviewMessage(ok), { ok: true, value: ok });
    for (const [bad, field] of [
      [{ ...ok, serverSessionId: '' }, 'serverSessionId'],
      [{ ...ok, serverSessionId: 'has space' }, 'serverSessionId'],
      [{ ...ok, serverSessionId: 'x'.repeat(129) }, 'serverSessionId'],
      [{ ...ok, serverSessionId: 42 }, 'serverSessionId'],
      [{ ...ok, associated: 'ALL' }, 'associated'],
    ] as const) {
      assert.deepEqual(parseWebviewMessage(bad), { ok: false, reason: 'bad-field', field });
    }
    assert.deepEqual(parseWebviewMessage({ ...ok, confirm: false }), { ok: false, reason: 'unexpected-field', field: 'confirm' });
  });
});
