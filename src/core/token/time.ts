/**
 * Time claims (RFC 7519 NumericDate: seconds since the epoch) read against a
 * clock, with a skew tolerance. The rules are documented on `Validity`.
 */
import { DEFAULT_CLOCK_SKEW_SECONDS, MAX_CLOCK_SKEW_SECONDS } from './limits';
import type { TimeClaim, TimeClaimName, Validity } from './types';
import { formatDuration, formatRelative } from '../../shared/format';

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

/** Validity of the claims at `clock` (rules on the `Validity` type). Builds one object, no spreads: it runs on every hover. */
export function assessValidity(payload: Record<string, unknown> | undefined, clock: Clock): Validity {
  const skew = clock.skewSeconds;
  if (payload === undefined) return { state: 'unknown', withinSkew: false, clockSkewSeconds: skew };

  const now = clock.nowMs / 1000;
  const rawExp = payload.exp;
  const rawNbf = payload.nbf;
  const rawIat = payload.iat;
  const exp = numericDate(rawExp);
  const nbf = numericDate(rawNbf);
  const iat = numericDate(rawIat);
  if ((rawExp !== undefined && exp === undefined) || (rawNbf !== undefined && nbf === undefined) || (rawIat !== undefined && iat === undefined)) {
    return { state: 'unknown', withinSkew: false, clockSkewSeconds: skew };
  }

  const result: Validity = { state: 'valid', withinSkew: false, clockSkewSeconds: skew };
  if (exp !== undefined) {
    result.expiresAt = exp * 1000;
    result.secondsLeft = Math.round(exp - Math.floor(now));
    if (now >= exp + skew) {
      result.state = 'expired';
      return result;
    }
    if (now >= exp) result.withinSkew = true;
  }

  // The token starts being valid at the later of nbf and iat (a future iat only means a clock is off).
  const validFrom = nbf === undefined ? iat : iat === undefined ? nbf : Math.max(nbf, iat);
  if (validFrom !== undefined) {
    if (validFrom > now + skew) {
      result.withinSkew = false;
      result.validFrom = validFrom * 1000;
      result.state = 'not-yet-valid';
      return result;
    }
    if (validFrom > now) result.withinSkew = true;
  }
  if (exp === undefined) result.state = 'no-expiry';
  return result;
}

// The wording of relative times is shared with the webview, which cannot import the core.
export { formatDuration, formatRelative };
