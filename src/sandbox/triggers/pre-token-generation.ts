// A simulated pre token generation Lambda trigger: what a function's
// `claimsOverrideDetails` (V1_0) or `claimsAndScopeOverrideDetails` (V2_0,
// V3_0) response would do, written in the pool's config instead of a Lambda.
//
// From the developer guide, "Pre token generation Lambda trigger":
// - V1_0 customizes the ID token only: claimsToAddOrOverride (a string map),
//   claimsToSuppress, and groupOverrideDetails, which "will replace the
//   `cognito:groups` claim in access tokens as well as ID tokens".
// - V2_0 adds accessTokenGeneration (claimsToAddOrOverride, claimsToSuppress,
//   scopesToAdd, scopesToSuppress) for tokens of user authentication, and
//   claim values of any JSON type, except that the ID token's
//   phone_number_verified, email_verified, updated_at and address take no
//   complex (object or array) values.
// - V3_0 is V2_0 that also applies to machine-to-machine (client-credentials)
//   access tokens.
// - "If a value is both suppressed and replaced, then it will be suppressed."
// - The groupOverrideDetails object replaces the group configuration: an empty
//   one suppresses the groups.
// - The trigger runs at every token issue: sign-in (TokenGeneration_Authentication,
//   _NewPasswordChallenge, _AuthenticateDevice), managed login (_HostedAuth),
//   every refresh (_RefreshTokens), and for V3_0 client credentials.
//
// Claims no trigger may add, override or suppress: the guide lists acr, amr,
// aud, at_hash, auth_time, azp, cognito:username, exp, iat, identities, iss,
// jti, nbf, nonce, origin_jti, sub and token_use. Also refused here (assumed,
// see the README): event_id, and in access tokens client_id, username and
// scope (scopes change through scopesToAdd / scopesToSuppress); cognito:groups,
// cognito:roles and cognito:preferred_role change through groupOverride only
// ("for group related claims, use groupOverrideDetails instead"). A Lambda
// that returned such a claim would be caught at run time; the sandbox has no
// Lambda, so it refuses the config instead, with the reason.

export const PRE_TOKEN_GENERATION_VERSIONS = ['V1_0', 'V2_0', 'V3_0'] as const;
export type PreTokenGenerationVersion = (typeof PRE_TOKEN_GENERATION_VERSIONS)[number];

export interface TokenClaimsOverride {
  /** claimsToAddOrOverride: V1_0 takes strings only; V2_0 and V3_0 any JSON value but null. */
  addOrOverride?: Record<string, unknown>;
  /** claimsToSuppress: wins over addOrOverride. */
  suppress?: string[];
}

export interface AccessTokenOverride extends TokenClaimsOverride {
  scopesToAdd?: string[];
  scopesToSuppress?: string[];
}

export interface GroupOverride {
  groupsToOverride?: string[];
  iamRolesToOverride?: string[];
  preferredRole?: string;
}

export interface PreTokenGenerationConfig {
  version: PreTokenGenerationVersion;
  /** The app clients whose tokens it changes (a function that looks at callerContext.clientId). Default: every client of the pool. */
  clients?: string[];
  idToken?: TokenClaimsOverride;
  /** V2_0 and V3_0 only. */
  accessToken?: AccessTokenOverride;
  /** Replaces the user's groups in both tokens (every version); `{}` suppresses them. */
  groupOverride?: GroupOverride;
}

/** Claims the developer guide says a trigger cannot modify, in both tokens. */
export const DOCUMENTED_PROTECTED_CLAIMS = [
  'acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'cognito:username', 'exp', 'iat', 'identities', 'iss', 'jti', 'nbf',
  'nonce', 'origin_jti', 'sub', 'token_use',
] as const;
const PROTECTED_BOTH = new Set<string>([...DOCUMENTED_PROTECTED_CLAIMS, 'event_id']);
const PROTECTED_ACCESS = new Set<string>(['client_id', 'username', 'scope']);
const GROUP_CLAIMS = new Set<string>(['cognito:groups', 'cognito:roles', 'cognito:preferred_role']);
/** ID-token claims that take no complex value in V2_0 / V3_0. */
const SCALAR_ONLY_ID_CLAIMS = new Set<string>(['phone_number_verified', 'email_verified', 'updated_at', 'address']);

/** ScopeType: printable ASCII without space, quote or backslash (1..256). */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;
/** GroupNameType: letters, marks, symbols, numbers, punctuation (no spaces), 1..128. */
export const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const ROLE_ARN = /^arn:[\w+=/,.@:-]{1,2040}$/;
const MAX_CLAIM_NAME = 256;
const MAX_ENTRIES = 100;

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(problems: string[], o: Raw, path: string, known: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) problems.push(`${path}.${key}: unknown setting (known: ${known.join(', ')})`);
  }
}

function stringList(problems: string[], value: unknown, path: string, check: (s: string) => string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be an array of strings`);
    return undefined;
  }
  if (value.length > MAX_ENTRIES) {
    problems.push(`${path}: at most ${MAX_ENTRIES} entries`);
    return undefined;
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) return void problems.push(`${path}[${i}]: must be a non-empty string`);
    const bad = check(item);
    if (bad) return void problems.push(`${path}[${i}]: ${bad}`);
    out.push(item);
  });
  return out;
}

/** Why a trigger may not touch `claim` in a token of `kind`, or undefined when it may. */
export function protectedClaimReason(claim: string, kind: 'id' | 'access'): string | undefined {
  if (PROTECTED_BOTH.has(claim)) return `"${claim}" cannot be added, overridden or suppressed by a pre token generation trigger`;
  if (GROUP_CLAIMS.has(claim)) return `"${claim}" changes through groupOverride, not as a claim`;
  if (kind === 'access' && claim === 'scope') return '"scope" changes through scopesToAdd and scopesToSuppress, not as a claim';
  if (kind === 'access' && PROTECTED_ACCESS.has(claim)) return `"${claim}" cannot be added, overridden or suppressed in an access token`;
  return undefined;
}

function claimName(claim: string, kind: 'id' | 'access'): string | undefined {
  if (claim.length === 0 || claim.length > MAX_CLAIM_NAME) return `claim names have 1 to ${MAX_CLAIM_NAME} characters`;
  return protectedClaimReason(claim, kind);
}

function readClaims(
  problems: string[],
  raw: unknown,
  path: string,
  kind: 'id' | 'access',
  version: PreTokenGenerationVersion | undefined,
  extraKeys: readonly string[],
): { claims: TokenClaimsOverride; raw: Raw } | undefined {
  if (!isObject(raw)) {
    problems.push(`${path}: must be an object`);
    return undefined;
  }
  const claims: TokenClaimsOverride = {};
  if (raw.addOrOverride !== undefined) {
    if (!isObject(raw.addOrOverride)) {
      problems.push(`${path}.addOrOverride: must be an object of claim names and values`);
    } else {
      const entries = Object.entries(raw.addOrOverride);
      if (entries.length > MAX_ENTRIES) problems.push(`${path}.addOrOverride: at most ${MAX_ENTRIES} claims`);
      const out: Record<string, unknown> = {};
      for (const [name, value] of entries.slice(0, MAX_ENTRIES)) {
        const where = `${path}.addOrOverride["${name.slice(0, 60)}"]`;
        const bad = claimName(name, kind);
        if (bad) {
          problems.push(`${where}: ${bad}`);
          continue;
        }
        if (value === null || value === undefined) {
          problems.push(`${where}: must have a value (suppress a claim with "suppress")`);
        } else if (version === 'V1_0' && typeof value !== 'string') {
          problems.push(`${where}: V1_0 claimsToAddOrOverride takes string values only (V2_0 and V3_0 take numbers, booleans, arrays and objects)`);
        } else if (kind === 'id' && SCALAR_ONLY_ID_CLAIMS.has(name) && typeof value === 'object') {
          problems.push(`${where}: the ID token's ${name} takes no array or object value`);
        } else {
          out[name] = value;
        }
      }
      claims.addOrOverride = out;
    }
  }
  const suppress = stringList(problems, raw.suppress, `${path}.suppress`, (c) => claimName(c, kind));
  if (suppress) claims.suppress = suppress;
  unknownKeys(problems, raw, path, ['addOrOverride', 'suppress', ...extraKeys]);
  return { claims, raw };
}

function scopeProblem(s: string): string | undefined {
  return SCOPE.test(s) ? undefined : 'must be a scope name: 1 to 256 printable characters without spaces, quotes or backslashes';
}

/**
 * Checks a pre token generation setting (the pool's `preTokenGeneration`, or
 * the body of POST /__sandbox/pre-token-generation). Problems go to `problems`
 * with their path; returns undefined when there were any.
 */
export function readPreTokenGeneration(problems: string[], raw: unknown, path: string, clientIds: readonly string[]): PreTokenGenerationConfig | undefined {
  const before = problems.length;
  if (!isObject(raw)) {
    problems.push(`${path}: must be an object with "version" ("V1_0", "V2_0" or "V3_0")`);
    return undefined;
  }
  const version = (PRE_TOKEN_GENERATION_VERSIONS as readonly unknown[]).includes(raw.version) ? raw.version as PreTokenGenerationVersion : undefined;
  if (!version) problems.push(`${path}.version: must be "V1_0", "V2_0" or "V3_0"`);
  const out: PreTokenGenerationConfig = { version: version ?? 'V1_0' };

  const clients = stringList(problems, raw.clients, `${path}.clients`, (c) =>
    (clientIds.includes(c) ? undefined : `"${c.slice(0, 130)}" is not an app client of this pool`));
  if (clients) {
    if (clients.length === 0) problems.push(`${path}.clients: leave it out to apply to every app client, or name at least one`);
    out.clients = clients;
  }
  if (raw.idToken !== undefined) {
    const read = readClaims(problems, raw.idToken, `${path}.idToken`, 'id', version, []);
    if (read) out.idToken = read.claims;
  }
  if (raw.accessToken !== undefined) {
    if (version === 'V1_0') {
      problems.push(`${path}.accessToken: a V1_0 trigger changes only the ID token (and cognito:groups through groupOverride); access-token changes need "V2_0" or "V3_0"`);
    } else {
      const read = readClaims(problems, raw.accessToken, `${path}.accessToken`, 'access', version, ['scopesToAdd', 'scopesToSuppress']);
      if (read) {
        const access: AccessTokenOverride = read.claims;
        const add = stringList(problems, read.raw.scopesToAdd, `${path}.accessToken.scopesToAdd`, scopeProblem);
        if (add) access.scopesToAdd = add;
        const drop = stringList(problems, read.raw.scopesToSuppress, `${path}.accessToken.scopesToSuppress`, scopeProblem);
        if (drop) access.scopesToSuppress = drop;
        out.accessToken = access;
      }
    }
  }
  if (raw.groupOverride !== undefined) {
    if (!isObject(raw.groupOverride)) {
      problems.push(`${path}.groupOverride: must be an object ({} suppresses the groups)`);
    } else {
      const g = raw.groupOverride;
      const group: GroupOverride = {};
      const groups = stringList(problems, g.groupsToOverride, `${path}.groupOverride.groupsToOverride`, (n) =>
        (GROUP_NAME.test(n) ? undefined : 'must be a group name: 1 to 128 letters, digits, symbols or punctuation, no spaces'));
      if (groups) group.groupsToOverride = groups;
      const roles = stringList(problems, g.iamRolesToOverride, `${path}.groupOverride.iamRolesToOverride`, (r) =>
        (ROLE_ARN.test(r) ? undefined : 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)'));
      if (roles) group.iamRolesToOverride = roles;
      if (g.preferredRole !== undefined) {
        if (typeof g.preferredRole === 'string' && ROLE_ARN.test(g.preferredRole)) group.preferredRole = g.preferredRole;
        else problems.push(`${path}.groupOverride.preferredRole: must be an IAM role ARN`);
      }
      unknownKeys(problems, g, `${path}.groupOverride`, ['groupsToOverride', 'iamRolesToOverride', 'preferredRole']);
      out.groupOverride = group;
    }
  }
  unknownKeys(problems, raw, path, ['version', 'clients', 'idToken', 'accessToken', 'groupOverride']);
  return problems.length === before ? out : undefined;
}

type Claims = Record<string, unknown>;

function appliesTo(trigger: PreTokenGenerationConfig, clientId: string): boolean {
  return trigger.clients === undefined || trigger.clients.includes(clientId);
}

function addOrSuppress(claims: Claims, change: TokenClaimsOverride | undefined): void {
  if (!change) return;
  for (const [name, value] of Object.entries(change.addOrOverride ?? {})) {
    // Never a claim a config (or a config edited by hand in a state file) should not reach.
    if (protectedClaimReason(name, claims.token_use === 'access' ? 'access' : 'id') === undefined) claims[name] = structuredClone(value);
  }
  for (const name of change.suppress ?? []) {
    if (protectedClaimReason(name, claims.token_use === 'access' ? 'access' : 'id') === undefined) delete claims[name];
  }
}

function changeScopes(claims: Claims, change: AccessTokenOverride): void {
  if (change.scopesToAdd === undefined && change.scopesToSuppress === undefined) return;
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((s) => s !== '') : [];
  for (const s of change.scopesToAdd ?? []) if (!scopes.includes(s)) scopes.push(s);
  const drop = new Set(change.scopesToSuppress ?? []);
  const kept = scopes.filter((s) => !drop.has(s));
  // Assumed: an access token left without scopes has no scope claim.
  if (kept.length > 0) claims.scope = kept.join(' ');
  else delete claims.scope;
}

function overrideGroups(id: Claims, access: Claims, group: GroupOverride): void {
  for (const claim of GROUP_CLAIMS) delete id[claim];
  delete access['cognito:groups'];
  // Cognito leaves a claim out rather than send an empty list.
  if (group.groupsToOverride && group.groupsToOverride.length > 0) {
    id['cognito:groups'] = [...group.groupsToOverride];
    access['cognito:groups'] = [...group.groupsToOverride];
  }
  if (group.iamRolesToOverride && group.iamRolesToOverride.length > 0) id['cognito:roles'] = [...group.iamRolesToOverride];
  if (group.preferredRole !== undefined) id['cognito:preferred_role'] = group.preferredRole;
}

/**
 * Applies the trigger to the claims of a user's ID and access tokens (changed
 * in place) before they are signed: group override first, then each token's
 * additions, then its suppressions (suppression wins), then the access token's scopes.
 */
export function applyToUserTokens(trigger: PreTokenGenerationConfig | undefined, clientId: string, id: Claims, access: Claims): void {
  if (!trigger || !appliesTo(trigger, clientId)) return;
  if (trigger.groupOverride) overrideGroups(id, access, trigger.groupOverride);
  addOrSuppress(id, trigger.idToken);
  if (trigger.version === 'V1_0' || !trigger.accessToken) return;
  addOrSuppress(access, trigger.accessToken);
  changeScopes(access, trigger.accessToken);
}

/** A client-credentials access token: only a V3_0 trigger changes it (no user, so no groups). */
export function applyToClientCredentialsToken(trigger: PreTokenGenerationConfig | undefined, clientId: string, access: Claims): void {
  if (!trigger || trigger.version !== 'V3_0' || !appliesTo(trigger, clientId) || !trigger.accessToken) return;
  addOrSuppress(access, trigger.accessToken);
  changeScopes(access, trigger.accessToken);
}
