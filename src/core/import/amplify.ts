// Amplify (v5 and v6) and amazon-cognito-identity-js keep a signed-in user's
// tokens in localStorage (or cookies, with Amplify v6's SSR setting) under:
//   CognitoIdentityServiceProvider.<clientId>.LastAuthUser        = <username>
//   CognitoIdentityServiceProvider.<clientId>.<username>.<field>  = value
// with fields idToken, accessToken, refreshToken, clockDrift, deviceKey,
// deviceGroupKey, randomPasswordKey, userData (identity-js), signInDetails and
// oauthMetadata (Amplify v6). Client ids contain no dot (`[\w+]+`); usernames
// can (emails), so the field is what follows the last dot.

import { buildDraft, type TokenSet } from './draft';
import { assessRefreshToken, describeRefreshProblem } from './refreshShape';
import { listOf, plural, safe } from './text';
import { MAX_ALTERNATIVES, type ParseResult, type SessionDraft } from './types';

export const AMPLIFY_PREFIX = 'CognitoIdentityServiceProvider.';

const FIELDS = new Set([
  'idToken',
  'accessToken',
  'refreshToken',
  'clockDrift',
  'deviceKey',
  'deviceGroupKey',
  'randomPasswordKey',
  'userData',
  'signInDetails',
  'oauthMetadata',
  'tokenScopesString',
]);

/** Bound on users kept per dump; a real browser profile has a handful. */
const MAX_USERS = 1000;

interface AmplifyUser {
  readonly clientId: string;
  readonly user: string;
  readonly fields: Map<string, string>;
}

interface AmplifyClient {
  readonly clientId: string;
  lastAuthUser?: string;
  readonly users: Map<string, AmplifyUser>;
}

export interface AmplifyDump {
  readonly clients: Map<string, AmplifyClient>;
}

export function isAmplifyKey(key: string): boolean {
  return key.trim().startsWith(AMPLIFY_PREFIX);
}

/** Group the Amplify keys among `pairs`; undefined when there are none. */
export function collectAmplify(pairs: Iterable<readonly [string, string]>): AmplifyDump | undefined {
  const clients = new Map<string, AmplifyClient>();
  let users = 0;
  let any = false;
  for (const [rawKey, value] of pairs) {
    const key = rawKey.trim();
    if (!key.startsWith(AMPLIFY_PREFIX)) continue;
    const rest = key.slice(AMPLIFY_PREFIX.length);
    const dot = rest.indexOf('.');
    if (dot <= 0) continue;
    const clientId = rest.slice(0, dot);
    const remainder = rest.slice(dot + 1);
    let client = clients.get(clientId);
    if (remainder === 'LastAuthUser') {
      any = true;
      client ??= newClient(clients, clientId);
      if (client.lastAuthUser === undefined && value.trim() !== '') client.lastAuthUser = value.trim();
      continue;
    }
    const lastDot = remainder.lastIndexOf('.');
    if (lastDot <= 0) continue;
    const field = remainder.slice(lastDot + 1);
    const user = remainder.slice(0, lastDot);
    if (!FIELDS.has(field)) continue;
    any = true;
    client ??= newClient(clients, clientId);
    let entry = client.users.get(user);
    if (entry === undefined) {
      if (users >= MAX_USERS) continue;
      users++;
      entry = { clientId, user, fields: new Map() };
      client.users.set(user, entry);
    }
    if (!entry.fields.has(field)) entry.fields.set(field, value);
  }
  return any ? { clients } : undefined;
}

function newClient(clients: Map<string, AmplifyClient>, clientId: string): AmplifyClient {
  const client: AmplifyClient = { clientId, users: new Map() };
  clients.set(clientId, client);
  return client;
}

/** Pick the session: the LastAuthUser of a client when it has a refresh token; every other usable user is an alternative. */
export function amplifyResult(dump: AmplifyDump, now: number, fail: (recognised: string, hint?: string) => ParseResult): ParseResult {
  interface Candidate {
    user: AmplifyUser;
    isLast: boolean;
  }
  const usable: Candidate[] = [];
  const unusable: { user: AmplifyUser; why: string }[] = [];
  const lastWithoutRefresh: string[] = [];

  for (const client of dump.clients.values()) {
    const last = client.lastAuthUser === undefined ? undefined : findUser(client, client.lastAuthUser);
    const ordered = last === undefined ? [...client.users.values()] : [last, ...[...client.users.values()].filter((u) => u !== last)];
    for (const user of ordered) {
      const refresh = user.fields.get('refreshToken');
      if (refresh === undefined) {
        if (user === last) lastWithoutRefresh.push(user.user);
        continue;
      }
      const check = assessRefreshToken(refresh, now, true);
      if (check.ok) usable.push({ user, isLast: user === last });
      else {
        unusable.push({ user, why: describeRefreshProblem(check.problem, check.detail) });
        if (user === last) lastWithoutRefresh.push(user.user);
      }
    }
  }

  const chosen = usable.find((c) => c.isLast) ?? usable[0];
  if (chosen === undefined) {
    const clientIds = [...dump.clients.keys()].map((c) => `"${safe(c)}"`);
    const userNames = [...dump.clients.values()].flatMap((c) => [...c.users.keys()]).map((u) => `"${safe(u)}"`);
    const hasId = [...dump.clients.values()].some((c) => [...c.users.values()].some((u) => u.fields.has('idToken')));
    const where = `an Amplify localStorage dump (app client ${listOf(clientIds.slice(0, 3))}${
      userNames.length > 0 ? `; ${plural(userNames.length, 'user')}: ${listOf(userNames.slice(0, 5))}` : '; no user entries'
    })`;
    const first = unusable[0];
    if (first !== undefined) {
      return fail(`${where} whose refreshToken entry holds ${first.why}`, 'Copy the value of the refreshToken key again, whole.');
    }
    return fail(
      `${where} ${hasId ? 'with an ID token but no refresh token' : 'without a refreshToken entry'}`,
      'The user may be signed out, or the app keeps tokens elsewhere (Amplify v6 with SSR keeps them in cookies; copy document.cookie instead).',
    );
  }

  const draftOf = (c: Candidate, notes: string[]): SessionDraft => buildDraft('amplify-local-storage', tokenSetOf(c.user, notes), now);

  const notes: string[] = [];
  const sameClient = usable.filter((c) => c.user.clientId === chosen.user.clientId);
  const clientsWithUsers = new Set(usable.map((c) => c.user.clientId));
  if (sameClient.length > 1) {
    notes.push(
      chosen.isLast
        ? `Several users found in the localStorage dump; used the LastAuthUser '${safe(chosen.user.user)}'. The others are offered as alternatives.`
        : `Several users found in the localStorage dump and none of them is the LastAuthUser; used '${safe(chosen.user.user)}'. The others are offered as alternatives.`,
    );
  }
  if (clientsWithUsers.size > 1) {
    notes.push(
      `Sessions for ${clientsWithUsers.size} app clients found; used app client '${safe(chosen.user.clientId)}'. The others are offered as alternatives.`,
    );
  }
  const skippedLast = lastWithoutRefresh.filter((u) => u !== chosen.user.user);
  if (skippedLast.length > 0 && !chosen.isLast) {
    notes.push(`The LastAuthUser '${safe(skippedLast[0] ?? '')}' has no usable refresh token stored; used '${safe(chosen.user.user)}' instead.`);
  }
  if (unusable.length > 0) {
    notes.push(`Skipped ${plural(unusable.length, 'user')} whose refreshToken entry is not a usable token.`);
  }

  const alternatives = usable
    .filter((c) => c !== chosen)
    .slice(0, MAX_ALTERNATIVES)
    .map((c) => draftOf(c, []));
  const draft = draftOf(chosen, notes);
  return alternatives.length > 0 ? { ok: true, draft, alternatives } : { ok: true, draft };
}

function findUser(client: AmplifyClient, name: string): AmplifyUser | undefined {
  const exact = client.users.get(name);
  if (exact !== undefined) return exact;
  // Cookie storage may percent-encode the username part of the key, or the value.
  const decoded = decode(name);
  for (const user of client.users.values()) {
    if (decode(user.user) === decoded) return user;
  }
  return undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function tokenSetOf(user: AmplifyUser, notes: string[]): TokenSet {
  const f = user.fields;
  const idToken = f.get('idToken');
  const accessToken = f.get('accessToken');
  const deviceKey = f.get('deviceKey');
  const loginId = readLoginId(f.get('signInDetails'));
  return {
    refreshToken: f.get('refreshToken') ?? '',
    ...(idToken !== undefined ? { idToken } : {}),
    ...(accessToken !== undefined ? { accessToken } : {}),
    ...(deviceKey !== undefined && deviceKey.trim() !== '' ? { deviceKey } : {}),
    clientId: { value: user.clientId, source: 'the localStorage key' },
    username: decode(user.user),
    ...(loginId !== undefined ? { loginId } : {}),
    notes,
  };
}

/** Amplify v6 `signInDetails`: `{"loginId":"jdoe@example.com","authFlowType":"USER_SRP_AUTH"}`. */
function readLoginId(json: string | undefined): string | undefined {
  if (json === undefined || json.length > 4096) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null && 'loginId' in value) {
      const loginId = (value as { loginId?: unknown }).loginId;
      return typeof loginId === 'string' && loginId.trim() !== '' ? loginId.trim() : undefined;
    }
  } catch {
    // Not JSON: ignore.
  }
  return undefined;
}
