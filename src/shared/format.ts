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

// ─────────────────────────────── local time with UTC beside it ───────────────────────────────

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2026-12-01" and "14:05:09" of a Date's UTC fields (callers shift it first for local time). */
function utcParts(d: Date): { date: string; time: string } {
  return {
    date: `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`,
    time: `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`,
  };
}

/** "UTC+01:00", "UTC-05:30", "UTC+00:00". */
export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const m = Math.abs(Math.round(offsetMinutes));
  return `UTC${sign}${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

/** The local zone's offset from UTC at `ms`, in minutes east of Greenwich (UTC+01:00 is 60). */
export function localOffsetMinutes(ms: number): number {
  const offset = -new Date(ms).getTimezoneOffset();
  return Number.isFinite(offset) ? offset + 0 : 0;
}

/**
 * An instant as local time with UTC beside it:
 * "2026-12-01 14:05:09 (local, UTC+01:00) · 13:05:09 UTC". The UTC part repeats its date when
 * the two dates differ ("2026-12-01 00:30:00 (local, UTC+01:00) · 2026-11-30 23:30:00 UTC"); in
 * a zone at UTC+00:00 it is one time, "2026-12-01 13:05:09 UTC". `offsetMinutes` defaults to the
 * zone of the process (the webview's: the browser's), so tests can pass a fixed one.
 * Anything that is not a representable instant is "unknown time".
 */
export function formatLocalAndUtc(ms: number, offsetMinutes: number = localOffsetMinutes(ms)): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return 'unknown time';
  const utc = utcParts(new Date(ms));
  const offset = Number.isFinite(offsetMinutes) ? Math.round(offsetMinutes) : 0;
  if (offset === 0) return `${utc.date} ${utc.time} UTC`;
  const shifted = ms + offset * 60_000;
  if (Math.abs(shifted) > 8.64e15) return `${utc.date} ${utc.time} UTC`;
  const local = utcParts(new Date(shifted));
  const utcText = local.date === utc.date ? `${utc.time} UTC` : `${utc.date} ${utc.time} UTC`;
  return `${local.date} ${local.time} (local, ${formatUtcOffset(offset)}) · ${utcText}`;
}

/** The same for epoch seconds (a NumericDate claim). */
export function formatEpochLocalAndUtc(epochSeconds: number, offsetMinutes?: number): string {
  const ms = epochSeconds * 1000;
  return offsetMinutes === undefined ? formatLocalAndUtc(ms) : formatLocalAndUtc(ms, offsetMinutes);
}
