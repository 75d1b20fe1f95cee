import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { explainConfiguration, type ConfigExplainInput, type ConfigFindingId } from '../../../src/core/server/configExplain';
import { clientConfigView, poolConfigView } from '../../../src/core/server/views';
import type { HistoryEvent } from '../../../src/core/sessions/model';
import { accessTokenClaims, FIXED_NOW_S, idTokenClaims, unsecuredToken } from '../../fixtures/tokens/factory';

const client = (over: Record<string, unknown> = {}) =>
  clientConfigView({ UserPoolClient: { ClientId: 'c1', ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'], ...over } }, 'c1');
const pool = (over: Record<string, unknown> = {}) => poolConfigView({ UserPool: { Id: 'us-east-1_X', ...over } }, 'us-east-1_X');
const session: ConfigExplainInput['session'] = { clientId: 'c1', refreshMethod: 'auto' };

function event(over: Partial<HistoryEvent>): HistoryEvent {
  return { at: '2026-12-01T00:00:00.000Z', operation: 'GetTokensFromRefreshToken', outcome: 'success', rotated: false, oldFingerprint: 'fp', latencyMs: 1, ...over };
}

const lastError = (catalogId: string, operation: 'GetTokensFromRefreshToken' | 'InitiateAuth' | 'RevokeToken' = 'GetTokensFromRefreshToken') => ({
  name: catalogId.split('/')[0] ?? catalogId,
  message: 'm',
  at: '2026-12-01T00:00:00.000Z',
  operation,
  catalogId,
});

const ids = (input: ConfigExplainInput): ConfigFindingId[] => explainConfiguration(input).map((f) => f.id);
const find = (input: ConfigExplainInput, id: ConfigFindingId) => explainConfiguration(input).find((f) => f.id === id);

void describe('explainConfiguration', () => {
  void it('reuse after the own retry on a 0 s grace client: "the token you retried was already invalid"', () => {
    const input: ConfigExplainInput = {
      session,
      client: client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } }),
      lastError: lastError('RefreshTokenReuseException/own-retry-after-lost-response'),
      history: [
        event({ outcome: 'error', notes: ['response-lost'] }),
        event({ outcome: 'error', notes: ['retry-outside-grace'], errorName: 'RefreshTokenReuseException' }),
      ],
    };
    const f = find(input, 'rotation-zero-grace-retry');
    assert.equal(f?.severity, 'cause');
    assert.match(f?.text ?? '', /^This client has rotation enabled with a 0 s grace period, so the token you retried was already invalid/);
    assert.equal(explainConfiguration(input)[0]?.id, 'rotation-zero-grace-retry', 'causes first');
  });

  void it('reuse with a grace period: the retry came too late', () => {
    const input: ConfigExplainInput = {
      session,
      client: client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 } }),
      lastError: lastError('RefreshTokenReuseException/own-retry-after-lost-response'),
      history: [event({ outcome: 'error', notes: ['response-lost'] }), event({ outcome: 'error', notes: ['retry-within-grace'] })],
    };
    assert.match(find(input, 'rotation-grace-elapsed')?.text ?? '', /10 s grace period.*retry after the lost response came too late/);
  });

  void it('REFRESH_TOKEN_AUTH not in the explicit auth flows', () => {
    const input: ConfigExplainInput = {
      session: { ...session, refreshMethod: 'InitiateAuth' },
      client: client({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }),
      lastError: lastError('InvalidParameterException/auth-flow-not-enabled', 'InitiateAuth'),
    };
    const f = find(input, 'refresh-flow-not-allowed');
    assert.equal(f?.severity, 'cause');
    assert.match(f?.text ?? '', /^REFRESH_TOKEN_AUTH is not in this client's explicit auth flows \(ALLOW_USER_SRP_AUTH\)/);
    assert.ok(!ids({ ...input, client: client() }).includes('refresh-flow-not-allowed'));
  });

  void it('InitiateAuth on a rotating client', () => {
    const input: ConfigExplainInput = {
      session: { ...session, effectiveMethod: 'InitiateAuth' },
      client: client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 5 } }),
    };
    assert.equal(find(input, 'initiate-auth-with-rotation')?.severity, 'warning');
  });

  void it('device tracking on and no device key: the cause of an invalid refresh token', () => {
    const input: ConfigExplainInput = {
      session,
      pool: pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } }),
      lastError: lastError('NotAuthorizedException/invalid-refresh-token'),
    };
    const f = find(input, 'device-key-missing');
    assert.equal(f?.severity, 'cause');
    assert.match(f?.text ?? '', /^Device tracking is on \(always remember\) and the session has no device key/);
    assert.ok(!ids({ ...input, session: { ...session, deviceKey: 'us-east-1_dev' } }).includes('device-key-missing'));
    assert.ok(!ids({ ...input, pool: pool() }).includes('device-key-missing'));
  });

  void it('token validity against the observed lifetimes, and the refresh token expiry', () => {
    const iat = FIXED_NOW_S;
    const input: ConfigExplainInput = {
      session,
      client: client({ AccessTokenValidity: 5, IdTokenValidity: 60, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' }, RefreshTokenValidity: 7 }),
      accessToken: unsecuredToken(accessTokenClaims({ iat, lifetime: 3600 })),
      idToken: unsecuredToken(idTokenClaims({ iat, lifetime: 3600 })),
    };
    assert.match(find(input, 'access-validity-differs')?.text ?? '', /^The access token lasts 1 h, but this client's access token validity is 5 minutes/);
    assert.ok(!ids(input).includes('id-validity-differs'));
    const expiry = new Date((iat - 60 + 7 * 86400) * 1000).toISOString();
    assert.match(find(input, 'refresh-expiry')?.text ?? '', new RegExp(`last 7 days from sign-in.*expires around ${expiry.replace(/[.]/g, '\\.')}`));
    assert.equal(find({ ...input, lastError: lastError('NotAuthorizedException/refresh-token-expired') }, 'refresh-expiry')?.severity, 'cause');
  });

  void it('observed rotation against the configuration, both ways, and the session hint', () => {
    const off = client();
    const on = client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 } });
    assert.ok(ids({ session, client: off, history: [event({ rotated: true })] }).includes('rotated-although-off'));
    assert.ok(ids({ session: { ...session, observedRotation: true }, client: off }).includes('rotated-although-off'));
    assert.ok(!ids({ session, client: on, history: [event({ rotated: true })] }).includes('rotated-although-off'));
    assert.ok(ids({ session, client: on, history: [event({ rotated: false })] }).includes('no-rotation-although-on'));
    assert.ok(!ids({ session, client: on, history: [event({ rotated: false, operation: 'InitiateAuth' })] }).includes('no-rotation-although-on'));
    assert.ok(!ids({ session, client: on, history: [event({ rotated: false }), event({ rotated: true })] }).includes('no-rotation-although-on'), 'rotation seen since');
    assert.match(
      find({ session: { ...session, rotationHint: { enabled: true, graceSeconds: 0 } }, client: on }, 'rotation-hint-differs')?.text ?? '',
      /session says rotation is on with a 0 s grace period, but this client has it on with a 30 s grace period/,
    );
  });

  void it('client secret mismatches', () => {
    assert.equal(find({ session, client: client({ ClientSecret: 'shh' }), sessionHasClientSecret: false, lastError: lastError('NotAuthorizedException/client-secret-missing') }, 'secret-missing')?.severity, 'cause');
    assert.ok(ids({ session, client: client(), sessionHasClientSecret: true }).includes('secret-not-needed'));
    assert.ok(!JSON.stringify(explainConfiguration({ session, client: client({ ClientSecret: 'shh-secret-value' }), sessionHasClientSecret: false })).includes('shh-secret-value'));
  });

  void it('trigger, tracking and revocation context', () => {
    const input: ConfigExplainInput = {
      session,
      client: client({ EnableTokenRevocation: false }),
      pool: pool({ LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: 'arn:aws:lambda:x' } } }),
      poolSessions: { tracking: 'DISABLED' },
      lastError: lastError('UnsupportedOperationException', 'RevokeToken'),
    };
    assert.deepEqual(ids(input), ['revocation-off', 'pre-token-trigger', 'tracking-off']);
    assert.match(find(input, 'pre-token-trigger')?.text ?? '', /V2_0.*access token claims/);
  });

  void it('never throws on odd input (fast-check)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (a, b, c) => {
        const r = explainConfiguration({ session: a, client: b, pool: c, history: a } as unknown as ConfigExplainInput);
        assert.ok(Array.isArray(r));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
