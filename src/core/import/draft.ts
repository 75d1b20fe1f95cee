// Turns the tokens found in a paste into a SessionDraft: region, user pool and
// client id from the ID token (`iss`, `aud`) or the access token (`iss`,
// `client_id`), then from hints (an Amplify key, a `ClientId` field), with a
// note wherever the sources disagree. Tokens win over hints: they are what
// Cognito issued, a hint is what someone typed or a library stored.

import { decodeToken, type DecodedToken } from '../token';
import { assessRefreshToken } from './refreshShape';
import { CLIENT_ID, listOf, REGION, safe, USER_POOL_ID } from './text';
import type { MissingField, PasteKind, SessionDraft } from './types';

/** A value found next to the tokens, and where, for notes ("the localStorage key"). */
export interface Hint {
  value: string;
  source: string;
}

export interface TokenSet {
  refreshToken: string;
  idToken?: string;
  accessToken?: string;
  expiresIn?: number;
  deviceKey?: string;
  clientId?: Hint;
  userPoolId?: Hint;
  region?: Hint;
  /** A username the container knew (the Amplify key's user part). Used only when no token names the user. */
  username?: string;
  /** A sign-in name (Amplify `signInDetails.loginId`), for the label. */
  loginId?: string;
  notes?: string[];
}

interface Sourced {
  value: string;
  source: string;
}

/** Build the draft. The refresh token must already have passed `assessRefreshToken`. */
export function buildDraft(kind: PasteKind, set: TokenSet, now: number): SessionDraft {
  const notes: string[] = [...(set.notes ?? [])];
  // Hints come from keys and fields anyone could have typed: keep only well-formed ones.
  const hintClient = validHint(set.clientId, CLIENT_ID, 'app client id', notes);
  const hintPool = validHint(set.userPoolId, USER_POOL_ID, 'user pool id', notes);
  const hintRegion = validHint(set.region, /^[a-z0-9-]{1,32}$/, 'region', notes);

  const refresh = assessRefreshToken(set.refreshToken, now, true);
  if (refresh.ok && refresh.note !== undefined) notes.push(refresh.note);

  // Classify the ID and access tokens by their content, not by the field they came in.
  let id: DecodedToken | undefined;
  let access: DecodedToken | undefined;
  for (const [field, raw] of [
    ['ID token', set.idToken],
    ['access token', set.accessToken],
  ] as const) {
    if (raw === undefined || raw.trim() === '') continue;
    const result = decodeToken(raw, { now });
    if (!result.ok) {
      notes.push(`The ${field} was left out: ${result.error.message}`);
      continue;
    }
    const token = result.token;
    const actual = token.format === 'jws' ? token.cognito.kind : 'unknown';
    if (actual === 'id' && id === undefined) {
      id = token;
      if (field !== 'ID token') notes.push(`The ${field} field holds an ID token; it was used as the ID token.`);
    } else if (actual === 'access' && access === undefined) {
      access = token;
      if (field !== 'access token') notes.push(`The ${field} field holds an access token; it was used as the access token.`);
    } else if (actual === 'id' || actual === 'access') {
      notes.push(`The ${field} was left out: it is a second ${actual === 'id' ? 'ID' : 'access'} token.`);
    } else {
      notes.push(`The ${field} was left out: it is not a Cognito ${field} (no token_use "${field === 'ID token' ? 'id' : 'access'}").`);
    }
  }
  // A refresh token that is a signed JWT (cognito-local) can name the pool too.
  const refreshJws = refresh.ok && refresh.shape === 'jws' ? refresh.decoded : undefined;

  const idc = id?.cognito;
  const acc = access?.cognito;
  const rfc = refreshJws?.cognito;

  // An issuer that claims to be AWS counts only in its exact form, with a pool of its own Region.
  const issuers = (
    [
      [idc, 'ID token'],
      [acc, 'access token'],
      [rfc, 'refresh token'],
    ] as const
  ).filter(([c, which]) => {
    if (c?.userPoolId === undefined || !looksAws(c.issuerKind, c.issuer) || isStrictAwsIssuer(c.issuer, c.region, c.userPoolId)) return true;
    notes.push(
      `The ${which}'s issuer looks like AWS but is not https://cognito-idp.<region>.amazonaws.com/<poolId> with a user pool of that Region; its user pool and Region were not used.`,
    );
    return false;
  });
  const pools: Sourced[] = [];
  for (const [c, which] of issuers) if (c?.userPoolId !== undefined) pools.push({ value: c.userPoolId, source: `the ${which} (iss)` });
  if (hintPool !== undefined) pools.push(hintPool);
  const userPoolId = pick(pools, 'user pool id', notes);

  // Region and endpoint come with the pool: take them from the token that gave the pool.
  const issuerEntry = issuers.find(([c]) => c?.userPoolId !== undefined && c.userPoolId === userPoolId);
  const issuerToken = issuerEntry?.[0];
  const regions: Sourced[] = [];
  if (issuerToken?.region !== undefined) regions.push({ value: issuerToken.region, source: 'the token issuer' });
  if (hintRegion !== undefined) regions.push(hintRegion);
  const region = pick(regions, 'region', notes);
  // A non-AWS issuer only suggests an endpoint: the tokens are not verified, so sending the
  // refresh token there needs the user's confirmation of this exact URL (chooseEndpoint).
  const suggestedUrl = issuerToken?.issuerKind === 'compatible' && issuerToken.issuer !== undefined ? endpointOf(issuerToken.issuer) : undefined;
  const suggestedEndpoint =
    suggestedUrl !== undefined && issuerEntry !== undefined
      ? { url: suggestedUrl, source: `the iss claim of the ${issuerEntry[1]} (not verified)` }
      : undefined;

  const clients: Sourced[] = [];
  if (idc?.clientId !== undefined) clients.push({ value: idc.clientId, source: 'the ID token (aud)' });
  if (acc?.clientId !== undefined) clients.push({ value: acc.clientId, source: 'the access token (client_id)' });
  if (hintClient !== undefined) clients.push(hintClient);
  const clientId = pick(clients, 'app client id', notes);

  if (idc?.sub !== undefined && acc?.sub !== undefined && idc.sub !== acc.sub) {
    notes.push('The ID token and the access token belong to different users (their sub claims differ); check that they come from the same sign-in.');
  }

  const username =
    nonEmpty(idc?.username) ?? nonEmpty(acc?.username) ?? nonEmpty(idc?.sub) ?? nonEmpty(acc?.sub) ?? plausibleName(set.username);
  const email = id?.payload !== undefined && typeof id.payload.email === 'string' ? nonEmpty(id.payload.email) : undefined;
  const who = plausibleName(email) ?? plausibleName(set.loginId) ?? plausibleName(username);
  const label = who === undefined ? userPoolId : userPoolId === undefined ? who : `${who} @ ${userPoolId}`;

  const draft: SessionDraft = {
    kind,
    ...(region !== undefined ? { region } : {}),
    ...(userPoolId !== undefined ? { userPoolId } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(username !== undefined ? { username } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(suggestedEndpoint !== undefined ? { suggestedEndpoint } : {}),
    secrets: {
      refreshToken: set.refreshToken.trim(),
      ...(id !== undefined ? { idToken: id.raw } : {}),
      ...(access !== undefined ? { accessToken: access.raw } : {}),
      ...(set.expiresIn !== undefined ? { expiresIn: set.expiresIn } : {}),
    },
    ...(nonEmpty(set.deviceKey) !== undefined ? { deviceKey: set.deviceKey?.trim() } : {}),
    missing: [],
    notes,
  };
  draft.missing = missingOf(draft);
  return draft;
}

export function missingOf(draft: SessionDraft): MissingField[] {
  const missing: MissingField[] = [];
  if (draft.region === undefined) missing.push('region');
  if (draft.userPoolId === undefined) missing.push('userPoolId');
  if (draft.clientId === undefined) missing.push('clientId');
  if (draft.secrets.refreshToken === '') missing.push('refreshToken');
  return missing;
}

/**
 * The one form of an AWS user-pool issuer: `https://cognito-idp.<region>.amazonaws.com/<poolId>`
 * (`.amazonaws.com.cn` in the China Regions), a valid Region, and a pool id of that Region.
 * Compared as a whole string, so no port, user info, path, query or trailing slash slips in.
 */
export function isStrictAwsIssuer(issuer: string | undefined, region: string | undefined, userPoolId: string | undefined): boolean {
  if (issuer === undefined || region === undefined || userPoolId === undefined) return false;
  if (!REGION.test(region) || USER_POOL_ID.exec(userPoolId)?.[1] !== region) return false;
  return issuer === `${awsEndpointOf(region)}/${userPoolId}`;
}

/** An issuer AWS would own: classified as AWS, or any URL on an amazonaws.com host (with a port, a FIPS host, a path...). */
function looksAws(kind: 'aws' | 'compatible' | undefined, issuer: string | undefined): boolean {
  if (kind === 'aws') return true;
  if (issuer === undefined) return false;
  try {
    const host = new URL(issuer).hostname.toLowerCase();
    return host === 'amazonaws.com' || host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn');
  } catch {
    return false;
  }
}

/** The AWS endpoint the SDK uses for `region`: `https://cognito-idp.<region>.amazonaws.com` (`.com.cn` in China). */
export function awsEndpointOf(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** The issuer without its trailing `/<poolId>`: `http://127.0.0.1:9229/local_abc` → `http://127.0.0.1:9229`. */
export function endpointOf(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return undefined;
  }
  const parts = url.pathname.split('/').filter((p) => p !== '');
  parts.pop();
  return `${url.origin}${parts.length > 0 ? `/${parts.join('/')}` : ''}`;
}

/** The first value; a note naming every source when they disagree. */
function pick(candidates: readonly Sourced[], what: string, notes: string[]): string | undefined {
  const first = candidates[0];
  if (first === undefined) return undefined;
  const distinct = new Set(candidates.map((c) => c.value));
  if (distinct.size > 1) {
    const each = candidates.map((c) => `${c.source} says "${safe(c.value)}"`);
    notes.push(`The ${what} differs: ${listOf(each)}. Using "${safe(first.value)}" from ${first.source}.`);
  }
  return first.value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A hint that matches `pattern`; otherwise a note (naming the source, not the value) and undefined. */
function validHint(hint: Hint | undefined, pattern: RegExp, what: string, notes: string[]): Hint | undefined {
  if (hint === undefined) return undefined;
  const value = hint.value.trim();
  if (pattern.test(value)) return { value, source: hint.source };
  notes.push(`Ignored the ${what} in ${hint.source}: it is not a valid ${what}.`);
  return undefined;
}

/**
 * A username or sign-in name fit to show and store with the session (which
 * holds no secrets): at most 128 characters (Cognito's limit), single line,
 * and not a token pasted in the wrong place.
 */
function plausibleName(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  // eslint-disable-next-line no-control-regex
  if (v === undefined || v.length > 128 || /[\u0000-\u001f]/.test(v) || /eyJ[\w-]*\./.test(v)) return undefined;
  return v;
}
