import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientConfigView, clientSessionConfigView, isoDate, markCurrent, poolConfigView, sessionView } from '../../../src/core/server/views';

void describe('server view models', () => {
  void it('an app client that set nothing gets Cognito\'s defaults, marked as defaults', () => {
    const v = clientConfigView({ UserPoolClient: { ClientId: 'c1' } }, 'c1');
    assert.deepEqual(v.validity.access, { value: 1, unit: 'hours', seconds: 3600, isDefault: true });
    assert.deepEqual(v.validity.refresh, { value: 30, unit: 'days', seconds: 30 * 86400, isDefault: true });
    assert.deepEqual(v.rotation, { enabled: false });
    assert.equal(v.hasSecret, false);
    assert.deepEqual(v.explicitAuthFlows, []);
  });

  void it('validities in their units; the secret is never copied', () => {
    const v = clientConfigView(
      {
        UserPoolClient: {
          ClientId: 'c1',
          ClientSecret: 'topsecret-value',
          AccessTokenValidity: 5,
          IdTokenValidity: 2,
          RefreshTokenValidity: 60,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'minutes' },
          RefreshTokenRotation: { Feature: 'ENABLED' },
        },
      },
      'c1',
    );
    assert.equal(v.validity.access.seconds, 300);
    assert.equal(v.validity.id.seconds, 7200);
    assert.equal(v.validity.refresh.seconds, 3600);
    assert.deepEqual(v.rotation, { enabled: true, graceSeconds: 0 }, 'no grace given is 0');
    assert.equal(v.hasSecret, true);
    assert.ok(!JSON.stringify(v).includes('topsecret'));
  });

  void it('device remembering and the pre-token-generation trigger version', () => {
    assert.equal(poolConfigView({ UserPool: { Id: 'p' } }, 'p').deviceRemembering, 'off');
    assert.equal(poolConfigView({ UserPool: { Id: 'p', DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } } }, 'p').deviceRemembering, 'user-opt-in');
    assert.equal(poolConfigView({ UserPool: { Id: 'p', DeviceConfiguration: {} } }, 'p').deviceRemembering, 'always');
    assert.deepEqual(poolConfigView({ UserPool: { Id: 'p', LambdaConfig: { PreTokenGeneration: 'arn:l' } } }, 'p').preTokenGeneration, { version: 'V1_0', lambdaArn: 'arn:l' });
    assert.deepEqual(
      poolConfigView({ UserPool: { Id: 'p', LambdaConfig: { PreTokenGeneration: 'arn:l', PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: 'arn:m' } } } }, 'p').preTokenGeneration,
      { version: 'V3_0', lambdaArn: 'arn:m' },
    );
  });

  void it('SSO session validity: 60 minutes when never set', () => {
    assert.deepEqual(clientSessionConfigView({}), { ssoMaxValidityMinutes: 60, isDefault: true });
    assert.equal(clientSessionConfigView({ SSOSession: { MaxValidityMinutes: 43200 } }).ssoMaxValidityMinutes, 43200);
  });

  void it('dates: Date, epoch seconds, ISO; garbage is undefined', () => {
    assert.equal(isoDate(new Date(0)), '1970-01-01T00:00:00.000Z');
    assert.equal(isoDate(1.5), '1970-01-01T00:00:01.500Z');
    assert.equal(isoDate('2026-12-01T00:00:00Z'), '2026-12-01T00:00:00.000Z');
    for (const g of ['nope', NaN, 1e20, null, {}]) assert.equal(isoDate(g), undefined);
  });

  void it('sessions: location, origin SSO session, current by sign-in time within SIGN_IN_MATCH_SECONDS only', () => {
    const created = new Date(1_800_000_000_000);
    const s = sessionView(
      { SessionId: 'tkn1', SessionType: 'TOKEN', ClientId: 'c1', CreateDate: created, LastLocation: { City: 'Seattle', Country: 'United States' }, OriginSessionId: 'sso1' },
      { clientId: 'c1', authTime: 1_800_000_003 },
    );
    assert.equal(s.location, 'Seattle, United States');
    assert.equal(s.originSessionId, 'sso1');
    assert.equal(s.currentBy, 'sign-in-time');
    assert.equal(sessionView({ SessionId: 't', SessionType: 'TOKEN', ClientId: 'c1', CreateDate: created }, { clientId: 'c1', authTime: 1_800_000_006 }).isCurrent, false);
    assert.equal(sessionView({ SessionId: 't', SessionType: 'TOKEN', ClientId: 'c2', CreateDate: created }, { clientId: 'c1', authTime: 1_800_000_000 }).isCurrent, false);
    const cognito = sessionView({ SessionId: 'a', SessionType: 'TOKEN', IsCurrentSession: true });
    assert.deepEqual(markCurrent([cognito, s]).map((v) => v.isCurrent), [true, false], "Cognito's own mark wins");
  });
});
