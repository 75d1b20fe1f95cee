// Time wording shared by the core and the webview (src/shared/format.ts).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { formatRelative as coreRelative } from '../../../src/core/token/index';
import {
  expiryPhrase,
  formatDuration,
  formatEpochLocalAndUtc,
  formatLatency,
  formatLocalAndUtc,
  formatRelative,
  formatUtcOffset,
  relativeTo,
} from '../../../src/shared/format';

test('the core exports the very formatter the webview uses', () => {
  assert.equal(coreRelative, formatRelative);
});

test('durations and relative times, unit by unit', () => {
  assert.equal(formatRelative(0.4), 'now');
  assert.equal(formatRelative(NaN), 'unknown');
  assert.equal(formatRelative(45), 'in 45 s');
  assert.equal(formatRelative(-45), '45 s ago');
  assert.equal(formatDuration(59), '59 s');
  assert.equal(formatDuration(60), '1 min');
  // Truncated, so the time left is never overstated.
  assert.equal(formatDuration(3599), '59 min');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(3661), '1 h 1 min');
  assert.equal(formatDuration(90_000), '1 d 1 h');
  assert.equal(formatDuration(31_536_000), '1 y');
});

test('relative phrases from a clock', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  assert.equal(relativeTo(now / 1000 + 720, now), 'in 12 min');
  assert.equal(relativeTo(now / 1000 - 3 * 3600, now), '3 h ago');
  assert.equal(expiryPhrase(now + 720_000, now), 'expires in 12 min');
  assert.equal(expiryPhrase(now - 3 * 3600_000, now), 'expired 3 h ago');
  assert.equal(formatLatency(120.4), '120 ms');
  assert.equal(formatLatency(1430), '1.4 s');
  assert.equal(formatLatency(-1), '?');
});

// ───────────── local time with UTC beside it (issue 7 item 22) ─────────────

test('an instant reads as local time with its offset, and UTC beside it', () => {
  const ms = Date.UTC(2026, 11, 1, 13, 5, 9);
  assert.equal(formatLocalAndUtc(ms, 60), '2026-12-01 14:05:09 (local, UTC+01:00) · 13:05:09 UTC');
  assert.equal(formatLocalAndUtc(ms, -330), '2026-12-01 07:35:09 (local, UTC-05:30) · 13:05:09 UTC');
  assert.equal(formatLocalAndUtc(ms, 0), '2026-12-01 13:05:09 UTC');
  // Across midnight the UTC part carries its own date.
  const late = Date.UTC(2026, 10, 30, 23, 30, 0);
  assert.equal(formatLocalAndUtc(late, 60), '2026-12-01 00:30:00 (local, UTC+01:00) · 2026-11-30 23:30:00 UTC');
  assert.equal(formatEpochLocalAndUtc(ms / 1000, 60), '2026-12-01 14:05:09 (local, UTC+01:00) · 13:05:09 UTC');
  assert.equal(formatUtcOffset(345), 'UTC+05:45');
  assert.equal(formatLocalAndUtc(NaN, 60), 'unknown time');
  assert.equal(formatLocalAndUtc(1e300, 60), 'unknown time');
});

test('without an offset it uses the zone of the process (TZ set in a child)', () => {
  const script = [
    "const { formatLocalAndUtc } = require('./src/shared/format.ts');",
    'process.stdout.write(JSON.stringify([formatLocalAndUtc(Date.UTC(2026, 11, 1, 13, 5, 9)), formatLocalAndUtc(Date.UTC(2026, 6, 1, 13, 5, 9))]));',
  ].join('\n');
  const run = (tz: string): string[] => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as string[];
  };
  // Berlin: UTC+01:00 in winter, UTC+02:00 in summer (the offset of that instant, not of today).
  assert.deepEqual(run('Europe/Berlin'), ['2026-12-01 14:05:09 (local, UTC+01:00) · 13:05:09 UTC', '2026-07-01 15:05:09 (local, UTC+02:00) · 13:05:09 UTC']);
  assert.deepEqual(run('America/New_York'), ['2026-12-01 08:05:09 (local, UTC-05:00) · 13:05:09 UTC', '2026-07-01 09:05:09 (local, UTC-04:00) · 13:05:09 UTC']);
  assert.deepEqual(run('UTC'), ['2026-12-01 13:05:09 UTC', '2026-07-01 13:05:09 UTC']);
});
