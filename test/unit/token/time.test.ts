import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, DEFAULT_CLOCK_SKEW_SECONDS, formatDuration, formatRelative, type DecodedToken } from '../../../src/core/token';
import { FIXED_NOW_MS, FIXED_NOW_S, unsecuredToken } from '../../fixtures/tokens/factory';

/** Decode claims at FIXED_NOW (an unsecured token is enough: time handling ignores the signature). */
function decodeAt(claims: Record<string, unknown>, options: { skew?: number; now?: number } = {}): DecodedToken {
  const result = decodeToken(unsecuredToken(claims), { now: options.now ?? FIXED_NOW_MS, clockSkewSeconds: options.skew });
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.token;
}

void describe('time claims', () => {
  void it('lists exp, iat, nbf and auth_time as ISO and relative, in a fixed order', () => {
    const token = decodeAt({ auth_time: FIXED_NOW_S - 3 * 3600, nbf: FIXED_NOW_S - 600, iat: FIXED_NOW_S - 600, exp: FIXED_NOW_S + 12 * 60 });
    assert.deepEqual(token.times, [
      { claim: 'exp', epochSeconds: FIXED_NOW_S + 720, iso: '2025-06-01T12:12:00.000Z', relative: 'in 12 min', deltaSeconds: 720 },
      { claim: 'iat', epochSeconds: FIXED_NOW_S - 600, iso: '2025-06-01T11:50:00.000Z', relative: '10 min ago', deltaSeconds: -600 },
      { claim: 'nbf', epochSeconds: FIXED_NOW_S - 600, iso: '2025-06-01T11:50:00.000Z', relative: '10 min ago', deltaSeconds: -600 },
      { claim: 'auth_time', epochSeconds: FIXED_NOW_S - 10800, iso: '2025-06-01T09:00:00.000Z', relative: '3 h ago', deltaSeconds: -10800 },
    ]);
  });

  void it('skips values that are not usable NumericDates instead of throwing', () => {
    const token = decodeAt({ exp: '1748782200', iat: 1e300, nbf: null, auth_time: Number.MAX_SAFE_INTEGER });
    assert.deepEqual(token.times, []);
    assert.equal(token.validity.state, 'unknown');
  });
});

void describe('validity with a fixed now and clock skew', () => {
  void it('valid, with seconds left and the expiry in ms', () => {
    const v = decodeAt({ iat: FIXED_NOW_S - 600, exp: FIXED_NOW_S + 3000 }).validity;
    assert.deepEqual(v, {
      state: 'valid',
      expiresAt: (FIXED_NOW_S + 3000) * 1000,
      secondsLeft: 3000,
      withinSkew: false,
      clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
    });
  });

  void it('exp a few seconds ago: still valid within the skew, and marked', () => {
    const v = decodeAt({ exp: FIXED_NOW_S - 20 }).validity;
    assert.equal(v.state, 'valid');
    assert.equal(v.withinSkew, true);
    assert.equal(v.secondsLeft, -20);
  });

  void it('exp exactly at now is expired without tolerance (RFC 7519: valid strictly before exp)', () => {
    assert.equal(decodeAt({ exp: FIXED_NOW_S }, { skew: 0 }).validity.state, 'expired');
    assert.equal(decodeAt({ exp: FIXED_NOW_S + 1 }, { skew: 0 }).validity.state, 'valid');
  });

  void it('exp beyond the skew: expired', () => {
    const v = decodeAt({ exp: FIXED_NOW_S - 61 }).validity;
    assert.equal(v.state, 'expired');
    assert.equal(v.withinSkew, false);
    assert.equal(decodeAt({ exp: FIXED_NOW_S - 20 }, { skew: 10 }).validity.state, 'expired');
  });

  void it('nbf or iat in the future beyond the skew: not yet valid, with validFrom', () => {
    const nbf = decodeAt({ nbf: FIXED_NOW_S + 120, exp: FIXED_NOW_S + 3600 }).validity;
    assert.equal(nbf.state, 'not-yet-valid');
    assert.equal(nbf.validFrom, (FIXED_NOW_S + 120) * 1000);
    const iat = decodeAt({ iat: FIXED_NOW_S + 300, exp: FIXED_NOW_S + 3900 }).validity;
    assert.equal(iat.state, 'not-yet-valid');
  });

  void it('nbf or iat slightly in the future: valid, marked as within skew', () => {
    const v = decodeAt({ iat: FIXED_NOW_S + 30, exp: FIXED_NOW_S + 3630 }).validity;
    assert.equal(v.state, 'valid');
    assert.equal(v.withinSkew, true);
    assert.equal(decodeAt({ iat: FIXED_NOW_S + 30, exp: FIXED_NOW_S + 3630 }, { skew: 0 }).validity.state, 'not-yet-valid');
  });

  void it('expired wins over not-yet-valid', () => {
    assert.equal(decodeAt({ iat: FIXED_NOW_S + 3600, exp: FIXED_NOW_S - 3600 }).validity.state, 'expired');
  });

  void it('no exp: no-expiry', () => {
    assert.equal(decodeAt({ iat: FIXED_NOW_S - 10 }).validity.state, 'no-expiry');
  });

  void it('bad options fall back to defaults; skew is clamped at 0', () => {
    const v = decodeAt({ exp: FIXED_NOW_S - 20 }, { skew: -5 }).validity;
    assert.equal(v.clockSkewSeconds, 0);
    assert.equal(v.state, 'expired');
    assert.equal(decodeAt({ exp: FIXED_NOW_S - 20 }, { skew: Number.NaN }).validity.clockSkewSeconds, DEFAULT_CLOCK_SKEW_SECONDS);
    const farFuture = Math.floor(Date.now() / 1000) + 3600;
    assert.equal(decodeAt({ exp: farFuture }, { now: Number.NaN }).validity.state, 'valid', 'NaN now means the real clock');
  });
});

void describe('formatRelative', () => {
  const cases: Array<[number, string]> = [
    [0, 'now'],
    [0.4, 'now'],
    [1, 'in 1 s'],
    [-45, '45 s ago'],
    [59.9, 'in 59 s'],
    [60, 'in 1 min'],
    [12 * 60 + 59, 'in 12 min'],
    [-3 * 3600, '3 h ago'],
    [3600 + 5 * 60, 'in 1 h 5 min'],
    [3599, 'in 59 min'],
    [-(2 * 86400 + 3 * 3600 + 59), '2 d 3 h ago'],
    [30 * 86400, 'in 30 d'],
    [3 * 365 * 86400 + 100, 'in 3 y'],
    [Number.NaN, 'unknown'],
    [Number.POSITIVE_INFINITY, 'unknown'],
  ];
  for (const [delta, text] of cases) {
    void it(`${delta} -> ${text}`, () => assert.equal(formatRelative(delta), text));
  }

  void it('formatDuration is the unsigned building block', () => {
    assert.equal(formatDuration(60), '1 min');
    assert.equal(formatDuration(90061), '1 d 1 h');
  });
});
