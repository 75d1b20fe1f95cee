/**
 * The checks of a verification that need no network: format, issuer,
 * token_use, audience, expiry and not_before. Each returns one `VerifyCheck`.
 */
import { formatDuration, formatRelative, numericDate, type Clock } from './time';
import type { DecodedToken } from './types';
import type { CheckName, CheckStatus, VerifyCheck, VerifyError } from './verify-types';

/** Asymmetric JWS algorithms a JWKS can verify. HMAC (HS*) needs a shared secret; "none" is unsigned. */
export const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export function check(name: CheckName, status: CheckStatus, detail: string): VerifyCheck {
  return { name, status, detail };
}

export function checkFormat(token: DecodedToken): { check: VerifyCheck; error?: VerifyError } {
  const alg = typeof token.header.alg === 'string' ? token.header.alg : undefined;
  if (token.unsigned) {
    const message = 'Unsigned token (alg "none"): nothing vouches for its claims. Cognito signs with RS256.';
    return { check: check('format', 'fail', message), error: { code: 'unsupported-alg', message } };
  }
  if (alg === undefined || !ASYMMETRIC_ALGS.includes(alg)) {
    const message = alg?.startsWith('HS')
      ? `Signed with ${alg}, a shared-secret algorithm a public key set cannot verify. Cognito signs with RS256.`
      : `Unsupported signature algorithm ${JSON.stringify(alg)}. Cognito signs with RS256.`;
    return { check: check('format', 'fail', message), error: { code: 'unsupported-alg', message } };
  }
  if (token.segments[2] === '') {
    return { check: check('format', 'fail', `The header says ${alg} but the signature part is empty.`) };
  }
  return { check: check('format', 'pass', `Signed JWS (${alg}).`) };
}

export function checkIssuer(token: DecodedToken, expectedIssuer: string | undefined): VerifyCheck {
  const { issuer, isCognito, userPoolId, region, issuerKind } = token.cognito;
  if (issuer === undefined) return check('issuer', 'fail', 'The token has no iss claim.');
  if (expectedIssuer !== undefined && !sameIssuer(issuer, expectedIssuer)) {
    return check('issuer', 'fail', `iss is ${issuer}, expected ${expectedIssuer}.`);
  }
  if (!isCognito) {
    return check(
      'issuer',
      'fail',
      `iss ${issuer} is not a user-pool issuer (https://cognito-idp.<region>.amazonaws.com/<poolId>, or an endpoint whose path ends in a pool id).`,
    );
  }
  const where = issuerKind === 'aws' ? `in ${region ?? 'an unknown region'}` : 'on a Cognito-compatible endpoint';
  return check('issuer', 'pass', `User pool ${userPoolId ?? ''} ${where}.`);
}

export function checkTokenUse(payload: Record<string, unknown>, expected: 'id' | 'access' | undefined): VerifyCheck {
  const use = payload.token_use;
  if (typeof use !== 'string') return check('token_use', 'fail', 'The token has no token_use claim.');
  if (expected !== undefined && use !== expected) {
    return check('token_use', 'fail', `token_use is "${use}", expected "${expected}".`);
  }
  if (use !== 'id' && use !== 'access') {
    return check('token_use', 'fail', `token_use is "${use}"; only ID and access tokens are verified this way.`);
  }
  return check('token_use', 'pass', use === 'id' ? 'ID token.' : 'Access token.');
}

export function checkAudience(payload: Record<string, unknown>, expectedClientId: string | undefined): VerifyCheck {
  if (expectedClientId === undefined || expectedClientId === '') {
    return check('audience', 'skip', 'No expected app client id given.');
  }
  const claim = audienceClaimName(payload);
  const value = payload[claim];
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
  if (values.length === 0) return check('audience', 'fail', `The token has no ${claim} claim.`);
  if (!values.includes(expectedClientId)) {
    return check('audience', 'fail', `${claim} is ${values.join(', ')}, expected app client ${expectedClientId}.`);
  }
  return check('audience', 'pass', `${claim} matches app client ${expectedClientId}.`);
}

/** Cognito ID tokens carry the app client id in `aud`; access tokens in `client_id` and have no `aud`. */
function audienceClaimName(payload: Record<string, unknown>): 'aud' | 'client_id' {
  if (payload.token_use === 'access') return 'client_id';
  if (payload.token_use === 'id') return 'aud';
  return payload.aud !== undefined ? 'aud' : 'client_id';
}

export function checkExpiry(payload: Record<string, unknown>, clock: Clock): VerifyCheck {
  if (payload.exp === undefined) return check('expiry', 'fail', 'The token has no exp claim (Cognito tokens always have one).');
  const exp = numericDate(payload.exp);
  if (exp === undefined) return check('expiry', 'fail', 'exp is not a valid NumericDate.');
  const now = clock.nowMs / 1000;
  const at = new Date(exp * 1000).toISOString();
  const delta = Math.round(exp - now);
  if (now >= exp + clock.skewSeconds) return check('expiry', 'fail', `Expired ${formatRelative(delta)} (${at}).`);
  if (now >= exp) {
    return check(
      'expiry',
      'pass',
      `Expired ${formatRelative(delta)} (${at}) by this clock, accepted within the ${formatDuration(clock.skewSeconds)} clock-skew tolerance.`,
    );
  }
  return check('expiry', 'pass', `Expires ${formatRelative(delta)} (${at}).`);
}

/** `nbf` and `iat` must not lie in the future; a future `iat` means one of the clocks is off. */
export function checkNotBefore(payload: Record<string, unknown>, clock: Clock): VerifyCheck {
  const now = clock.nowMs / 1000;
  const present = (['nbf', 'iat'] as const).filter((name) => payload[name] !== undefined);
  if (present.length === 0) return check('not_before', 'skip', 'No nbf or iat claim.');
  const notes: string[] = [];
  for (const name of present) {
    const value = numericDate(payload[name]);
    if (value === undefined) return check('not_before', 'fail', `${name} is not a valid NumericDate.`);
    const when = formatRelative(Math.round(value - now));
    if (value > now + clock.skewSeconds) {
      const hint = name === 'iat' ? ": issued in the future, so this machine's clock or the issuer's is off" : '';
      return check('not_before', 'fail', `${name} is ${when}${hint}.`);
    }
    if (value > now) {
      notes.push(`${name} is ${when}, accepted within the ${formatDuration(clock.skewSeconds)} clock-skew tolerance`);
    }
  }
  return check('not_before', 'pass', notes.length > 0 ? `${notes.join('; ')}.` : `${present.join(' and ')} in the past.`);
}

/** Issuers compare exactly, except for a trailing slash. */
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
