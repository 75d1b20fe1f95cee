/**
 * Time claims (RFC 7519 NumericDate: seconds since the epoch) read against a
 * clock, with a skew tolerance. The rules are documented on `Validity`.
 */
import { DEFAULT_CLOCK_SKEW_SECONDS, MAX_CLOCK_SKEW_SECONDS } from './limits';
import type { TimeClaim, TimeClaimName, Validity } from './types';

export interface Clock {
  /** ms since the epoch. */
  nowMs: number;
  skewSeconds: number;
}

/** Resolve `now`/`clockSkewSeconds` options, falling back on bad values instead of throwing. */
export function resolveClock(options: { now?: number; clockSkewSeconds?: number } | undefined): Clock {
  const now = options?.now;
  const skew = options?.clockSkewSeconds;
  return {
    nowMs: typeof now === 'number' && Number.isFinite(now) ? now : Date.now(),
    skewSeconds:
      typeof skew === 'number' && Number.isFinite(skew)
        ? Math.min(Math.max(skew, 0), MAX_CLOCK_SKEW_SECONDS)
        : DEFAULT_CLOCK_SKEW_SECONDS,
  };
}

const TIME_CLAIMS: readonly TimeClaimName[] = ['exp', 'iat', 'nbf', 'auth_time'];

/** Largest |ms| a JS Date can hold; beyond it `toISOString` throws. */
const MAX_DATE_MS = 8.64e15;

/** A claim value usable as a NumericDate, or undefined. */
export function numericDate(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.abs(value * 1000) <= MAX_DATE_MS ? value : undefined;
}

/** The time claims present in `payload` with a usable value, in a fixed order. */
export function readTimeClaims(payload: Record<string, unknown> | undefined, nowMs: number): TimeClaim[] {
  if (payload === undefined) return [];
  const nowSeconds = Math.floor(nowMs / 1000);
  const claims: TimeClaim[] = [];
  for (const claim of TIME_CLAIMS) {
    const epochSeconds = numericDate(payload[claim]);
    if (epochSeconds === undefined) continue;
    const deltaSeconds = Math.round(epochSeconds - nowSeconds);
    claims.push({
      claim,
      epochSeconds,
      iso: new Date(epochSeconds * 1000).toISOString(),
      relative: formatRelative(deltaSeconds),
      deltaSeconds,
    });
  }
  return claims;
}

/** Validity of the claims at `clock` (rules on the `Validity` type). */
export function assessValidity(payload: Record<string, unknown> | undefined, clock: Clock): Validity {
  const base = { withinSkew: false, clockSkewSeconds: clock.skewSeconds };
  if (payload === undefined) return { ...base, state: 'unknown' };

  const now = clock.nowMs / 1000;
  const skew = clock.skewSeconds;
  const exp = numericDate(payload.exp);
  const nbf = numericDate(payload.nbf);
  const iat = numericDate(payload.iat);
  const unusable = (name: 'exp' | 'nbf' | 'iat', parsed: number | undefined): boolean =>
    payload[name] !== undefined && parsed === undefined;
  if (unusable('exp', exp) || unusable('nbf', nbf) || unusable('iat', iat)) return { ...base, state: 'unknown' };

  const expiry =
    exp === undefined ? {} : { expiresAt: exp * 1000, secondsLeft: Math.round(exp - Math.floor(now)) };
  let withinSkew = false;

  if (exp !== undefined) {
    if (now >= exp + skew) return { ...base, ...expiry, state: 'expired' };
    if (now >= exp) withinSkew = true;
  }

  // The token starts being valid at the later of nbf and iat (a future iat only means a clock is off).
  const starts = [nbf, iat].filter((t): t is number => t !== undefined);
  const validFrom = starts.length > 0 ? Math.max(...starts) : undefined;
  if (validFrom !== undefined) {
    if (validFrom > now + skew) return { ...base, ...expiry, validFrom: validFrom * 1000, state: 'not-yet-valid' };
    if (validFrom > now) withinSkew = true;
  }

  return { ...base, ...expiry, withinSkew, state: exp === undefined ? 'no-expiry' : 'valid' };
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * "in 12 min" for a future delta, "3 h ago" for a past one, "now" within a
 * second. Whole units, truncated so remaining time is never overstated;
 * hours and days carry one smaller unit ("in 1 h 5 min", "2 d 3 h ago").
 */
export function formatRelative(deltaSeconds: number): string {
  if (typeof deltaSeconds !== 'number' || !Number.isFinite(deltaSeconds)) return 'unknown';
  const magnitude = Math.abs(deltaSeconds);
  if (magnitude < 1) return 'now';
  const amount = formatDuration(magnitude);
  return deltaSeconds > 0 ? `in ${amount}` : `${amount} ago`;
}

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
