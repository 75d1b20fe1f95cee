// The refresh token's absolute end kept with each refresh (issue 11, item 3): the sign-in
// (auth_time) plus the app client's refresh token validity when known, and its wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRefreshTokenEnd, refreshTokenEnd, refreshTokenEndSource, refreshTokenEndText, roughDuration, validityText } from '../../../src/core/token/diff';

const DAY = 86400;
const authTime = Date.UTC(2026, 10, 30, 12, 0, 0) / 1000;

describe('refreshTokenEnd', () => {
  it('sign-in from auth_time + a known validity: the end as an ISO instant, with its basis', () => {
    const end = refreshTokenEnd([{ auth_time: authTime, exp: authTime + 3600 }], { seconds: 30 * DAY, source: 'client-configuration' });
    assert.deepEqual(end, {
      signInAt: '2026-11-30T12:00:00Z',
      validitySeconds: 30 * DAY,
      validitySource: 'client-configuration',
      endsAt: '2026-12-30T12:00:00Z',
    });
  });

  it('unknown validity: the sign-in only, no end', () => {
    assert.deepEqual(refreshTokenEnd([{ auth_time: authTime }]), { signInAt: '2026-11-30T12:00:00Z' });
    for (const seconds of [0, -5, 1.5, Number.NaN, 3651 * DAY]) {
      assert.deepEqual(refreshTokenEnd([{ auth_time: authTime }], { seconds, source: 'sandbox' }), { signInAt: '2026-11-30T12:00:00Z' }, String(seconds));
    }
  });

  it('the first claim set with a usable auth_time wins (new tokens first, then the previous ones: kept across refreshes)', () => {
    const end = refreshTokenEnd([undefined, { exp: 1 }, { auth_time: 'yesterday' }, { auth_time: authTime }, { auth_time: authTime + 99 }], { seconds: 3600, source: 'sandbox' });
    assert.equal(end?.signInAt, '2026-11-30T12:00:00Z');
    assert.equal(end?.endsAt, '2026-11-30T13:00:00Z');
  });

  it('no auth_time anywhere: undefined; never throws', () => {
    assert.equal(refreshTokenEnd([]), undefined);
    assert.equal(refreshTokenEnd([{ sub: 'x' }, undefined]), undefined);
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } }) as Record<string, unknown>;
    assert.equal(refreshTokenEnd([hostile]), undefined);
  });
});

describe('describeRefreshTokenEnd', () => {
  const end = refreshTokenEnd([{ auth_time: authTime }], { seconds: 30 * DAY, source: 'client-configuration' })!;

  it('"refresh token ends in about 29 days (sign-in 1 day ago + 30 days validity)"', () => {
    assert.equal(describeRefreshTokenEnd(end, (authTime + DAY) * 1000), 'refresh token ends in about 29 days (sign-in 1 day ago + 30 days validity)');
    assert.equal(refreshTokenEndSource(end), "from the app client's configuration");
  });

  it('past the end: "ended about 2 days ago"', () => {
    assert.equal(describeRefreshTokenEnd(end, (authTime + 32 * DAY) * 1000), 'refresh token ended about 2 days ago (sign-in 32 days ago + 30 days validity)');
  });

  it('unknown validity says so', () => {
    const unknown = refreshTokenEnd([{ auth_time: authTime }])!;
    assert.equal(describeRefreshTokenEnd(unknown, (authTime + 3 * 3600) * 1000), 'refresh token end unknown: sign-in 3 hours ago, validity unknown');
    assert.equal(refreshTokenEndSource(unknown), undefined);
  });

  it('validity and rough durations', () => {
    assert.equal(validityText(30 * DAY), '30 days');
    assert.equal(validityText(DAY), '1 day');
    assert.equal(validityText(36 * 3600), '36 hours');
    assert.equal(validityText(90 * 60), '90 minutes');
    assert.equal(validityText(61), '61 seconds');
    assert.equal(roughDuration(40), '40 seconds');
    assert.equal(roughDuration(12 * 60), '12 minutes');
    assert.equal(roughDuration(5 * 3600 + 100), '5 hours');
    assert.equal(roughDuration(29 * DAY + 3600), '29 days');
    assert.equal(roughDuration(3 * 365 * DAY), '3 years');
  });
});

describe('refreshTokenEndText (tooltip and timeline)', () => {
  it('the sentence, the source, and the end as local time with UTC beside it', () => {
    const end = refreshTokenEnd([{ auth_time: authTime }], { seconds: 30 * DAY, source: 'client-configuration' })!;
    assert.equal(
      refreshTokenEndText(end, (authTime + DAY) * 1000, 60),
      "Refresh token ends in about 29 days (sign-in 1 day ago + 30 days validity, from the app client's configuration): 2026-12-30 13:00:00 (local, UTC+01:00) · 12:00:00 UTC",
    );
  });

  it('unknown validity: the sign-in instant instead', () => {
    const end = refreshTokenEnd([{ auth_time: authTime }])!;
    assert.equal(
      refreshTokenEndText(end, (authTime + DAY) * 1000, 0),
      'Refresh token end unknown: sign-in 1 day ago, validity unknown; signed in 2026-11-30 12:00:00 UTC',
    );
  });
});
