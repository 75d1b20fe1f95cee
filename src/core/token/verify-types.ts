/** Shapes of a verification report (see verify.ts for what each check means). */
import type { JwksCache, JwksError } from './jwks-cache';
import type { TokenError } from './types';

export interface VerifyOptions {
  /** Key set URI; default `<iss>/.well-known/jwks.json` for a user-pool `iss`. */
  jwksUri?: string;
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
  | 'kid-not-found'
  | 'unsupported-alg'
  /** A JWE: only its recipient (Cognito, for refresh tokens) can decrypt it. */
  | 'encrypted-token'
  /** No `jwksUri` given and none can be derived from `iss`. */
  | 'no-jwks-uri';

export interface VerifyError {
  code: VerifyErrorCode;
  message: string;
}

export interface VerifyReport {
  /** The signature verified and no check failed (`audience`/`not_before` may be skipped). */
  ok: boolean;
  /** Always all seven, in `CHECK_NAMES` order. */
  checks: VerifyCheck[];
  jwksUri?: string;
  kid?: string;
  alg?: string;
  /** Why verification could not be completed (as opposed to a check that ran and failed). */
  error?: TokenError | VerifyError;
}
