import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeTokenSize, tokenSize, utf8Bytes } from '../../../src/core/token/size';
import { idTokenClaims, unsecuredToken } from '../../fixtures/tokens/factory';

const groups = (n: number): string[] => Array.from({ length: n }, (_, i) => `team-${String(i).padStart(4, '0')}-readers`);

void describe('tokenSize', () => {
  void it('a normal ID token is ok everywhere', () => {
    const t = unsecuredToken(idTokenClaims());
    const s = tokenSize(t);
    assert.equal(s.bytes, t.length);
    assert.equal(s.authorizationHeaderBytes, 'Authorization: Bearer '.length + t.length);
    assert.equal(s.level, 'ok');
    assert.deepEqual(s.warnings, []);
  });

  void it('many groups: over the 8 KB header limits, cognito:groups named as the largest claim', () => {
    const t = unsecuredToken(idTokenClaims({ groups: groups(350) }));
    assert.ok(t.length > 8192 && t.length < 10240, `fixture size ${t.length}`);
    const s = tokenSize(t);
    assert.equal(s.level, 'exceeded');
    const exceeded = s.warnings.filter((w) => w.level === 'exceeded').map((w) => w.limit.id).sort();
    assert.deepEqual(exceeded, ['alb-header', 'cloudfront-header', 'nginx']);
    assert.equal(s.checks.find((c) => c.limit.id === 'api-gateway')?.level, 'near');
    assert.ok(!s.warnings.some((w) => w.limit.id === 'headers-total'));
    assert.equal(s.largestClaim?.claim, 'cognito:groups');
    assert.ok((s.largestClaim?.share ?? 0) > 0.8);
    assert.match(describeTokenSize(s), /^[\d,]+ bytes; over .* by [\d,]+ bytes; cognito:groups takes [\d,]+ bytes \(\d+%\)$/);
  });

  void it('near: 80 % of a limit', () => {
    let n = 200;
    let t = unsecuredToken(idTokenClaims({ groups: groups(n) }));
    while ('Authorization: Bearer '.length + t.length < 8192 * 0.8) t = unsecuredToken(idTokenClaims({ groups: groups(++n) }));
    const s = tokenSize(t);
    assert.equal(s.level, 'near');
    assert.equal(s.warnings[0]?.level, 'near');
  });

  void it('the total limits count the other headers sent with it', () => {
    const t = unsecuredToken(idTokenClaims({ groups: groups(100) }));
    assert.equal(tokenSize(t).checks.find((c) => c.limit.id === 'headers-total')?.level, 'ok');
    const s = tokenSize(t, { otherHeaderBytes: 15000 });
    assert.equal(s.checks.find((c) => c.limit.id === 'headers-total')?.level, 'exceeded');
    assert.equal(s.checks.find((c) => c.limit.id === 'cloudfront-header')?.level, 'ok');
  });

  void it('UTF-8 bytes, not characters', () => {
    assert.equal(utf8Bytes('aé漢🙂'), 1 + 2 + 3 + 4);
    assert.equal(utf8Bytes('\ud800x'), 3 + 1);
  });

  void it('garbage and JWE: a size, no largest claim, never throws (fast-check)', () => {
    assert.equal(tokenSize('not a token').largestClaim, undefined);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.anything()).map((c) => unsecuredToken(c))), (x) => {
        const s = tokenSize(x);
        assert.ok(Number.isInteger(s.bytes) && s.bytes >= 0);
        assert.equal(typeof describeTokenSize(s), 'string');
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});
