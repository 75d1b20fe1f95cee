// Is this string usable as a refresh token? Cognito's are encrypted JWTs (JWE,
// five parts, header {"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}).
// Cognito-compatible endpoints issue other shapes: cognito-local a signed JWT
// without `token_use`, moto a UUID. The check is about shape only; whether
// the token still works is for Cognito to say.

import { decodeToken, MAX_TOKEN_LENGTH, type DecodedToken } from '../token';
import { AWS_CLIENT_ID, MIN_OPAQUE_REFRESH_LENGTH, REGION, TOKEN_CHARS, USER_POOL_ID } from './text';

export type RefreshShape = 'cognito-jwe' | 'jwe' | 'jws' | 'opaque';

export type RefreshProblem =
  | 'empty'
  | 'too-long'
  | 'id-token'
  | 'access-token'
  /** A signed JWT from an issuer that is not a user pool. */
  | 'foreign-jwt'
  /** Starts like a JWT but does not decode (often cut short when copied). */
  | 'broken-jwt'
  | 'whitespace'
  | 'not-a-token'
  | 'too-short'
  | 'user-pool-id'
  | 'client-id'
  | 'region';

export type RefreshAssessment =
  | { ok: true; shape: RefreshShape; decoded?: DecodedToken; note?: string }
  | { ok: false; problem: RefreshProblem; decoded?: DecodedToken; detail?: string };

/**
 * `labelled`: the value came from a field that says it is the refresh token
 * (`RefreshToken`, `refresh_token`, an Amplify `.refreshToken` key), so an
 * opaque value needs less evidence than a string pasted on its own.
 */
export function assessRefreshToken(value: string, now: number, labelled: boolean): RefreshAssessment {
  const s = value.trim();
  if (s.length === 0) return { ok: false, problem: 'empty' };
  if (s.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'too-long' };

  const dots = countDots(s);
  // `eyJ` is base64url for `{"`: a string starting so, with dots, is meant to be a JWT.
  const jwtLike = dots === 2 || dots === 4 || (dots > 0 && s.startsWith('eyJ'));
  const decoded = jwtLike ? decodeToken(s, { now }) : undefined;
  if (decoded?.ok) {
    const token = decoded.token;
    if (token.format === 'jwe') {
      if (token.cognito.kind === 'refresh') return { ok: true, shape: 'cognito-jwe', decoded: token };
      return {
        ok: true,
        shape: 'jwe',
        decoded: token,
        note: "The refresh token is an encrypted JWT but its header is not the one Cognito uses; that is fine if it comes from a Cognito-compatible endpoint.",
      };
    }
    const kind = token.cognito.kind;
    if (kind === 'id') return { ok: false, problem: 'id-token', decoded: token };
    if (kind === 'access') return { ok: false, problem: 'access-token', decoded: token };
    if (kind === 'refresh' || token.cognito.isCognito || labelled) {
      return {
        ok: true,
        shape: 'jws',
        decoded: token,
        ...(kind === 'refresh'
          ? {}
          : {
              note: "The refresh token is a signed JWT, not Cognito's encrypted kind; local emulators such as cognito-local issue refresh tokens like this.",
            }),
      };
    }
    return { ok: false, problem: 'foreign-jwt', decoded: token };
  }
  if (decoded !== undefined && !decoded.ok && s.startsWith('eyJ')) {
    return { ok: false, problem: 'broken-jwt', detail: decoded.error.message };
  }

  if (/\s/.test(s)) return { ok: false, problem: 'whitespace' };
  if (!TOKEN_CHARS.test(s)) return { ok: false, problem: 'not-a-token' };
  if (USER_POOL_ID.test(s) && !s.includes('.')) return { ok: false, problem: 'user-pool-id' };
  if (AWS_CLIENT_ID.test(s)) return { ok: false, problem: 'client-id' };
  if (REGION.test(s)) return { ok: false, problem: 'region' };
  if (s.length < (labelled ? 8 : MIN_OPAQUE_REFRESH_LENGTH)) return { ok: false, problem: 'too-short' };
  if (!labelled && !(/[A-Za-z]/.test(s) && /[0-9]/.test(s))) return { ok: false, problem: 'not-a-token' };
  return {
    ok: true,
    shape: 'opaque',
    note: "The refresh token is not a JWT. Cognito's own refresh tokens are encrypted JWTs (five dot-separated parts starting with eyJ); opaque ones come from Cognito-compatible endpoints such as moto. If this session is on AWS, check that the whole token was copied.",
  };
}

/** How to name what was found, for "found X" in a failure message. */
export function describeRefreshProblem(problem: RefreshProblem, detail?: string): string {
  switch (problem) {
    case 'empty':
      return 'an empty value';
    case 'too-long':
      return `a value longer than ${MAX_TOKEN_LENGTH} characters`;
    case 'id-token':
      return 'an ID token';
    case 'access-token':
      return 'a JWS access token, which cannot refresh a session';
    case 'foreign-jwt':
      return 'a signed JWT that was not issued by a Cognito user pool';
    case 'broken-jwt':
      return `a token that starts like a JWT but does not decode${detail === undefined ? '' : ` (${detail})`}; it may have been cut short when copied`;
    case 'whitespace':
      return 'a value with spaces or line breaks inside';
    case 'not-a-token':
      return 'text that is not a token';
    case 'too-short':
      return 'a value too short to be a token';
    case 'user-pool-id':
      return 'what looks like a user pool id';
    case 'client-id':
      return 'what looks like an app client id';
    case 'region':
      return 'what looks like an AWS region';
  }
}

function countDots(s: string): number {
  let n = 0;
  for (let i = s.indexOf('.'); i !== -1 && n < 6; i = s.indexOf('.', i + 1)) n++;
  return n;
}
