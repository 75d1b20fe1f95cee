/**
 * Which key set a verification may fetch. Never a URL of a token's choosing
 * without the caller's say (issue 7, item 2):
 *
 * - An AWS issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>` with a
 *   strictly valid region and a pool id of that region, maps to its AWS key set,
 *   rebuilt from the validated parts (never from the raw `iss` text).
 * - Any other issuer yields the URL that *would* be fetched, for the caller to
 *   show and confirm, unless its origin is on the caller's allow-list.
 * - A session's key set comes from the session, not from its tokens:
 *   `jwksUriForSession` uses the session's endpoint when it has one.
 * - `jku` / `x5u` headers are never read.
 *
 * No regular expressions: everything here is a bounded character walk.
 */

/** Longest region name accepted (the longest today, `ap-southeast-5`, has 14). */
const MAX_REGION_LENGTH = 32;
/** Cognito's model caps user pool ids at 55 characters. */
const MAX_POOL_ID_LENGTH = 55;

const AWS_ISSUER_PREFIX = 'https://cognito-idp.';
const AWS_ISSUER_HOST_SUFFIX = '.amazonaws.com/';
const WELL_KNOWN_JWKS = '/.well-known/jwks.json';

/** `<area>-<word>[-<word>…]-<digits>` in lowercase: `us-east-1`, `us-gov-west-1`, `ap-southeast-5`. */
export function isAwsRegion(region: string): boolean {
  if (typeof region !== 'string' || region.length === 0 || region.length > MAX_REGION_LENGTH) return false;
  const parts = region.split('-');
  if (parts.length < 3) return false;
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (first.length !== 2 || !every(first, isLower)) return false;
  if (last.length === 0 || last.length > 2 || !every(last, isDigit)) return false;
  for (let i = 1; i < parts.length - 1; i++) {
    const word = parts[i] ?? '';
    if (word.length === 0 || !every(word, isLower)) return false;
  }
  return true;
}

/** `<region>_<alphanumerics>` for the given region (AWS pool ids always start with their region). */
export function isAwsUserPoolId(poolId: string, region: string): boolean {
  if (typeof poolId !== 'string' || poolId.length > MAX_POOL_ID_LENGTH) return false;
  if (!isAwsRegion(region) || !poolId.startsWith(`${region}_`)) return false;
  const suffix = poolId.slice(region.length + 1);
  return suffix.length > 0 && every(suffix, isAlphanumeric);
}

/** The AWS key set URL of a strictly valid AWS user-pool issuer, or undefined for any other `iss`. */
export function awsJwksUriForIssuer(iss: string): string | undefined {
  if (typeof iss !== 'string' || !iss.startsWith(AWS_ISSUER_PREFIX)) return undefined;
  const hostEnd = iss.indexOf(AWS_ISSUER_HOST_SUFFIX, AWS_ISSUER_PREFIX.length);
  if (hostEnd === -1) return undefined;
  const region = iss.slice(AWS_ISSUER_PREFIX.length, hostEnd);
  let poolId = iss.slice(hostEnd + AWS_ISSUER_HOST_SUFFIX.length);
  if (poolId.endsWith('/')) poolId = poolId.slice(0, -1);
  if (!isAwsUserPoolId(poolId, region)) return undefined;
  return awsJwksUri(region, poolId);
}

function awsJwksUri(region: string, poolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${poolId}${WELL_KNOWN_JWKS}`;
}

export interface SessionKeySource {
  region: string;
  userPoolId: string;
  /** The session's endpoint override (a local emulator, the sandbox), when it has one. */
  endpoint?: string;
}

/**
 * The key set a session's tokens must verify against: `<endpoint>/<poolId>/.well-known/jwks.json`
 * when the session has an endpoint (cognito-local, moto, LocalStack and the sandbox serve it
 * there), the pool's AWS key set otherwise. Undefined when the session's fields are not valid.
 */
export function jwksUriForSession(session: SessionKeySource): string | undefined {
  const { region, userPoolId, endpoint } = session;
  if (endpoint === undefined || endpoint === '') {
    return isAwsUserPoolId(userPoolId, region) ? awsJwksUri(region, userPoolId) : undefined;
  }
  if (!isApiPoolId(userPoolId)) return undefined;
  const base = httpBase(endpoint);
  return base === undefined ? undefined : `${base}/${userPoolId}${WELL_KNOWN_JWKS}`;
}

/** Where the key set for a token's `iss` comes from. */
export type KeySetChoice =
  /** `uri` may be fetched: an AWS issuer, or an origin on the allow-list. */
  | { kind: 'allowed'; uri: string; reason: 'aws-issuer' | 'trusted-origin' }
  /** `uri` is what would be fetched; the user has to confirm it first. */
  | { kind: 'needs-confirmation'; uri: string }
  /** `iss` is missing or not an http(s) URL: there is nothing to fetch. */
  | { kind: 'none' };

/**
 * The key set for a token whose `iss` is `iss`, when the caller gave none.
 * `trustedOrigins` are origins (`http://127.0.0.1:9229`) whose issuers' `/.well-known/jwks.json`
 * the caller allows without asking.
 */
export function chooseKeySet(iss: string | undefined, trustedOrigins?: readonly string[]): KeySetChoice {
  if (typeof iss !== 'string') return { kind: 'none' };
  const aws = awsJwksUriForIssuer(iss);
  if (aws !== undefined) return { kind: 'allowed', uri: aws, reason: 'aws-issuer' };
  const base = httpBase(iss);
  if (base === undefined) return { kind: 'none' };
  const uri = `${base}${WELL_KNOWN_JWKS}`;
  const origin = new URL(base).origin;
  if (trustedOrigins?.some((o) => originOf(o) === origin) === true) return { kind: 'allowed', uri, reason: 'trusted-origin' };
  return { kind: 'needs-confirmation', uri };
}

/** `origin + path` without a trailing slash, for an http(s) URL without credentials, query or fragment. */
function httpBase(value: string): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  let path = url.pathname;
  while (path.endsWith('/')) path = path.slice(0, -1);
  return `${url.origin}${path}`;
}

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Cognito's API pattern for pool ids, `[\w-]+_[0-9a-zA-Z]+`, within the length cap. */
function isApiPoolId(poolId: string): boolean {
  if (typeof poolId !== 'string' || poolId.length === 0 || poolId.length > MAX_POOL_ID_LENGTH) return false;
  const underscore = poolId.lastIndexOf('_');
  if (underscore <= 0 || underscore === poolId.length - 1) return false;
  const head = poolId.slice(0, underscore);
  const tail = poolId.slice(underscore + 1);
  return every(head, (c) => isAlphanumeric(c) || c === 0x5f || c === 0x2d) && every(tail, isAlphanumeric);
}

function every(text: string, test: (code: number) => boolean): boolean {
  for (let i = 0; i < text.length; i++) if (!test(text.charCodeAt(i))) return false;
  return true;
}

function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlphanumeric(c: number): boolean {
  return isDigit(c) || isLower(c) || (c >= 0x41 && c <= 0x5a);
}
