/**
 * Public shapes of the token engine: what the scanner finds, what the decoder
 * returns, how a token is classified and how its time claims read. The VS Code
 * layer and the other core services code against these; extend, don't reshape.
 */

/** Compact serialisations: JWS (3 parts, signed) and JWE (5 parts, encrypted). */
export type TokenFormat = 'jws' | 'jwe';

/** A token located in a larger text. `raw === text.slice(start, end)`. */
export interface FoundToken {
  raw: string;
  /** Offset of the first character (UTF-16 code units). */
  start: number;
  /** Offset just past the last character (exclusive). */
  end: number;
  format: TokenFormat;
}

export interface FindTokensOptions {
  /** Stop after this many tokens (default `DEFAULT_MAX_TOKENS`). */
  maxTokens?: number;
}

export interface FindTokenAtOptions {
  /**
   * How far (UTF-16 code units) to look on each side of the offset. Defaults to
   * and is capped at `MAX_TOKEN_LENGTH`, so the work per call is bounded however
   * large the document is.
   */
  window?: number;
}

export interface ScanResult {
  tokens: FoundToken[];
  /** True when the scan stopped at `maxTokens` and more tokens may follow. */
  truncated: boolean;
}

export type TokenErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-a-jwt'
  | 'bad-base64'
  | 'bad-header-json'
  | 'bad-payload-json'
  | 'not-an-object'
  /** The header is JSON but lacks what the format needs (`alg`; `enc` for JWE). */
  | 'bad-header'
  /** A defect in this engine, caught so callers never see an exception. */
  | 'internal';

/** Which compact-serialisation part an error refers to. */
export type TokenPart =
  | 'header'
  | 'payload'
  | 'signature'
  | 'encrypted-key'
  | 'iv'
  | 'ciphertext'
  | 'tag';

export interface TokenError {
  code: TokenErrorCode;
  /** Human-readable; never contains the token or any part of it. */
  message: string;
  part?: TokenPart;
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; error: TokenError };

export interface DecodeOptions {
  /** Current time, ms since the epoch (default `Date.now()`). */
  now?: number;
  /** Tolerance for `exp`/`nbf`/`iat` checks, seconds (default `DEFAULT_CLOCK_SKEW_SECONDS`, 60). */
  clockSkewSeconds?: number;
}

export interface DecodedToken {
  /** The token as decoded: the input after trimming whitespace, a `Bearer ` prefix and wrapping quotes. */
  raw: string;
  format: TokenFormat;
  header: Record<string, unknown>;
  /** The claims; undefined for JWE, whose payload only the recipient can decrypt. */
  payload: Record<string, unknown> | undefined;
  /** `alg` is "none" (in any letter case): nothing vouches for the claims. */
  unsigned: boolean;
  /** The 3 (JWS) or 5 (JWE) base64url parts, for display. */
  segments: string[];
  cognito: CognitoClassification;
  /** The `exp`, `iat`, `nbf` and `auth_time` claims present, in that order. */
  times: TimeClaim[];
  validity: Validity;
}

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry' | 'unknown';

/**
 * The token's validity at `now`, allowing `clockSkewSeconds` either way:
 * - `expired`       now >= exp + skew (RFC 7519: the token is good strictly before `exp`).
 * - `not-yet-valid` nbf > now + skew, or iat > now + skew (a future `iat` means a clock is off).
 * - `no-expiry`     no `exp` claim (never the case for Cognito ID/access tokens).
 * - `unknown`       JWE (no readable claims) or an `exp`/`nbf`/`iat` that is not a usable number.
 * - `valid`         otherwise.
 * `expired` wins over `not-yet-valid` when both hold.
 */
export interface Validity {
  state: ValidityState;
  /** `exp` in ms since the epoch (same unit as `DecodeOptions.now`). */
  expiresAt?: number;
  /** exp - now, whole seconds; negative once `exp` has passed (feed it to `formatRelative`). */
  secondsLeft?: number;
  /** When the token becomes valid (latest of `nbf`/`iat`), ms since the epoch; set for `not-yet-valid`. */
  validFrom?: number;
  /**
   * True when the state relies on the skew tolerance: `exp` passed less than
   * `clockSkewSeconds` ago, or `nbf`/`iat` lies less than that in the future.
   */
  withinSkew: boolean;
  /** The tolerance that was applied, seconds. */
  clockSkewSeconds: number;
}

export type TokenKind = 'id' | 'access' | 'refresh' | 'unknown';

/** How `isCognito` was decided. */
export type CognitoEvidence =
  /** `iss` names a user pool (AWS, or a compatible endpoint whose path ends in a pool id). */
  | 'issuer'
  /** A JWE whose header has the shape of a Cognito refresh token. */
  | 'refresh-header'
  | 'none';

export interface CognitoClassification {
  /**
   * `id`/`access`/`refresh` from `token_use` for a JWS; `refresh` for a JWE with
   * Cognito's refresh-token header (`cty` JWT, `alg` RSA-OAEP, `enc` A256GCM).
   */
  kind: TokenKind;
  /** True when `evidence` is not `none`. */
  isCognito: boolean;
  evidence: CognitoEvidence;
  issuer?: string;
  /** `aws` for cognito-idp.<region>.amazonaws.com, `compatible` for any other endpoint (emulators, the sandbox). */
  issuerKind?: 'aws' | 'compatible';
  /** The issuer host's region for AWS; the pool id's prefix otherwise (e.g. "local"). */
  region?: string;
  userPoolId?: string;
  /** `aud` for ID tokens, `client_id` for access tokens. */
  clientId?: string;
  /** `cognito:username` (ID) or `username` (access). */
  username?: string;
  sub?: string;
  groups?: string[];
  /** `scope`, split on whitespace (access tokens). */
  scopes?: string[];
  tokenUse?: string;
  originJti?: string;
  eventId?: string;
  jti?: string;
  /** `auth_time`, seconds since the epoch. */
  authTime?: number;
}

export type TimeClaimName = 'exp' | 'iat' | 'nbf' | 'auth_time';

export interface TimeClaim {
  claim: TimeClaimName;
  epochSeconds: number;
  /** ISO 8601, UTC. */
  iso: string;
  /** `formatRelative(epochSeconds - now)`: "in 12 min", "3 h ago". */
  relative: string;
  /** epochSeconds - now, whole seconds (negative in the past). */
  deltaSeconds: number;
}
