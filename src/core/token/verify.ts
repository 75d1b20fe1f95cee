/**
 * Verifies a Cognito ID or access token the way a resource server should
 * (AWS developer guide, "Verifying a JSON web token"), reporting each check on
 * its own so a developer sees exactly which one fails:
 *
 *   format      a signed JWS with an asymmetric algorithm (Cognito: RS256)
 *   signature   against the pool's JWKS, `<iss>/.well-known/jwks.json`
 *   issuer      a user-pool issuer, and `expectedIssuer` when given
 *   token_use   "id" or "access", and `expectedTokenUse` when given
 *   audience    `aud` (ID) or `client_id` (access) equals `expectedClientId`
 *   expiry      `exp` not passed (with the clock-skew tolerance)
 *   not_before  `nbf` and `iat` not in the future (with the tolerance)
 *
 * Every check runs even when an earlier one fails, so the report is complete.
 * A passing report means genuine and current *offline*: revoked tokens still
 * pass (only Cognito knows about revocation).
 *
 * Which key set: the caller decides (issue 7, item 2). `jwksUri` when given (a
 * session's, from `jwksUriForSession`, or one the user confirmed); otherwise an
 * AWS issuer's own key set, or an issuer on `trustedOrigins`. For any other
 * issuer nothing is fetched: the report says `needs-confirmation` and names the
 * URL that would be (see jwks-uri.ts). A key set that cannot be had (DNS,
 * refused, offline, timeout, not a key set) makes the signature `unchecked`,
 * never `failed` like a forged token.
 */
import { decodeToken } from './decode';
import { DEFAULT_JWKS_TIMEOUT_MS, JwksCache } from './jwks-cache';
import { chooseKeySet } from './jwks-uri';
import { resolveClock } from './time';
import type { TokenError } from './types';
import {
  check,
  checkAudience,
  checkExpiry,
  checkFormat,
  checkIssuer,
  checkNotBefore,
  checkTokenUse,
} from './verify-claims';
import { checkSignature } from './verify-signature';
import {
  CHECK_NAMES,
  type CheckName,
  type CheckStatus,
  type VerifyCheck,
  type VerifyError,
  type VerifyOptions,
  type VerifyReport,
  type VerifyStatus,
} from './verify-types';

/** Verify `raw`. Never rejects: every failure is in the report. */
export async function verifyToken(raw: string, options?: VerifyOptions): Promise<VerifyReport> {
  try {
    return await verify(raw, options ?? {});
  } catch {
    const error: TokenError = { code: 'internal', message: 'Unexpected error while verifying the token.' };
    return { status: 'failed', ok: false, checks: allSkipped('Not checked: verification stopped on an internal error.'), error };
  }
}

async function verify(raw: string, options: VerifyOptions): Promise<VerifyReport> {
  const clock = resolveClock(options);
  const decoded = decodeToken(raw, { now: clock.nowMs, clockSkewSeconds: clock.skewSeconds });
  if (!decoded.ok) {
    return {
      status: 'failed',
      ok: false,
      checks: withCheck(allSkipped('Not checked: the token could not be decoded.'), 'format', 'fail', decoded.error.message),
      error: decoded.error,
    };
  }
  const token = decoded.token;
  if (token.format === 'jwe') {
    const detail =
      token.cognito.kind === 'refresh'
        ? 'Encrypted Cognito refresh token (JWE): only Cognito can decrypt it, so it cannot be verified locally. Try it with a refresh instead.'
        : 'Encrypted token (JWE): only its recipient can decrypt it, so it cannot be verified locally.';
    return {
      status: 'unchecked',
      ok: false,
      checks: withCheck(allSkipped('Not applicable to an encrypted token.'), 'format', 'skip', detail),
      error: { code: 'encrypted-token', message: detail },
    };
  }

  const payload = token.payload ?? {};
  const format = checkFormat(token);
  const choice = options.jwksUri !== undefined ? undefined : chooseKeySet(token.cognito.issuer, options.trustedOrigins);
  const jwksUri = options.jwksUri ?? (choice?.kind === 'allowed' || choice?.kind === 'needs-confirmation' ? choice.uri : undefined);

  let signature: VerifyCheck;
  let error: VerifyError | undefined = format.error;
  let unchecked = false;
  let confirm = false;
  if (format.check.status !== 'pass') {
    signature = check('signature', 'skip', 'Not attempted: see the format check.');
  } else if (jwksUri === undefined) {
    const message = 'No key set to verify against: the token names no http(s) issuer. Pass a JWKS URI to verify it.';
    signature = check('signature', 'skip', message);
    error = { code: 'no-jwks-uri', message };
    unchecked = true;
  } else if (choice?.kind === 'needs-confirmation') {
    const message = `Not checked yet: the issuer is not AWS, so its keys at ${jwksUri} are fetched only once you confirm that URL.`;
    signature = check('signature', 'skip', message);
    error = { code: 'needs-confirmation', message };
    confirm = true;
  } else {
    const cache = options.cache ?? new JwksCache();
    const outcome = await checkSignature(token.raw, token.header, jwksUri, cache, {
      timeoutMs: options.fetchTimeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS,
    });
    signature = outcome.check;
    error = outcome.error;
    unchecked = outcome.unchecked === true;
  }

  const checks: VerifyCheck[] = [
    format.check,
    signature,
    checkIssuer(token, options.expectedIssuer),
    checkTokenUse(payload, options.expectedTokenUse),
    checkAudience(payload, options.expectedClientId),
    checkExpiry(payload, clock),
    checkNotBefore(payload, clock),
  ];
  // audience and not_before may be skipped (no expected client id; no nbf/iat); nothing may fail.
  const anyFailed = checks.some((c) => c.status === 'fail');
  const ok = format.check.status === 'pass' && signature.status === 'pass' && !anyFailed;
  const status: VerifyStatus = confirm ? 'needs-confirmation' : anyFailed ? 'failed' : ok ? 'verified' : unchecked ? 'unchecked' : 'failed';
  const report: VerifyReport = { status, ok, checks };
  if (jwksUri !== undefined) report.jwksUri = jwksUri;
  if (typeof token.header.kid === 'string') report.kid = token.header.kid;
  if (typeof token.header.alg === 'string') report.alg = token.header.alg;
  if (error !== undefined) report.error = error;
  return report;
}

function allSkipped(detail: string): VerifyCheck[] {
  return CHECK_NAMES.map((name) => check(name, 'skip', detail));
}

function withCheck(checks: VerifyCheck[], name: CheckName, status: CheckStatus, detail: string): VerifyCheck[] {
  return checks.map((c) => (c.name === name ? check(name, status, detail) : c));
}
