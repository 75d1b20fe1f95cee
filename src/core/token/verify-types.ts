/** Shapes of a verification report (see verify.ts for what each check means). */
import type { JwksCache, JwksError } from './jwks-cache';
import type { TokenError } from './types';

export interface VerifyOptions {
  /**
   * The key set to verify against, decided by the caller: a session's
   * (`jwksUriForSession`), or one the user confirmed after a `needs-confirmation`
   * report. Without it only an AWS issuer's key set is fetched (see `chooseKeySet`).
   */
  jwksUri?: string;
  /**
   * Origins (`http://127.0.0.1:9229`) whose issuers' `<iss>/.well-known/jwks.json`
   * may be fetched without asking. Everything else needs `jwksUri`.
   */
  trustedOrigins?: readonly string[];
  expectedClientId?: string;
  expectedTokenUse?: 'id' | 'access';
  expectedIssuer?: string;
  /** ms since the epoch (default `Date.now()`). */
  now?: number;
  /** Tolerance for `exp`/`nbf`/`iat`, seconds (default `DEFAULT_CLOCK_SKEW_SECONDS`, 60). */
  clockSkewSeconds?: number;
  /**
   * Key sets cached across calls. The VS Code layer should create one in its
   * composition root and pass it every time; without it each call fetches.
   */
  cache?: JwksCache;
  /** Abort the key set fetch after this many ms (default 5 000). */
  fetchTimeoutMs?: number;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** In report order. */
export const CHECK_NAMES = ['format', 'signature', 'issuer', 'token_use', 'audience', 'expiry', 'not_before'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface VerifyCheck {
  name: CheckName;
  status: CheckStatus;
  /** One sentence for the UI; claim values may appear, the token never does. */
  detail: string;
}

export type VerifyErrorCode =
  | JwksError['code']
  /** The key set could not be fetched or read (DNS, refused, offline, timeout, HTTP error, not a key set): nothing was checked. */
  | 'jwks-unreachable'
  /** The issuer is not AWS: fetching its key set needs the user's confirmation of `VerifyReport.jwksUri`. */
  | 'needs-confirmation'
  | 'kid-not-found'
  | 'unsupported-alg'
  /** A JWE: only its recipient (Cognito, for refresh tokens) can decrypt it. */
  | 'encrypted-token'
  /** No `jwksUri` given and none can be derived from `iss`. */
  | 'no-jwks-uri';

export interface VerifyError {
  code: VerifyErrorCode;
  message: string;
  /** For `jwks-unreachable`: the cause alone (`ECONNREFUSED`, `HTTP 503`, `not JSON`…). */
  cause?: string;
}

/**
 * The verdict, in order of precedence:
 * - `needs-confirmation`: nothing was fetched; `jwksUri` is the key set that would be, for the user to confirm.
 * - `failed`: a check ran and failed (a forged or altered token, another pool, expired, wrong client…).
 * - `unchecked`: no check failed but the signature could not be checked (keys unreachable, an
 *   encrypted token, no key set to use): not evidence against the token.
 * - `verified`: the signature verified and no check failed.
 */
export type VerifyStatus = 'verified' | 'failed' | 'unchecked' | 'needs-confirmation';

export interface VerifyReport {
  status: VerifyStatus;
  /** `status === 'verified'`: the signature verified and no check failed (`audience`/`not_before` may be skipped). */
  ok: boolean;
  /** Always all seven, in `CHECK_NAMES` order. */
  checks: VerifyCheck[];
  /** The key set used, or (`needs-confirmation`) the one that would be fetched. */
  jwksUri?: string;
  kid?: string;
  alg?: string;
  /** Why verification could not be completed (as opposed to a check that ran and failed). */
  error?: TokenError | VerifyError;
}
