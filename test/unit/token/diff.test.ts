import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  describeClaimChange,
  diffTokens,
  MAX_CHANGES,
  SUMMARY_MAX,
  type ClaimChange,
  type TokenDiff,
} from '../../../src/core/token/diff';
import { accessTokenClaims, FIXED_NOW_S, idTokenClaims, unsecuredToken } from '../../fixtures/tokens/factory';

function find(diff: TokenDiff, claim: string): ClaimChange | undefined {
  return diff.changes.find((c) => c.claim === claim);
}

void describe('diffTokens', () => {
  void it('a refresh of an ID token: new exp/iat with their shift, sign-in claims kept, jti not reported', () => {
    const a = unsecuredToken(idTokenClaims());
    const b = unsecuredToken(idTokenClaims({ iat: FIXED_NOW_S - 600 + 3600, extra: { jti: 'jti-id-5555' } }));
    const diff = diffTokens(a, b);
    const exp = find(diff, 'exp');
    assert.equal(exp?.kind, 'changed');
    assert.match(exp?.after ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(\+1 h\)$/);
    assert.equal(describeClaimChange(exp!), `new exp ${exp!.after}`);
    assert.equal(find(diff, 'iat')?.kind, 'changed');
    assert.equal(find(diff, 'jti'), undefined, 'jti changes on every issue and is noise');
    // auth_time moves with iat in the fixture; sub, origin_jti and event_id are kept
    for (const claim of ['sub', 'origin_jti', 'event_id']) assert.equal(find(diff, claim)?.kind, 'kept', claim);
    assert.equal(find(diff, 'email'), undefined, 'unchanged ordinary claims are not listed');
    assert.deepEqual(
      diff.changes.slice(0, 3).map((c) => c.claim),
      ['sub', 'auth_time', 'origin_jti'],
    );
  });

  void it('auth_time kept reads as an instant', () => {
    const claims = idTokenClaims();
    const diff = diffTokens(unsecuredToken(claims), unsecuredToken({ ...claims, exp: (claims.exp as number) + 60 }));
    const auth = find(diff, 'auth_time');
    assert.equal(auth?.kind, 'kept');
    assert.equal(auth?.before, new Date((claims.auth_time as number) * 1000).toISOString().replace('.000Z', 'Z'));
    assert.equal(describeClaimChange(auth!), `auth_time kept (${auth!.before})`);
  });

  void it('groups added and removed read as "+admins -beta"', () => {
    const a = unsecuredToken(idTokenClaims({ groups: ['beta', 'developers'] }));
    const b = unsecuredToken(idTokenClaims({ groups: ['admins', 'developers'] }));
    const groups = find(diffTokens(a, b), 'cognito:groups');
    assert.deepEqual(groups, { claim: 'cognito:groups', kind: 'changed', after: '+admins -beta' });
    assert.equal(describeClaimChange(groups!), 'cognito:groups +admins -beta');
  });

  void it('scope is a space-separated list', () => {
    const a = unsecuredToken(accessTokenClaims());
    const b = unsecuredToken(accessTokenClaims({ extra: { scope: 'aws.cognito.signin.user.admin openid profile' } }));
    assert.deepEqual(find(diffTokens(a, b), 'scope'), { claim: 'scope', kind: 'changed', after: '+profile -email' });
  });

  void it('a claim appears from nothing and another disappears', () => {
    const base = idTokenClaims();
    const noEmail: Record<string, unknown> = { ...base, 'custom:tier': 'pro' };
    delete noEmail.email;
    const diff = diffTokens(unsecuredToken(base), unsecuredToken(noEmail));
    assert.deepEqual(find(diff, 'custom:tier'), { claim: 'custom:tier', kind: 'added', after: 'pro' });
    assert.deepEqual(find(diff, 'email'), { claim: 'email', kind: 'removed', before: 'jdoe@example.com' });
    assert.equal(describeClaimChange(find(diff, 'custom:tier')!), 'added custom:tier = pro');
    assert.equal(describeClaimChange(find(diff, 'email')!), 'removed email (was jdoe@example.com)');
  });

  void it('a changed scalar: before and after', () => {
    const a = unsecuredToken(idTokenClaims({ extra: { 'custom:tier': 'free' } }));
    const b = unsecuredToken(idTokenClaims({ extra: { 'custom:tier': 'pro' } }));
    const c = find(diffTokens(a, b), 'custom:tier')!;
    assert.deepEqual(c, { claim: 'custom:tier', kind: 'changed', before: 'free', after: 'pro' });
    assert.equal(describeClaimChange(c), 'custom:tier free → pro');
  });

  void it('summaries stay short: long values, long lists, embedded tokens, long claim names', () => {
    const long = 'x'.repeat(5000);
    const embedded = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(200)}.${'b'.repeat(50)}`;
    const manyGroups = Array.from({ length: 200 }, (_, i) => `group-number-${i}`);
    const a = unsecuredToken(idTokenClaims({ groups: [] }));
    const b = unsecuredToken(
      idTokenClaims({ groups: manyGroups, extra: { 'custom:blob': long, 'custom:tok': embedded, [long]: 1, nested: { a: long } } }),
    );
    const diff = diffTokens(a, b);
    for (const c of diff.changes) {
      assert.ok(c.claim.length <= SUMMARY_MAX, c.claim);
      for (const v of [c.before, c.after]) if (v !== undefined) assert.ok(v.length <= SUMMARY_MAX, `${c.claim}: ${v}`);
    }
    assert.equal(find(diff, 'custom:tok')?.after, `(a token, ${embedded.length} chars)`);
    assert.ok(!JSON.stringify(diff).includes(embedded.slice(0, 30)), 'no token text in the diff');
    const groups = find(diff, 'cognito:groups')!;
    assert.match(groups.after ?? '', /^\+group-number-0 .*… \(\d+ more\)$/);
  });

  void it('control and bidi characters become "?"', () => {
    const a = unsecuredToken(idTokenClaims({ extra: { 'custom:n': 'a' } }));
    const b = unsecuredToken(idTokenClaims({ extra: { 'custom:n': 'x\u202ey\u0000z\u200b' } }));
    assert.equal(find(diffTokens(a, b), 'custom:n')?.after, 'x?y?z?');
  });

  void it('at most MAX_CHANGES changes, the rest counted', () => {
    const extra: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) extra[`custom:c${String(i).padStart(3, '0')}`] = i;
    const diff = diffTokens(unsecuredToken(idTokenClaims()), unsecuredToken(idTokenClaims({ extra })));
    assert.equal(diff.changes.length, MAX_CHANGES);
    assert.equal((diff.omitted ?? 0) + diff.changes.length, 100 + 4 /* sub, auth_time, origin_jti, event_id kept */);
  });

  void it('not a JWT on either side, or a missing side: empty diff', () => {
    const good = unsecuredToken(idTokenClaims());
    for (const [x, y] of [
      [undefined, good],
      [good, undefined],
      ['garbage', good],
      [good, 'a.b.c'],
      ['eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d', good],
    ] as const) {
      assert.deepEqual(diffTokens(x, y), { changes: [] });
    }
  });

  void it('identical tokens: only the kept claims', () => {
    const t = unsecuredToken(idTokenClaims());
    assert.deepEqual(
      diffTokens(t, t).changes.map((c) => `${c.claim}:${c.kind}`),
      ['sub:kept', 'auth_time:kept', 'origin_jti:kept', 'event_id:kept'],
    );
  });

  void it('never throws, always serializable and short (fast-check)', () => {
    const claimValue = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.array(fc.anything()),
      fc.object(),
    );
    const claims = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('exp', 'iat', 'scope', 'cognito:groups', 'sub', '__proto__')), claimValue);
    const tokenish = fc.oneof(
      claims.map((c) => unsecuredToken(c)),
      fc.string(),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(tokenish, tokenish, (x, y) => {
        const diff = diffTokens(x, y);
        const round = JSON.parse(JSON.stringify(diff)) as TokenDiff;
        assert.deepEqual(round, diff);
        assert.ok(diff.changes.length <= MAX_CHANGES);
        for (const c of diff.changes) {
          assert.ok(c.claim.length <= SUMMARY_MAX);
          if (c.before !== undefined) assert.ok(c.before.length <= SUMMARY_MAX);
          if (c.after !== undefined) assert.ok(c.after.length <= SUMMARY_MAX);
          assert.equal(typeof describeClaimChange(c), 'string');
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
