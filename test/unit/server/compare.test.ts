import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareTokens, type FindingId, type TokenComparison } from '../../../src/core/server/compare';
import {
  accessTokenClaims,
  CLIENT_ID,
  createSigningKey,
  FIXED_NOW_S,
  idTokenClaims,
  refreshTokenJwe,
  signToken,
  unsecuredToken,
  type SigningKey,
} from '../../fixtures/tokens/factory';

const ids = (c: TokenComparison): FindingId[] => c.findings.map((f) => f.id);
const text = (c: TokenComparison, id: FindingId): string => c.findings.find((f) => f.id === id)?.text ?? '';

let k1: SigningKey;
let k2: SigningKey;
before(async () => {
  k1 = await createSigningKey('kid-1');
  k2 = await createSigningKey('kid-2');
});

void describe('compareTokens', () => {
  void it('a refresh: same sign-in, groups changed only after the refresh, the second newer', () => {
    const a = unsecuredToken(idTokenClaims({ groups: ['developers'] }));
    const b = unsecuredToken(idTokenClaims({ groups: ['developers', 'admins'], iat: FIXED_NOW_S, extra: { auth_time: FIXED_NOW_S - 660 } }));
    const c = compareTokens(a, b);
    assert.deepEqual(ids(c), ['same-sign-in', 'groups-changed', 'newer']);
    assert.match(text(c, 'groups-changed'), /\+admins/);
    assert.match(text(c, 'groups-changed'), /only after a refresh or a new sign-in/);
    assert.match(text(c, 'newer'), /second token was issued 10 min later/);
    assert.equal(c.a.kind, 'id');
    assert.equal(c.b.clientId, CLIENT_ID);
  });

  void it('a new sign-in: different origin_jti and auth_time changed', () => {
    const a = unsecuredToken(idTokenClaims());
    const b = unsecuredToken(idTokenClaims({ iat: FIXED_NOW_S, extra: { origin_jti: 'origin-2' } }));
    const c = compareTokens(a, b);
    assert.ok(ids(c).includes('different-sign-in'));
    assert.match(text(c, 'auth-time-changed'), /changes only on a new sign-in, never on a refresh/);
  });

  void it('a pre-token-generation trigger: claims that Cognito does not issue', () => {
    const a = unsecuredToken(accessTokenClaims());
    const b = unsecuredToken(accessTokenClaims({ extra: { tenant: 'acme', scope: 'aws.cognito.signin.user.admin openid email api/read' } }));
    const c = compareTokens(a, b);
    assert.match(text(c, 'trigger-claims'), /added \(tenant\).*V1_0 changes ID tokens only; V2_0 also access tokens/);
    assert.match(text(c, 'scope-changed'), /\+api\/read/);
  });

  void it('attributes: updates appear after a refresh', () => {
    const a = unsecuredToken(idTokenClaims());
    const b = unsecuredToken(idTokenClaims({ extra: { email: 'new@example.com', 'custom:tier': 'pro' } }));
    assert.match(text(compareTokens(a, b), 'attributes-changed'), /custom:tier, email/);
    assert.ok(!ids(compareTokens(a, b)).includes('trigger-claims'), 'custom: attributes are not trigger claims');
  });

  void it('an ID token against an access token, another client and another user', () => {
    const a = unsecuredToken(idTokenClaims());
    const b = unsecuredToken(accessTokenClaims({ clientId: 'other-client', extra: { sub: 'someone-else' } }));
    const c = compareTokens(a, b);
    for (const id of ['different-kind', 'different-client', 'different-user'] as const) assert.ok(ids(c).includes(id), id);
    assert.ok(!ids(c).includes('trigger-claims'), 'kind differences are not blamed on a trigger');
  });

  void it('issuer and signing key differences come from the header and iss', async () => {
    const a = await signToken(k1, idTokenClaims());
    const b = await signToken(k2, idTokenClaims({ issuer: 'http://127.0.0.1:9229/local_pool' }));
    const c = compareTokens(a, b);
    assert.deepEqual(c.header, [{ field: 'kid', before: 'kid-1', after: 'kid-2' }]);
    assert.ok(ids(c).includes('key-changed'));
    assert.match(text(c, 'different-issuer'), /127\.0\.0\.1:9229/);
  });

  void it('the same token twice', () => {
    const t = unsecuredToken(idTokenClaims());
    assert.deepEqual(ids(compareTokens(t, t)), ['same-sign-in', 'identical-claims']);
  });

  void it('a refresh token (JWE) and garbage', async () => {
    const jwe = await refreshTokenJwe();
    const c = compareTokens(jwe, await refreshTokenJwe());
    assert.deepEqual(ids(c), ['encrypted']);
    assert.equal(c.a.kind, 'refresh');
    assert.deepEqual(ids(compareTokens('nope', jwe)), ['not-comparable']);
    assert.match(text(compareTokens(undefined, 'x'), 'not-comparable'), /^Neither input/);
  });

  void it('never throws; nothing long in the result (fast-check)', () => {
    const tok = fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.anything()).map((x) => unsecuredToken(x)), fc.constant(undefined));
    fc.assert(
      fc.property(tok, tok, (x, y) => {
        const c = compareTokens(x, y);
        JSON.stringify(c);
        assert.ok(Array.isArray(c.findings));
      }),
      { numRuns: 300, seed: 7 },
    );
    const longIssuer = `https://${'a'.repeat(5000)}`;
    const c = compareTokens(unsecuredToken(idTokenClaims()), unsecuredToken(idTokenClaims({ issuer: longIssuer })));
    assert.ok(!JSON.stringify(c).includes('a'.repeat(200)));
  });
});
