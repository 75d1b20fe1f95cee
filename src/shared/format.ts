// Time wording shared by the core (src/core/token/time.ts re-exports formatRelative and
// formatDuration) and the webview, which re-renders relative times as the clock moves and
// cannot import the core.

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** A positive duration in seconds as "45 s", "12 min", "1 h 5 min", "2 d 3 h", "3 y". */
export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < MINUTE) return `${s} s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)} min`;
  if (s < DAY) return withRemainder(Math.floor(s / HOUR), 'h', Math.floor((s % HOUR) / MINUTE), 'min');
  if (s < YEAR) return withRemainder(Math.floor(s / DAY), 'd', Math.floor((s % DAY) / HOUR), 'h');
  return `${Math.floor(s / YEAR)} y`;
}

function withRemainder(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/** "in 12 min" for a future delta, "3 h ago" for a past one, "now" within a second. */
export function formatRelative(deltaSeconds: number): string {
  if (typeof deltaSeconds !== 'number' || !Number.isFinite(deltaSeconds)) return 'unknown';
  const magnitude = Math.abs(deltaSeconds);
  if (magnitude < 1) return 'now';
  const amount = formatDuration(magnitude);
  return deltaSeconds > 0 ? `in ${amount}` : `${amount} ago`;
}

/** Relative time of an epoch-seconds instant (fractions allowed) from `nowMs`, to the nearest second. */
export function relativeTo(epochSeconds: number, nowMs: number): string {
  return formatRelative(Math.round(epochSeconds - nowMs / 1000));
}

/** "120 ms", "1.4 s". */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "in 12 min" / "expired 3 h ago" for an expiry, from `nowMs`. */
export function expiryPhrase(expiresAtMs: number, nowMs: number): string {
  const delta = Math.round((expiresAtMs - nowMs) / 1000);
  return delta > 0 ? `expires ${formatRelative(delta)}` : `expired ${formatRelative(delta)}`;
}
