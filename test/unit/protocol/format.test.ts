// Time wording shared by the core and the webview (src/shared/format.ts).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRelative as coreRelative } from '../../../src/core/token/index';
import { expiryPhrase, formatDuration, formatLatency, formatRelative, relativeTo } from '../../../src/shared/format';

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
