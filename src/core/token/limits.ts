/**
 * Bounds that keep every operation in the token engine linear and predictable,
 * whatever the input. One place, so the scanner, the decoder and the tests agree.
 */

/**
 * Longest token (in UTF-16 code units) the engine accepts. Cognito ID tokens grow
 * with `cognito:groups` and custom claims; 32 KB ones exist in the wild (and
 * already break most 8 KB header limits). 64 KiB leaves room without letting a
 * single candidate cost unbounded work.
 */
export const MAX_TOKEN_LENGTH = 64 * 1024;

/** Longest protected-header segment worth decoding while scanning (Cognito's is ~90 chars). */
export const MAX_HEADER_SEGMENT_LENGTH = 8 * 1024;

/** Shortest header segment that can hold `{"alg":"…"}` once base64url-encoded. */
export const MIN_HEADER_SEGMENT_LENGTH = 14;

/** Default cap on the number of tokens `findTokens` returns. */
export const DEFAULT_MAX_TOKENS = 10_000;

/**
 * Default clock-skew tolerance for time checks, in seconds. Developers hit
 * "fresh token looks expired / not yet valid" when their clock drifts from
 * Cognito's; 60 s absorbs ordinary drift, and results that depend on it are
 * marked (`withinSkew`) so the UI can still say so. Pass 0 for strict RFC 7519.
 */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Largest skew accepted from options (one day); larger values are clamped. */
export const MAX_CLOCK_SKEW_SECONDS = 24 * 60 * 60;
