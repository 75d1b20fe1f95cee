/**
 * Recognises Cognito user-pool tokens and pulls out the fields a developer
 * debugging them needs. Facts (AWS Cognito developer guide, "Understanding user
 * pool JSON web tokens"):
 * - `iss` is `https://cognito-idp.<region>.amazonaws.com/<poolId>`.
 * - ID tokens: `token_use: id`, client id in `aud`, `cognito:username`.
 * - Access tokens: `token_use: access`, client id in `client_id` (no `aud`),
 *   `username`, space-separated `scope`.
 * - Refresh tokens are JWE with header `{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}`.
 * Cognito-compatible endpoints (cognito-local, moto, LocalStack, our sandbox)
 * issue `iss` values on their own host; they count when the path ends in a
 * pool id.
 */
import type { CognitoClassification, TokenFormat, TokenKind } from './types';

export interface UserPoolIssuer {
  issuer: string;
  kind: 'aws' | 'compatible';
  region: string;
  userPoolId: string;
}

/** `cognito-idp.<region>.amazonaws.com` (and the FIPS and China partitions' hosts). */
const AWS_ISSUER = /^https:\/\/cognito-idp(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^/?#]+)\/?$/;

/** Pool id as the Cognito API model defines it: `[\w-]+_[0-9a-zA-Z]+`. */
const POOL_ID = /^([\w-]+)_([0-9a-zA-Z]+)$/;

/**
 * The prefix a non-AWS endpoint's pool id must have to count: an AWS region
 * (moto, LocalStack, our sandbox) or "local" (cognito-local). Stricter than
 * the API pattern so that an issuer such as `https://idp.example.com/my_realm`
 * is not mistaken for a user pool.
 */
const COMPATIBLE_POOL_PREFIX = /^(?:[a-z]{2}(?:-[a-z]+)+-\d+|local)$/;

/** Parse `iss` as a user-pool issuer, or undefined when it is not one. */
export function parseUserPoolIssuer(iss: string): UserPoolIssuer | undefined {
  const aws = AWS_ISSUER.exec(iss);
  if (aws) {
    const [, region, poolId] = aws;
    if (region === undefined || poolId === undefined || !POOL_ID.test(poolId)) return undefined;
    return { issuer: iss, kind: 'aws', region, userPoolId: poolId };
  }
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.search !== '' || url.hash !== '') return undefined;
  const poolId = url.pathname.split('/').filter((s) => s !== '').pop();
  const match = poolId === undefined ? null : POOL_ID.exec(poolId);
  const prefix = match?.[1];
  if (poolId === undefined || prefix === undefined || !COMPATIBLE_POOL_PREFIX.test(prefix)) return undefined;
  return { issuer: iss, kind: 'compatible', region: prefix, userPoolId: poolId };
}

/** The header Cognito gives its (encrypted) refresh tokens. */
export function hasCognitoRefreshHeader(header: Record<string, unknown>): boolean {
  const { cty, alg, enc } = header;
  return typeof cty === 'string' && cty.toUpperCase() === 'JWT' && alg === 'RSA-OAEP' && enc === 'A256GCM';
}

export function classifyToken(
  format: TokenFormat,
  header: Record<string, unknown>,
  payload: Record<string, unknown> | undefined,
): CognitoClassification {
  if (format === 'jwe' || payload === undefined) {
    const refresh = format === 'jwe' && hasCognitoRefreshHeader(header);
    return { kind: refresh ? 'refresh' : 'unknown', isCognito: refresh, evidence: refresh ? 'refresh-header' : 'none' };
  }

  const tokenUse = stringClaim(payload.token_use);
  const kind = kindOf(tokenUse);
  const issuer = stringClaim(payload.iss);
  const pool = issuer === undefined ? undefined : parseUserPoolIssuer(issuer);

  const aud = audienceClaim(payload.aud);
  const clientIdClaim = stringClaim(payload.client_id);
  const idUsername = stringClaim(payload['cognito:username']);
  const accessUsername = stringClaim(payload.username);
  const scope = stringClaim(payload.scope);

  // Only the fields that have a value (tidy for display and deepEqual); set one by one rather
  // than built with undefineds and deleted, which leaves a slow dictionary-mode object.
  const result: CognitoClassification = { kind, isCognito: pool !== undefined, evidence: pool !== undefined ? 'issuer' : 'none' };
  const clientId = kind === 'id' ? aud : kind === 'access' ? clientIdClaim : (clientIdClaim ?? aud);
  const username = kind === 'access' ? accessUsername : (idUsername ?? accessUsername);
  const sub = stringClaim(payload.sub);
  const groups = stringArrayClaim(payload['cognito:groups']);
  const originJti = stringClaim(payload.origin_jti);
  const eventId = stringClaim(payload.event_id);
  const jti = stringClaim(payload.jti);
  const authTime = numberClaim(payload.auth_time);
  if (issuer !== undefined) result.issuer = issuer;
  if (pool !== undefined) {
    result.issuerKind = pool.kind;
    result.region = pool.region;
    result.userPoolId = pool.userPoolId;
  }
  if (clientId !== undefined) result.clientId = clientId;
  if (username !== undefined) result.username = username;
  if (sub !== undefined) result.sub = sub;
  if (groups !== undefined) result.groups = groups;
  if (scope !== undefined) result.scopes = scope.split(/\s+/).filter((s) => s !== '');
  if (tokenUse !== undefined) result.tokenUse = tokenUse;
  if (originJti !== undefined) result.originJti = originJti;
  if (eventId !== undefined) result.eventId = eventId;
  if (jti !== undefined) result.jti = jti;
  if (authTime !== undefined) result.authTime = authTime;
  return result;
}

function kindOf(tokenUse: string | undefined): TokenKind {
  return tokenUse === 'id' || tokenUse === 'access' || tokenUse === 'refresh' ? tokenUse : 'unknown';
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function numberClaim(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `aud` is a string for Cognito; RFC 7519 also allows an array, of which a single entry is unambiguous. */
function audienceClaim(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}

function stringArrayClaim(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}
