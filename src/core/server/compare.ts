/**
 * Compare any two tokens (two sessions, a session and a paste, two pastes): the claim diff
 * (diffTokens), the header, kind, issuer, client and user differences, and the common causes of
 * a difference in plain language. Decoding only, no signature checks. Never throws; summaries
 * only (never a whole token or a long value).
 */
import { decodeToken } from '../token/decode';
import { diffClaims, isoSeconds, type ClaimChange, type TokenDiff } from '../token/diff';
import { numericDate } from '../token/time';
import { formatDuration } from '../../shared/format';

export type ComparedKind = 'id' | 'access' | 'refresh' | 'other' | 'not-a-token';

export interface ComparedToken {
  readonly kind: ComparedKind;
  readonly format?: 'jws' | 'jwe';
  readonly issuer?: string;
  readonly clientId?: string;
  readonly sub?: string;
  readonly issuedAt?: string;
  readonly expiresAt?: string;
  /** Why it could not be read, for `not-a-token`. */
  readonly problem?: string;
}

export interface HeaderChange {
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
}

export type FindingId =
  | 'not-comparable'
  | 'encrypted'
  | 'different-kind'
  | 'different-issuer'
  | 'different-client'
  | 'different-user'
  | 'same-sign-in'
  | 'different-sign-in'
  | 'auth-time-changed'
  | 'groups-changed'
  | 'scope-changed'
  | 'attributes-changed'
  | 'trigger-claims'
  | 'key-changed'
  | 'identical-claims'
  | 'newer';

export interface Finding {
  readonly id: FindingId;
  readonly text: string;
}

export interface TokenComparison {
  readonly a: ComparedToken;
  readonly b: ComparedToken;
  readonly header: readonly HeaderChange[];
  readonly claims: TokenDiff;
  readonly findings: readonly Finding[];
}

/** Claims Cognito itself puts in ID and access tokens (not attributes, not a trigger's). */
const COGNITO_CLAIMS: ReadonlySet<string> = new Set([
  'iss', 'sub', 'aud', 'client_id', 'token_use', 'auth_time', 'iat', 'exp', 'nbf', 'jti', 'origin_jti', 'event_id',
  'cognito:username', 'username', 'scope', 'cognito:groups', 'cognito:roles', 'cognito:preferred_role', 'identities',
  'at_hash', 'nonce', 'version', 'amr', 'device_key',
]);

/** Standard user attributes that appear as ID token claims; `custom:*` attributes too. */
const ATTRIBUTE_CLAIMS: ReadonlySet<string> = new Set([
  'email', 'email_verified', 'phone_number', 'phone_number_verified', 'name', 'given_name', 'family_name', 'middle_name',
  'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale',
  'address', 'updated_at',
]);

const HEADER_FIELDS: readonly string[] = ['alg', 'kid', 'typ', 'enc', 'cty'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function short(v: string | undefined, max = 80): string | undefined {
  if (v === undefined) return undefined;
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
}

interface Read {
  readonly view: ComparedToken;
  readonly header?: Record<string, unknown>;
  readonly payload?: Record<string, unknown>;
}

function read(raw: string | undefined): Read {
  if (typeof raw !== 'string' || raw.trim() === '') return { view: { kind: 'not-a-token', problem: 'No token given.' } };
  const decoded = decodeToken(raw);
  if (!decoded.ok) return { view: { kind: 'not-a-token', problem: decoded.error.message } };
  const { token } = decoded;
  if (token.format === 'jwe') return { view: { kind: token.cognito.kind === 'refresh' ? 'refresh' : 'other', format: 'jwe' }, header: token.header };
  const p = token.payload ?? {};
  const use = p.token_use;
  const kind: ComparedKind = use === 'id' ? 'id' : use === 'access' ? 'access' : 'other';
  const iat = numericDate(p.iat);
  const exp = numericDate(p.exp);
  const clientId = str(p.client_id) ?? str(p.aud) ?? (Array.isArray(p.aud) ? str(p.aud[0]) : undefined);
  const view: { -readonly [K in keyof ComparedToken]: ComparedToken[K] } = { kind, format: 'jws' };
  const issuer = short(str(p.iss));
  if (issuer) view.issuer = issuer;
  const client = short(clientId);
  if (client) view.clientId = client;
  const sub = short(str(p.sub));
  if (sub) view.sub = sub;
  if (iat !== undefined) view.issuedAt = isoSeconds(iat);
  if (exp !== undefined) view.expiresAt = isoSeconds(exp);
  return { view, header: token.header, payload: p };
}

function headerChanges(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): HeaderChange[] {
  if (a === undefined || b === undefined) return [];
  const out: HeaderChange[] = [];
  for (const field of HEADER_FIELDS) {
    const x = short(typeof a[field] === 'string' ? (a[field] as string) : undefined, 60);
    const y = short(typeof b[field] === 'string' ? (b[field] as string) : undefined, 60);
    if (x === y) continue;
    out.push({ field, ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) });
  }
  return out;
}

const KIND_NAME: Readonly<Record<ComparedKind, string>> = {
  id: 'an ID token',
  access: 'an access token',
  refresh: 'a refresh token',
  other: 'a token that is not a Cognito ID or access token',
  'not-a-token': 'not a token',
};

/** Compare `a` (the earlier or first) with `b`. Never throws. */
export function compareTokens(a: string | undefined, b: string | undefined): TokenComparison {
  try {
    return compare(a, b);
  } catch {
    return { a: { kind: 'not-a-token' }, b: { kind: 'not-a-token' }, header: [], claims: { changes: [] }, findings: [] };
  }
}

function compare(rawA: string | undefined, rawB: string | undefined): TokenComparison {
  const A = read(rawA);
  const B = read(rawB);
  const findings: Finding[] = [];
  const header = headerChanges(A.header, B.header);
  const empty: TokenDiff = { changes: [] };

  if (A.view.kind === 'not-a-token' || B.view.kind === 'not-a-token') {
    const which = A.view.kind === 'not-a-token' ? (B.view.kind === 'not-a-token' ? 'Neither input' : 'The first input') : 'The second input';
    findings.push({ id: 'not-comparable', text: `${which} is not a token that can be decoded, so there is nothing to compare.` });
    return { a: A.view, b: B.view, header, claims: empty, findings };
  }
  if (A.payload === undefined || B.payload === undefined) {
    findings.push({
      id: 'encrypted',
      text: 'An encrypted token (JWE, such as a Cognito refresh token) can be read only by Cognito: only the headers can be compared.',
    });
    return { a: A.view, b: B.view, header, claims: empty, findings };
  }

  const pa = A.payload;
  const pb = B.payload;
  const claims = diffClaims(pa, pb);
  const changed = (name: string): ClaimChange | undefined => claims.changes.find((c) => c.claim === name && c.kind !== 'kept');

  if (A.view.kind !== B.view.kind) {
    findings.push({
      id: 'different-kind',
      text: `The first is ${KIND_NAME[A.view.kind]} and the second ${KIND_NAME[B.view.kind]}: they carry different claims by design (an ID token has aud and the user's attributes, an access token has client_id and scope), so most differences below are expected.`,
    });
  }
  if (A.view.issuer !== B.view.issuer) {
    findings.push({
      id: 'different-issuer',
      text: `Different issuers (${A.view.issuer ?? 'none'} and ${B.view.issuer ?? 'none'}): the tokens come from different user pools or endpoints, so they belong to different users and sessions even when the claims look alike.`,
    });
  }
  if (A.view.clientId !== B.view.clientId) {
    findings.push({
      id: 'different-client',
      text: `Different app clients (${A.view.clientId ?? 'none'} and ${B.view.clientId ?? 'none'}): each app client has its own token validity, scopes, read attributes and rotation settings, and a refresh token works only with the client that issued it.`,
    });
  }
  if (A.view.sub !== B.view.sub) {
    findings.push({ id: 'different-user', text: 'Different sub: these are two different users.' });
  }

  const originA = str(pa.origin_jti);
  const originB = str(pb.origin_jti);
  if (originA !== undefined && originB !== undefined) {
    if (originA === originB) {
      findings.push({
        id: 'same-sign-in',
        text: 'Same origin_jti: both tokens come from one sign-in (the later one was issued by a refresh of the same refresh token chain).',
      });
    } else {
      findings.push({
        id: 'different-sign-in',
        text: 'Different origin_jti: the tokens come from different sign-ins (or different refresh tokens). Revoking one refresh token does not end the other sign-in.',
      });
    }
  }
  const authTime = changed('auth_time');
  if (authTime) {
    findings.push({
      id: 'auth-time-changed',
      text: `auth_time changed (${authTime.before ?? '?'} → ${authTime.after ?? '?'}): auth_time is when the user last authenticated, and it changes only on a new sign-in, never on a refresh.`,
    });
  }
  const groups = changed('cognito:groups');
  if (groups) {
    findings.push({
      id: 'groups-changed',
      text: `Groups changed (${groups.after ?? groups.before ?? ''}): group membership is copied into tokens when they are issued, so a change shows up only after a refresh or a new sign-in. A pre-token-generation trigger can also add, override or suppress groups.`,
    });
  }
  const scope = changed('scope');
  if (scope) {
    findings.push({
      id: 'scope-changed',
      text: `scope changed (${scope.after ?? scope.before ?? ''}): scopes come from the scopes requested at sign-in and allowed on the app client, and a V2_0 or V3_0 pre-token-generation trigger can add or suppress them.`,
    });
  }
  const attributeChanges = claims.changes.filter((c) => c.kind !== 'kept' && (ATTRIBUTE_CLAIMS.has(c.claim) || c.claim.startsWith('custom:')));
  if (attributeChanges.length > 0) {
    findings.push({
      id: 'attributes-changed',
      text: `User attributes differ (${attributeChanges.map((c) => c.claim).slice(0, 5).join(', ')}): the ID token carries the attributes as they were when it was issued, so an attribute update appears only after a refresh. Custom attributes need read permission on the app client.`,
    });
  }
  const triggerLike = claims.changes.filter(
    (c) => (c.kind === 'added' || c.kind === 'removed') && !COGNITO_CLAIMS.has(c.claim) && !ATTRIBUTE_CLAIMS.has(c.claim) && !c.claim.startsWith('custom:'),
  );
  if (triggerLike.length > 0 && A.view.kind === B.view.kind) {
    findings.push({
      id: 'trigger-claims',
      text: `Claims that Cognito does not issue by itself were ${verbOf(triggerLike)} (${triggerLike.map((c) => c.claim).slice(0, 5).join(', ')}): a pre-token-generation Lambda trigger adds or suppresses claims. V1_0 changes ID tokens only; V2_0 also access tokens (claims and scopes); V3_0 also access tokens of machine-to-machine (client credentials) clients. On a refresh the trigger runs with source TokenGeneration_RefreshTokens and may decide differently.`,
    });
  }
  if (header.some((h) => h.field === 'kid')) {
    findings.push({
      id: 'key-changed',
      text: 'Signed with different keys (kid): the user pool rotated its signing keys, or the tokens come from different pools. Verifiers must pick the key by kid from the pool\'s key set.',
    });
  }
  if (claims.changes.every((c) => c.kind === 'kept') && !claims.omitted && header.length === 0) {
    findings.push({ id: 'identical-claims', text: 'The claims are the same (apart from jti): both are copies of one token, or were issued from the same data.' });
  }
  const iatA = numericDate(pa.iat);
  const iatB = numericDate(pb.iat);
  if (iatA !== undefined && iatB !== undefined && iatA !== iatB) {
    const newer = iatB > iatA ? 'second' : 'first';
    findings.push({ id: 'newer', text: `The ${newer} token was issued ${formatDuration(Math.abs(iatB - iatA))} later.` });
  }
  return { a: A.view, b: B.view, header, claims, findings };
}

function verbOf(changes: readonly ClaimChange[]): string {
  const added = changes.some((c) => c.kind === 'added');
  const removed = changes.some((c) => c.kind === 'removed');
  return added && removed ? 'added and removed' : added ? 'added' : 'removed';
}
