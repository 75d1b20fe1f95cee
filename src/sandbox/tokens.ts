// Minting the tokens Cognito issues: RS256 ID and access tokens, and opaque
// refresh tokens shaped like Cognito's JWE.
//
// Claims follow the developer guide, "Understanding the identity (ID) token"
// and "Understanding the access token".

import { randomBytes, randomInt, sign, type KeyObject } from 'node:crypto';
import type { SigningKey } from './keys';
import type { UserConfig } from './config';

/** The scope Cognito gives access tokens from the user-pools API (not the hosted UI). */
export const API_ACCESS_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';

/** What one issuance knows about the sign-in it continues. */
export interface IssueContext {
  issuer: string;
  clientId: string;
  user: UserConfig;
  /** Seconds since the epoch. */
  authTime: number;
  /** Shared by every token of one authentication, across refreshes. */
  originJti: string;
  /** The authentication event; kept across refreshes (assumption, see report). */
  eventId: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  /** The user's groups now (the config's, or as changed at run time). Default: the config's. */
  groups?: string[];
}

export type Claims = Record<string, unknown>;

/** The ID token's claims before any pre token generation trigger. */
export function idTokenClaims(ctx: IssueContext, validitySeconds: number, jti: string): Claims {
  return {
    sub: ctx.user.sub,
    ...groupsClaim(ctx),
    ...attributeClaims(ctx.user),
    iss: ctx.issuer,
    'cognito:username': ctx.user.username,
    origin_jti: ctx.originJti,
    aud: ctx.clientId,
    event_id: ctx.eventId,
    token_use: 'id',
    auth_time: ctx.authTime,
    exp: ctx.issuedAt + validitySeconds,
    iat: ctx.issuedAt,
    jti,
  };
}

/** The access token's claims before any trigger; `scope` is the API scope unless told otherwise (managed login). */
export function accessTokenClaims(ctx: IssueContext, validitySeconds: number, jti: string, scope: string = API_ACCESS_TOKEN_SCOPE): Claims {
  // No `aud` in Cognito access tokens: `client_id` names the app client.
  return {
    sub: ctx.user.sub,
    ...groupsClaim(ctx),
    iss: ctx.issuer,
    version: 2,
    client_id: ctx.clientId,
    origin_jti: ctx.originJti,
    event_id: ctx.eventId,
    token_use: 'access',
    scope,
    auth_time: ctx.authTime,
    exp: ctx.issuedAt + validitySeconds,
    iat: ctx.issuedAt,
    jti,
    username: ctx.user.username,
  };
}

export function mintIdToken(ctx: IssueContext, key: SigningKey, validitySeconds: number, jti: string): string {
  return signJwt(idTokenClaims(ctx, validitySeconds, jti), key);
}

export function mintAccessToken(ctx: IssueContext, key: SigningKey, validitySeconds: number, jti: string): string {
  return signJwt(accessTokenClaims(ctx, validitySeconds, jti), key);
}

/**
 * A new opaque refresh token. Cognito's are JWE compact serialisations
 * (RSA-OAEP + A256GCM) that only Cognito can decrypt; the sandbox produces the
 * same five-part shape with random content and keeps the meaning server-side.
 */
export function newRefreshToken(): string {
  const header = b64url(Buffer.from(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' })));
  const encryptedKey = b64url(randomBytes(256)); // one RSA-2048 block
  const iv = b64url(randomBytes(12)); // GCM nonce
  const ciphertext = b64url(randomBytes(randomInt(1000, 1400)));
  const tag = b64url(randomBytes(16));
  return [header, encryptedKey, iv, ciphertext, tag].join('.');
}

function groupsClaim(ctx: IssueContext): Record<string, unknown> {
  // Cognito leaves the claim out for a user in no group.
  const groups = ctx.groups ?? ctx.user.groups;
  return groups && groups.length > 0 ? { 'cognito:groups': [...groups] } : {};
}

// Cognito stores every attribute as a string but renders the *_verified
// attributes as booleans and updated_at as a number in the ID token.
const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

function attributeClaims(user: UserConfig): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes ?? {})) {
    if (BOOLEAN_ATTRIBUTES.has(name)) claims[name] = value === true || value === 'true';
    else if (name === 'updated_at' && typeof value === 'string' && /^\d+$/.test(value)) claims[name] = Number(value);
    else claims[name] = typeof value === 'boolean' ? String(value) : value;
  }
  return claims;
}

export function signJwt(payload: Claims, key: SigningKey): string {
  // Never a token with a null (JSON for NaN/Infinity) or fractional time claim.
  for (const claim of ['exp', 'iat', 'auth_time']) {
    if (!Number.isSafeInteger(payload[claim])) throw new Error(`refusing to sign a token whose ${claim} is ${String(payload[claim])}`);
  }
  // Cognito's JOSE header carries only kid and alg.
  const header = b64url(Buffer.from(JSON.stringify({ kid: key.kid, alg: 'RS256' })));
  const body = b64url(Buffer.from(JSON.stringify(payload)));
  const signingInput = `${header}.${body}`;
  return `${signingInput}.${b64url(rs256(signingInput, key.privateKey))}`;
}

function rs256(input: string, privateKey: KeyObject): Buffer {
  // RSASSA-PKCS1-v1_5 with SHA-256 is node's default padding for RSA keys.
  return sign('sha256', Buffer.from(input), privateKey);
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
