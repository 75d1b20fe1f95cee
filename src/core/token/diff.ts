/**
 * A claim-level diff of two tokens, small enough to keep in a session's history: claim
 * names and short value summaries (at most SUMMARY_MAX characters each), never whole
 * tokens or long values. Lists (`cognito:groups`, `cognito:roles`, `amr`, `scope`, an
 * array `aud`) are summarised as their difference, "+admins -beta". Decoding only: nothing
 * here checks a signature. Never throws; anything that is not a signed JWT on either side
 * gives an empty diff.
 */
import { decodeToken } from './decode';
import { numericDate } from './time';
import { formatDuration, formatLocalAndUtc } from '../../shared/format';

export type ClaimChangeKind = 'added' | 'removed' | 'changed' | 'kept';

/**
 * One claim's change. `before`/`after` are summaries, not values:
 * - scalars: the value, cut to SUMMARY_MAX characters ("…" marks a cut);
 * - time claims (`exp`, `iat`, `nbf`, `auth_time`): the instant as "2026-12-01T23:54:13Z";
 *   for `exp`/`iat`/`nbf` that changed, `after` also carries the shift, "2026-12-01T23:54:13Z (+60 min)";
 * - lists that changed: `after` is the difference "+admins -beta" and `before` is absent;
 *   an added list is "+a +b" in `after`, a removed one "-a -b" in `before`.
 * `kept` is reported only for the claims that matter for diagnosis (KEPT_CLAIMS).
 */
export interface ClaimChange {
  readonly claim: string;
  readonly kind: ClaimChangeKind;
  readonly before?: string;
  readonly after?: string;
}

/** Plain JSON (serializable as is). `omitted`: changes left off past MAX_CHANGES. */
export interface TokenDiff {
  readonly changes: readonly ClaimChange[];
  readonly omitted?: number;
}

/** Longest summary kept in a ClaimChange (and longest claim name). */
export const SUMMARY_MAX = 40;
/** Most changes a diff keeps; the rest are counted in `omitted`. */
export const MAX_CHANGES = 32;

/** Claims whose staying the same says something (same sign-in, same user, same auth event). */
export const KEPT_CLAIMS: readonly string[] = ['sub', 'auth_time', 'origin_jti', 'event_id'];
/** Claims that differ on every issue and say nothing by changing. */
const NOISE_CLAIMS: ReadonlySet<string> = new Set(['jti']);
const TIME_CLAIMS: ReadonlySet<string> = new Set(['exp', 'iat', 'nbf', 'auth_time']);
const SHIFT_CLAIMS: ReadonlySet<string> = new Set(['exp', 'iat', 'nbf']);
const SPACE_LIST_CLAIMS: ReadonlySet<string> = new Set(['scope']);
/** Claims shown first, in this order; the rest follow by name. */
const LEADING: readonly string[] = ['sub', 'auth_time', 'origin_jti', 'event_id', 'exp', 'iat', 'nbf', 'token_use'];
const LEADING_SET: ReadonlySet<string> = new Set(LEADING);

const EMPTY: TokenDiff = Object.freeze({ changes: Object.freeze([]) as readonly ClaimChange[] });

/** The claims of a signed JWT, or undefined for anything else (JWE, garbage, undefined). */
export function payloadOf(raw: string | undefined): Record<string, unknown> | undefined {
  if (typeof raw !== 'string') return undefined;
  const decoded = decodeToken(raw);
  return decoded.ok ? decoded.token.payload : undefined;
}

/** Diff the claims of `before` against `after`. Never throws. */
export function diffTokens(before: string | undefined, after: string | undefined): TokenDiff {
  try {
    const a = payloadOf(before);
    const b = payloadOf(after);
    if (a === undefined || b === undefined) return EMPTY;
    return diffClaims(a, b);
  } catch {
    return EMPTY;
  }
}

/** Diff two claim sets (decoded payloads). Never throws. */
export function diffClaims(a: Record<string, unknown>, b: Record<string, unknown>): TokenDiff {
  try {
    return diffPayloads(a, b);
  } catch {
    return EMPTY;
  }
}

function diffPayloads(a: Record<string, unknown>, b: Record<string, unknown>): TokenDiff {
  const names = orderedNames(a, b);
  const changes: ClaimChange[] = [];
  let omitted = 0;
  for (const name of names) {
    const change = claimChange(name, a, b);
    if (change === undefined) continue;
    if (changes.length < MAX_CHANGES) changes.push(change);
    else omitted++;
  }
  return omitted > 0 ? { changes, omitted } : { changes };
}

/** The claims of either side, once each: LEADING's first (in its order), then the rest by name. */
function orderedNames(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const k of LEADING) if (has(a, k) || has(b, k)) names.push(k);
  const rest: string[] = [];
  for (const k of Object.keys(a)) if (!LEADING_SET.has(k)) rest.push(k);
  for (const k of Object.keys(b)) if (!LEADING_SET.has(k) && !has(a, k)) rest.push(k);
  rest.sort();
  for (const k of rest) names.push(k);
  return names;
}

function has(o: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function claimChange(name: string, a: Record<string, unknown>, b: Record<string, unknown>): ClaimChange | undefined {
  if (NOISE_CLAIMS.has(name)) return undefined;
  const inA = has(a, name);
  const inB = has(b, name);
  const va = a[name];
  const vb = b[name];
  if (inA && !inB) {
    const list = listOf(name, va);
    return { claim: claimLabel(name), kind: 'removed', before: list ? listSummary([], list) : summary(name, va) };
  }
  if (!inA && inB) {
    const list = listOf(name, vb);
    return { claim: claimLabel(name), kind: 'added', after: list ? listSummary(list, []) : summary(name, vb) };
  }
  // Most claims of a refresh are unchanged and not KEPT_CLAIMS: they cost no label or summary.
  if (va === vb && !KEPT_CLAIMS.includes(name)) return undefined;
  const claim = claimLabel(name);
  const la = listOf(name, va);
  const lb = listOf(name, vb);
  if (la && lb) {
    const delta = listDelta(la, lb);
    if (delta.added.length === 0 && delta.removed.length === 0) {
      return undefined;
    }
    return { claim, kind: 'changed', after: listSummary(delta.added, delta.removed) };
  }
  if (sameValue(va, vb)) {
    if (!KEPT_CLAIMS.includes(name)) return undefined;
    const s = summary(name, va);
    return { claim, kind: 'kept', before: s, after: s };
  }
  const before = summary(name, va);
  let after = summary(name, vb);
  if (SHIFT_CLAIMS.has(name)) {
    const ta = numericDate(va);
    const tb = numericDate(vb);
    if (ta !== undefined && tb !== undefined) after = `${after} (${signedDuration(tb - ta)})`;
  }
  return { claim, kind: 'changed', before, after };
}

/** The claim's name as shown: inert, cut to SUMMARY_MAX. */
function claimLabel(name: string): string {
  return cut(inert(name));
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  try {
    return JSON.stringify(x) === JSON.stringify(y);
  } catch {
    return false;
  }
}

/** "+60 min", "-5 s", "0 s". */
function signedDuration(seconds: number): string {
  if (seconds === 0) return '0 s';
  return `${seconds > 0 ? '+' : '-'}${formatDuration(Math.abs(seconds))}`;
}

// ───────────────────────────── lists ─────────────────────────────

function listOf(name: string, value: unknown): string[] | undefined {
  if (SPACE_LIST_CLAIMS.has(name) && typeof value === 'string') return splitSpaces(value);
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value as unknown[]) out.push(typeof item === 'string' ? item : safeJson(item));
  return out;
}

/** Split on ASCII whitespace without a regular expression (one pass). */
function splitSpaces(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const space = c === 32 || c === 9 || c === 10 || c === 13;
    if (space) {
      if (start !== -1) out.push(s.slice(start, i));
      start = -1;
    } else if (start === -1) start = i;
  }
  return out;
}

function listDelta(a: readonly string[], b: readonly string[]): { added: string[]; removed: string[] } {
  const inA = new Set(a);
  const inB = new Set(b);
  const added = [...inB].filter((x) => !inA.has(x));
  const removed = [...inA].filter((x) => !inB.has(x));
  return { added, removed };
}

/** "+admins +ops -beta", cut at SUMMARY_MAX with the number of items left off: "+a +b … (3 more)". */
function listSummary(added: readonly string[], removed: readonly string[]): string {
  const items = [...added.map((x) => `+${inert(x)}`), ...removed.map((x) => `-${inert(x)}`)];
  if (items.length === 0) return '(empty)';
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? '';
    const next = out === '' ? item : `${out} ${item}`;
    const left = items.length - i - 1;
    const tail = left > 0 ? ` … (${left} more)` : '';
    if (next.length + tail.length <= SUMMARY_MAX) {
      out = next;
      continue;
    }
    const more = ` … (${items.length - i} more)`;
    if (out === '') return cut(item);
    return out.length + more.length <= SUMMARY_MAX ? `${out}${more}` : cut(`${out}${more}`);
  }
  return out;
}

// ─────────────────────────── summaries ───────────────────────────

function summary(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name)) {
    const t = numericDate(value);
    if (t !== undefined) return isoSeconds(t);
  }
  if (typeof value === 'string') {
    if (looksLikeToken(value)) return `(a token, ${value.length} chars)`;
    return cut(inert(value));
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return cut(inert(safeJson(value)));
  if (typeof value === 'object') return cut(inert(safeJson(value)));
  return cut(inert(String(value)));
}

/** "2026-12-01T23:54:13Z" (seconds precision; fractions dropped). */
export function isoSeconds(epochSeconds: number): string {
  const seconds = Math.floor(epochSeconds);
  const known = isoMemo.get(seconds);
  if (known !== undefined) return known;
  const iso = new Date(seconds * 1000).toISOString();
  const text = iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  if (isoMemo.size >= ISO_MEMO_SIZE) isoMemo.delete(isoMemo.keys().next().value as number);
  isoMemo.set(seconds, text);
  return text;
}

/**
 * The instants formatted last: a refresh formats the same few several times (`auth_time` in
 * both tokens' diffs and the refresh token's end; the previous `exp`/`iat`, formatted by the
 * refresh before as new ones). Bounded; the oldest goes first.
 */
const isoMemo = new Map<number, string>();
const ISO_MEMO_SIZE = 16;

function looksLikeToken(s: string): boolean {
  return s.length > 40 && s.startsWith('eyJ') && s.indexOf('.') !== -1;
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return typeof s === 'string' ? s : String(v);
  } catch {
    return '(unprintable)';
  }
}

/** Cut to SUMMARY_MAX characters, "…" marking the cut; never splits a surrogate pair. */
function cut(s: string): string {
  if (s.length <= SUMMARY_MAX) return s;
  let end = SUMMARY_MAX - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/**
 * Control, bidi and zero-width characters replaced by "?", so a summary reads as what it
 * is wherever it is shown. Looks at a bounded prefix only: longer input comes back longer than
 * SUMMARY_MAX, so the caller's cut() still marks it as cut.
 */
function inert(s: string): string {
  const head = s.length > SUMMARY_MAX * 4 ? s.slice(0, SUMMARY_MAX * 4) : s;
  // Scan first: almost every claim name and value has nothing to replace, and is returned as is.
  let i = 0;
  while (i < head.length && !unsafeChar(head.charCodeAt(i))) i++;
  if (i === head.length) return head;
  let out = head.slice(0, i);
  for (; i < head.length; i++) out += unsafeChar(head.charCodeAt(i)) ? '?' : head[i];
  return out;
}

/** Control, bidi and zero-width characters (what `inert` replaces). */
function unsafeChar(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff;
}

// ─────────────────────────── wording ───────────────────────────

/**
 * One line for a change: "cognito:groups +admins -beta", "new exp 2026-12-01T23:54:13Z (+60 min)",
 * "auth_time kept (2026-12-01T22:54:13Z)", "custom:tier free → pro", "added custom:x = 1",
 * "removed email_verified (was true)".
 */
export function describeClaimChange(change: ClaimChange): string {
  const { claim, kind, before, after } = change;
  switch (kind) {
    case 'kept':
      return `${claim} kept${before !== undefined ? ` (${before})` : ''}`;
    case 'added':
      return `added ${claim}${after !== undefined ? ` = ${after}` : ''}`;
    case 'removed':
      return `removed ${claim}${before !== undefined ? ` (was ${before})` : ''}`;
    case 'changed':
      if (SHIFT_CLAIMS.has(claim)) return `new ${claim} ${after ?? '?'}`;
      if (before === undefined) return `${claim} ${after ?? '?'}`;
      return `${claim} ${before} → ${after ?? '?'}`;
  }
}

// ─────────────────── the refresh token's absolute end ───────────────────

/**
 * Where a known refresh token validity came from: the app client's configuration as
 * DescribeUserPoolClient returned it, or the built-in sandbox's configuration of the client.
 */
export type RefreshTokenValiditySource = 'client-configuration' | 'sandbox';

/** The app client's refresh token validity (`RefreshTokenValidity` in `TokenValidityUnits.RefreshToken`), in seconds. */
export interface RefreshTokenValidity {
  readonly seconds: number;
  readonly source: RefreshTokenValiditySource;
}

/** Longest refresh token validity accepted: Cognito's maximum, 10 years (3,650 days). */
export const MAX_REFRESH_TOKEN_VALIDITY_SECONDS = 3650 * 86400;

/**
 * What can be known of a refresh token's absolute end, kept with a refresh's history event.
 * Cognito's refresh token expires the app client's refresh token validity (60 minutes to 10
 * years, 30 days by default) after the user signed in, and rotation does not move that end (a
 * rotated refresh token keeps the sign-in's expiry). The sign-in is the ID/access token's
 * `auth_time`, the same in every token of one sign-in. Plain JSON; instants, never a token.
 */
export interface RefreshTokenEnd {
  /** ISO-8601 (seconds): the sign-in, from `auth_time`. */
  readonly signInAt: string;
  /** The app client's refresh token validity in seconds, when known. */
  readonly validitySeconds?: number;
  /** Where `validitySeconds` came from (present with it). */
  readonly validitySource?: RefreshTokenValiditySource;
  /** ISO-8601 (seconds): `signInAt` + `validitySeconds`; absent when the validity is unknown. */
  readonly endsAt?: string;
}

/** A usable validity: a whole number of seconds from 1 to 10 years. */
export function isRefreshTokenValiditySeconds(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= MAX_REFRESH_TOKEN_VALIDITY_SECONDS;
}

/**
 * The refresh token's end from the first claim set holding a usable `auth_time` (pass the new
 * tokens first, then the previous ones: the sign-in is kept across refreshes) and the validity,
 * when known. Undefined when no claim set has an `auth_time`. Never throws.
 */
export function refreshTokenEnd(
  claimSets: readonly (Record<string, unknown> | undefined)[],
  validity?: RefreshTokenValidity,
): RefreshTokenEnd | undefined {
  try {
    let authTime: number | undefined;
    for (const claims of claimSets) {
      const t = claims === undefined ? undefined : numericDate(claims['auth_time']);
      if (t !== undefined && t > 0) {
        authTime = Math.floor(t);
        break;
      }
    }
    if (authTime === undefined) return undefined;
    const signInAt = isoSeconds(authTime);
    if (!validity || !isRefreshTokenValiditySeconds(validity.seconds)) return { signInAt };
    const end = numericDate(authTime + validity.seconds);
    if (end === undefined) return { signInAt };
    return { signInAt, validitySeconds: validity.seconds, validitySource: validity.source, endsAt: isoSeconds(end) };
  } catch {
    return undefined;
  }
}

const SECONDS_PER: readonly [number, string][] = [
  [365 * 86400, 'year'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A validity as configured: "30 days", "12 hours", "90 minutes" (the largest unit that divides it). */
export function validityText(seconds: number): string {
  for (const [size, unit] of SECONDS_PER) {
    if (size < 365 * 86400 && seconds >= size && seconds % size === 0) return plural(seconds / size, unit);
  }
  return plural(Math.floor(seconds), 'second');
}

/** A duration rounded to its largest sensible unit: "29 days", "5 hours", "12 minutes", "40 seconds", "3 years". */
export function roughDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 90) return plural(s, 'second');
  if (s < 90 * 60) return plural(Math.round(s / 60), 'minute');
  if (s < 23.5 * 3600) return plural(Math.round(s / 3600), 'hour');
  if (s < 2 * 365 * 86400) return plural(Math.round(s / 86400), 'day');
  return plural(Math.round(s / (365 * 86400)), 'year');
}

function ago(seconds: number): string {
  return seconds >= 0 ? `${roughDuration(seconds)} ago` : `in ${roughDuration(seconds)}`;
}

const SOURCE_TEXT: Readonly<Record<RefreshTokenValiditySource, string>> = {
  'client-configuration': "the app client's configuration",
  sandbox: "the sandbox's client configuration",
};

/**
 * One sentence, relative to `nowMs`:
 * "refresh token ends in about 29 days (sign-in 1 day ago + 30 days validity)",
 * "refresh token ended about 2 days ago (sign-in 32 days ago + 30 days validity)",
 * "refresh token end unknown: sign-in 1 day ago, validity unknown".
 */
export function describeRefreshTokenEnd(end: RefreshTokenEnd, nowMs: number): string {
  const signIn = Date.parse(end.signInAt);
  const sinceSignIn = (nowMs - signIn) / 1000;
  const endMs = end.endsAt !== undefined ? Date.parse(end.endsAt) : NaN;
  if (!Number.isFinite(signIn)) return 'refresh token end unknown';
  if (end.validitySeconds === undefined || !Number.isFinite(endMs)) return `refresh token end unknown: sign-in ${ago(sinceSignIn)}, validity unknown`;
  const left = (endMs - nowMs) / 1000;
  const basis = `sign-in ${ago(sinceSignIn)} + ${validityText(end.validitySeconds)} validity`;
  return left > 0 ? `refresh token ends in about ${roughDuration(left)} (${basis})` : `refresh token ended about ${roughDuration(left)} ago (${basis})`;
}

/** Where the validity came from, for a tooltip or note: "from the app client's configuration". */
export function refreshTokenEndSource(end: RefreshTokenEnd): string | undefined {
  return end.validitySource !== undefined ? `from ${SOURCE_TEXT[end.validitySource] ?? 'the configuration'}` : undefined;
}

/**
 * The sentence with the instant beside it, local time with UTC, for a history row's tooltip and
 * the inspector's timeline: "Refresh token ends in about 29 days (sign-in 1 day ago + 30 days
 * validity, from the app client's configuration): 2026-12-30 13:00:00 (local, UTC+01:00) ·
 * 12:00:00 UTC", or, validity unknown, "Refresh token end unknown: sign-in 1 day ago, validity
 * unknown; signed in 2026-11-30 13:00:00 (local, UTC+01:00) · 12:00:00 UTC".
 */
export function refreshTokenEndText(end: RefreshTokenEnd, nowMs: number, offsetMinutes?: number): string {
  const local = (ms: number): string => (offsetMinutes === undefined ? formatLocalAndUtc(ms) : formatLocalAndUtc(ms, offsetMinutes));
  const sentence = describeRefreshTokenEnd(end, nowMs);
  const capital = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
  const endMs = end.endsAt !== undefined ? Date.parse(end.endsAt) : NaN;
  if (end.validitySeconds !== undefined && Number.isFinite(endMs)) {
    const source = refreshTokenEndSource(end);
    const withSource = source !== undefined && capital.endsWith(')') ? `${capital.slice(0, -1)}, ${source})` : capital;
    return `${withSource}: ${local(endMs)}`;
  }
  const signIn = Date.parse(end.signInAt);
  return Number.isFinite(signIn) ? `${capital}; signed in ${local(signIn)}` : capital;
}
