// Versioned JSON for one stored session.
//
// The VS Code layer keeps each session as one SecretStorage value; this file
// is the only place that knows the layout. `parseSession` never throws: a
// value that cannot be read becomes a typed `SessionParseError`, which the UI
// shows as a "broken session" (delete or re-import) instead of failing the
// whole list. Error messages name fields, never their contents: a corrupt
// value may still hold a token.

import {
  HISTORY_NOTES,
  OAUTH_CLIENT_AUTH_METHODS,
  REFRESH_METHODS,
  type HistoryClaimChange,
  type HistoryEvent,
  type HistoryTokenChanges,
  type OAuthClientAuth,
  type HistoryNote,
  type LastError,
  type RefreshMethod,
  type RefreshOperation,
  type RotationHint,
  type Session,
  type SessionOperation,
  type SessionRecord,
  type SessionSecrets,
} from './model';
import { isRefreshTokenValiditySeconds, type RefreshTokenEnd, type RefreshTokenValidity, type RefreshTokenValiditySource, type TokenDiff } from '../token/diff';

/** Identifies our values among whatever else a SecretStorage holds. */
export const SESSION_FORMAT = 'cognito-token-debugger/session';
/**
 * Bump on any incompatible change, and teach `parseSession` to migrate the old one.
 * 1: one value held the session, its secrets and its whole history.
 * 2: the value carries a revision (`rev`, +1 on every write, so a write based on an old read
 *    can be refused) and no history: history lives in a value of its own (HISTORY_FORMAT) and
 *    is appended without rewriting the record. Version 1 values are read (their history
 *    comes along) and rewritten as version 2 on their next write.
 */
export const SESSION_SCHEMA_VERSION = 2;
/** The value holding one session's history (version 2 records). */
export const HISTORY_FORMAT = 'cognito-token-debugger/history';

export type SessionParseErrorCode =
  | 'invalid-json'
  | 'not-a-session'
  | 'unsupported-version'
  | 'invalid-field'
  | 'id-mismatch';

export interface SessionParseError {
  readonly code: SessionParseErrorCode;
  /** Safe to show: names the field, never its value. */
  readonly message: string;
  /** JSON path of the offending field, for `invalid-field`. */
  readonly path?: string;
  /** The version found, for `unsupported-version`. */
  readonly version?: number;
}

export type SessionParseResult =
  | { readonly ok: true; readonly record: SessionRecord }
  | { readonly ok: false; readonly error: SessionParseError };

interface SerializedSessionV2 {
  readonly format: typeof SESSION_FORMAT;
  readonly version: 2;
  readonly rev: number;
  readonly session: Session;
  readonly secrets: SessionSecrets;
  readonly lastError?: LastError;
}

/**
 * The record value (version 2): everything but the history, stamped with `rev`. The text is
 * JSON.stringify's of that value, with the secrets' long strings (the tokens) quoted through
 * `quoted`: a refresh writes its refresh token unchanged on every refresh.
 */
export function serializeSession(record: SessionRecord, rev: number = record.rev ?? 0): string {
  const secrets = secretsJson(record.secrets);
  if (secrets === undefined) {
    const value: SerializedSessionV2 = {
      format: SESSION_FORMAT,
      version: 2,
      rev,
      session: record.session,
      secrets: record.secrets,
      ...(record.lastError ? { lastError: record.lastError } : {}),
    };
    return JSON.stringify(value);
  }
  // The same text as above, in the same key order: format, version, rev, session, secrets, lastError.
  const head = JSON.stringify({ format: SESSION_FORMAT, version: 2, rev, session: record.session });
  const lastError = record.lastError ? `,"lastError":${JSON.stringify(record.lastError)}` : '';
  return `${head.slice(0, -1)},"secrets":${secrets}${lastError}}`;
}

/**
 * JSON.stringify(secrets) for a plain object of strings and numbers, its long strings through
 * `quoted`; undefined for anything else (the caller then stringifies the value as a whole).
 */
function secretsJson(secrets: SessionSecrets): string | undefined {
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets) || Object.getPrototypeOf(secrets) !== Object.prototype) return undefined;
  let out = '';
  for (const key of Object.keys(secrets)) {
    const v: unknown = (secrets as unknown as Record<string, unknown>)[key];
    if (v === undefined) continue;
    let text: string;
    if (typeof v === 'string') text = quoted(v);
    else if (typeof v === 'number') text = JSON.stringify(v);
    else return undefined;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  return `{${out}}`;
}

/**
 * JSON.stringify of a string, remembered for the last few long ones (tokens: quoting a token
 * costs about 1.6 ns a character, comparing it with `===` to one quoted before far less).
 * A ring, in memory only.
 */
function quoted(s: string): string {
  if (s.length < QUOTED_MIN_LENGTH) return JSON.stringify(s);
  for (let i = 0; i < quotedFrom.length; i++) if (quotedFrom[i] === s) return quotedAs[i]!;
  const text = JSON.stringify(s);
  quotedFrom[quotedNext] = s;
  quotedAs[quotedNext] = text;
  quotedNext = (quotedNext + 1) % QUOTED_KEPT;
  return text;
}
const QUOTED_MIN_LENGTH = 256;
const QUOTED_KEPT = 8;
const quotedFrom: string[] = [];
const quotedAs: string[] = [];
let quotedNext = 0;

/** The history value. `n` (the number of events) lets `appendHistory` append without parsing. */
export function serializeHistory(events: readonly HistoryEvent[]): string {
  return `${HISTORY_PREFIX}${events.length},"events":${JSON.stringify(events)}}`;
}

export type HistoryParseResult = { readonly ok: true; readonly events: HistoryEvent[] } | { readonly ok: false; readonly error: SessionParseError };

/** How every history value this version writes begins (JSON.stringify's key order), before the count. */
const HISTORY_PREFIX = `{"format":${JSON.stringify(HISTORY_FORMAT)},"version":1,"n":`;
const EVENTS_KEY = ',"events":[';

/**
 * Appends to a stored history value without parsing or validating its events again (they were
 * validated when written, and are validated whenever the history is read for display): the
 * refresh path appends on every refresh, and a history of events carrying claim diffs is tens
 * of KB. A value in this version's shape is extended as a string, and the oldest events beyond
 * `limit` are cut by scanning just past them (linear in what is dropped, not in what is kept).
 * Any other value (an older shape, or one that does not scan) is parsed as before; one that is
 * not a history starts a new one.
 */
export function appendHistory(text: string | undefined, events: readonly HistoryEvent[], limit: number): string {
  const max = Math.max(0, Math.floor(limit));
  const fast = text === undefined ? undefined : appendInPlace(text, events, max);
  if (fast !== undefined) return fast;
  let existing: unknown[] = [];
  if (text !== undefined) {
    try {
      const raw: unknown = JSON.parse(text);
      if (isObject(raw) && raw['format'] === HISTORY_FORMAT && raw['version'] === 1 && Array.isArray(raw['events'])) existing = raw['events'];
    } catch {
      existing = [];
    }
  }
  const all = [...existing, ...events];
  return serializeHistory(all.slice(Math.max(0, all.length - max)) as HistoryEvent[]);
}

/** The string append of `appendHistory`, or undefined when `text` is not in the shape it needs. */
function appendInPlace(text: string, events: readonly HistoryEvent[], max: number): string | undefined {
  if (!text.startsWith(HISTORY_PREFIX) || !text.endsWith(']}')) return undefined;
  const keyAt = text.indexOf(EVENTS_KEY, HISTORY_PREFIX.length);
  if (keyAt < 0 || keyAt - HISTORY_PREFIX.length > 15) return undefined;
  const digits = text.slice(HISTORY_PREFIX.length, keyAt);
  if (digits.length === 0) return undefined;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(digits);
  const bodyStart = keyAt + EVENTS_KEY.length;
  const bodyEnd = text.length - 2;
  if ((n === 0) !== (bodyEnd === bodyStart)) return undefined;
  const drop = Math.max(0, n + events.length - max);
  let kept = n;
  let added = events;
  let body: string;
  if (drop >= n) {
    body = '';
    kept = 0;
    added = events.slice(drop - n);
  } else if (drop > 0) {
    // Scanned in `text` itself (a slice of it reads each character through the slice).
    const cut = afterObjects(text, bodyStart, bodyEnd, drop);
    if (cut < 0) return undefined;
    body = text.slice(cut, bodyEnd);
    kept = n - drop;
  } else body = text.slice(bodyStart, bodyEnd);
  const tail = added.map((e) => JSON.stringify(e)).join(',');
  const joined = body.length > 0 && tail.length > 0 ? `${body},${tail}` : body + tail;
  return `${HISTORY_PREFIX}${kept + added.length}${EVENTS_KEY}${joined}]}`;
}

/**
 * The index just past the first `count` top-level JSON objects of the comma-separated list
 * `text[start, end)` (and the comma after the last of them), or -1 when it does not scan as
 * such. One pass over the dropped objects only; strings and escapes are honoured.
 */
function afterObjects(text: string, start: number, end: number, count: number): number {
  let i = start;
  for (let k = 0; k < count; k++) {
    if (i >= end || text.charCodeAt(i) !== 123 /* { */) return -1;
    let depth = 0;
    let inString = false;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92 /* \\ */) i++;
        else if (c === 34 /* " */) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) return -1;
    if (i < end) {
      if (text.charCodeAt(i) !== 44 /* , */) return -1;
      i++;
    }
  }
  return i;
}

/** Reads a history value. Never throws; names fields, never their values. */
export function parseHistory(text: string): HistoryParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'invalid-json', message: 'The stored history is not valid JSON.' } };
  }
  if (!isObject(raw) || raw['format'] !== HISTORY_FORMAT || raw['version'] !== 1) {
    return { ok: false, error: { code: 'not-a-session', message: 'The stored value is not a session history.' } };
  }
  try {
    return { ok: true, events: readEvents(raw['events'], 'events') };
  } catch (err) {
    if (err instanceof InvalidField) {
      return { ok: false, error: { code: 'invalid-field', message: `Field "${err.path}" is missing or invalid (expected ${err.expected}).`, path: err.path } };
    }
    throw err;
  }
}

export function parseSession(text: string, options: { expectedId?: string } = {}): SessionParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the input; it may hold a token.
    return fail({ code: 'invalid-json', message: 'The stored session is not valid JSON.' });
  }
  if (!isObject(raw) || raw['format'] !== SESSION_FORMAT) {
    return fail({ code: 'not-a-session', message: 'The stored value is not a Cognito Token Debugger session.' });
  }
  const version = raw['version'];
  if (version !== SESSION_SCHEMA_VERSION && version !== 1) {
    const newer = typeof version === 'number' && version > SESSION_SCHEMA_VERSION;
    return fail({
      code: 'unsupported-version',
      message: newer
        ? `The session was saved by a newer version of the extension (schema ${version}).`
        : 'The session has an unknown schema version.',
      ...(typeof version === 'number' ? { version } : {}),
    });
  }
  let record: SessionRecord;
  try {
    record = version === 1 ? readRecordV1(raw) : readRecordV2(raw);
  } catch (err) {
    if (err instanceof InvalidField) {
      return fail({ code: 'invalid-field', message: `Field "${err.path}" is missing or invalid (expected ${err.expected}).`, path: err.path });
    }
    throw err;
  }
  if (options.expectedId !== undefined && record.session.id !== options.expectedId) {
    return fail({ code: 'id-mismatch', message: 'The stored session belongs to a different id than the key it was read from.' });
  }
  return { ok: true, record };
}

function fail(error: SessionParseError): SessionParseResult {
  return { ok: false, error };
}

// ---------------------------------------------------------------------------
// Field readers. They throw `InvalidField` (caught above) with the JSON path.

class InvalidField extends Error {
  constructor(readonly path: string, readonly expected: string) {
    super(`invalid field ${path}`);
  }
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, path: string): Obj {
  if (!isObject(v)) throw new InvalidField(path, 'an object');
  return v;
}

function string(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new InvalidField(`${path}.${key}`, 'a non-empty string');
  return v;
}

function optString(o: Obj, key: string, path: string): string | undefined {
  return o[key] === undefined ? undefined : string(o, key, path);
}

function number(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidField(`${path}.${key}`, 'a finite number');
  return v;
}

function optNumber(o: Obj, key: string, path: string): number | undefined {
  return o[key] === undefined ? undefined : number(o, key, path);
}

function boolean(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new InvalidField(`${path}.${key}`, 'a boolean');
  return v;
}

function optBoolean(o: Obj, key: string, path: string): boolean | undefined {
  return o[key] === undefined ? undefined : boolean(o, key, path);
}

function oneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T {
  return member(o[key], `${path}.${key}`, values);
}

function member<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new InvalidField(path, `one of ${values.join(', ')}`);
  }
  return v as T;
}

function optOneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T | undefined {
  return o[key] === undefined ? undefined : oneOf(o, key, path, values);
}

function isoDate(o: Obj, key: string, path: string): string {
  const v = string(o, key, path);
  if (Number.isNaN(Date.parse(v))) throw new InvalidField(`${path}.${key}`, 'an ISO-8601 date');
  return v;
}

function optIsoDate(o: Obj, key: string, path: string): string | undefined {
  return o[key] === undefined ? undefined : isoDate(o, key, path);
}

function stringMap(o: Obj, key: string, path: string): Record<string, string> | undefined {
  if (o[key] === undefined) return undefined;
  const m = object(o[key], `${path}.${key}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string') throw new InvalidField(`${path}.${key}.${k}`, 'a string');
    out[k] = v;
  }
  return out;
}

/** Builds an object without the keys whose value is undefined. */
function compact<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  // On the refresh path (every record and history read): a plain loop, no intermediate arrays.
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

const REFRESH_OPERATIONS: readonly RefreshOperation[] = ['GetTokensFromRefreshToken', 'InitiateAuth', 'TokenEndpoint'];

/** Bounds of the newer fields (a stored value is read in full; these keep it small and sane). */
export const FIELD_LIMITS = {
  oauthDomain: 2048,
  deviceSecret: 4096,
  /** Changed claims kept per token kind. */
  changesPerToken: 64,
  claimName: 128,
  claimSummary: 200,
} as const;

function boundedString(o: Obj, key: string, path: string, max: number): string {
  const v = string(o, key, path);
  if (v.length > max) throw new InvalidField(`${path}.${key}`, `a string of at most ${max} characters`);
  return v;
}

function optBoundedString(o: Obj, key: string, path: string, max: number): string | undefined {
  return o[key] === undefined ? undefined : boundedString(o, key, path, max);
}

/** An http(s) origin: scheme, host and optional port, nothing else (a trailing slash is not accepted either). */
export function isOAuthDomainOrigin(v: string): boolean {
  if (v.length > FIELD_LIMITS.oauthDomain) return false;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  return url.origin === v;
}

/** An AWS profile name as the AWS CLI accepts them (letters, digits and + = , . @ _ -), at most 64; "" is the default chain. Linear, anchored. */
export function isAwsProfileName(v: string): boolean {
  return v === '' || /^[\w+=,.@-]{1,64}$/.test(v);
}

function optAwsProfile(o: Obj, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !isAwsProfileName(v)) throw new InvalidField(`${path}.${key}`, 'an AWS profile name (at most 64 letters, digits and + = , . @ _ -) or ""');
  return v;
}

function optOrigin(o: Obj, key: string, path: string): string | undefined {
  if (o[key] === undefined) return undefined;
  const v = string(o, key, path);
  if (!isOAuthDomainOrigin(v)) throw new InvalidField(`${path}.${key}`, 'an http(s) origin without a path');
  return v;
}

function readChanges(v: unknown, p: string): HistoryTokenChanges {
  const o = object(v, p);
  return compact<HistoryTokenChanges>({
    id: o['id'] === undefined ? undefined : readDiff(o['id'], `${p}.id`),
    access: o['access'] === undefined ? undefined : readDiff(o['access'], `${p}.access`),
    refreshToken: o['refreshToken'] === undefined ? undefined : readRefreshTokenEnd(o['refreshToken'], `${p}.refreshToken`),
  });
}

const VALIDITY_SOURCES: readonly RefreshTokenValiditySource[] = ['client-configuration', 'sandbox'];

/** The refresh token's end kept with a refresh (added after version 2 shipped: optional, so older events still load). */
function readRefreshTokenEnd(v: unknown, p: string): RefreshTokenEnd {
  const o = object(v, p);
  const validitySeconds = o['validitySeconds'];
  if (validitySeconds !== undefined && !isRefreshTokenValiditySeconds(validitySeconds)) throw new InvalidField(`${p}.validitySeconds`, 'a number of seconds up to 10 years');
  return compact<RefreshTokenEnd>({
    signInAt: isoDate(o, 'signInAt', p),
    validitySeconds: validitySeconds as number | undefined,
    validitySource: optOneOf<RefreshTokenValiditySource>(o, 'validitySource', p, VALIDITY_SOURCES),
    endsAt: optIsoDate(o, 'endsAt', p),
  });
}

function readRefreshTokenValidity(v: unknown, p: string): RefreshTokenValidity {
  const o = object(v, p);
  const seconds = o['seconds'];
  if (!isRefreshTokenValiditySeconds(seconds)) throw new InvalidField(`${p}.seconds`, 'a number of seconds up to 10 years');
  return { seconds, source: oneOf<RefreshTokenValiditySource>(o, 'source', p, VALIDITY_SOURCES) };
}

const CHANGE_KINDS: readonly HistoryClaimChange['kind'][] = ['added', 'removed', 'changed', 'kept'];

function readDiff(v: unknown, p: string): TokenDiff {
  const o = object(v, p);
  const omitted = o['omitted'];
  if (omitted !== undefined && (typeof omitted !== 'number' || !Number.isSafeInteger(omitted) || omitted < 0)) throw new InvalidField(`${p}.omitted`, 'a count');
  const changes = readClaimChanges(o['changes'], `${p}.changes`);
  return omitted === undefined ? { changes } : { changes, omitted };
}

function readClaimChanges(v: unknown, p: string): HistoryClaimChange[] {
  if (!Array.isArray(v) || v.length > FIELD_LIMITS.changesPerToken) throw new InvalidField(p, `an array of at most ${FIELD_LIMITS.changesPerToken} changes`);
  return v.map((c: unknown, i) => {
    const cp = `${p}[${i}]`;
    const o = object(c, cp);
    return compact<HistoryClaimChange>({
      claim: boundedString(o, 'claim', cp, FIELD_LIMITS.claimName),
      kind: oneOf(o, 'kind', cp, CHANGE_KINDS),
      before: optSummary(o, 'before', cp),
      after: optSummary(o, 'after', cp),
    });
  });
}

/** A value summary may be empty (an empty string claim). */
function optSummary(o: Obj, key: string, p: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > FIELD_LIMITS.claimSummary) throw new InvalidField(`${p}.${key}`, `a string of at most ${FIELD_LIMITS.claimSummary} characters`);
  return v;
}
const SESSION_OPERATIONS: readonly SessionOperation[] = [...REFRESH_OPERATIONS, 'RevokeToken', 'GlobalSignOut'];

function readEvents(v: unknown, path: string): HistoryEvent[] {
  if (!Array.isArray(v)) throw new InvalidField(path, 'an array');
  return v.map((e: unknown, i) => readEvent(object(e, `${path}[${i}]`), `${path}[${i}]`));
}

/** Version 1: the history inside the record; revision 0. */
function readRecordV1(raw: Obj): SessionRecord {
  const session = readSession(object(raw['session'], 'session'), 'session');
  const secrets = readSecrets(object(raw['secrets'], 'secrets'), 'secrets');
  const history = readEvents(raw['history'], 'history');
  const lastError = raw['lastError'] === undefined ? undefined : readLastError(object(raw['lastError'], 'lastError'), 'lastError');
  return compact<SessionRecord>({ session, secrets, history, lastError, rev: 0, legacyHistory: true });
}

/** Version 2: no history here (the store reads it from its own value). */
function readRecordV2(raw: Obj): SessionRecord {
  const session = readSession(object(raw['session'], 'session'), 'session');
  const secrets = readSecrets(object(raw['secrets'], 'secrets'), 'secrets');
  const rev = raw['rev'];
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 0) throw new InvalidField('rev', 'a revision number');
  const lastError = raw['lastError'] === undefined ? undefined : readLastError(object(raw['lastError'], 'lastError'), 'lastError');
  return compact<SessionRecord>({ session, secrets, history: [], lastError, rev });
}

function readSession(o: Obj, p: string): Session {
  const hint = o['rotationHint'] === undefined ? undefined : readRotationHint(object(o['rotationHint'], `${p}.rotationHint`), `${p}.rotationHint`);
  return compact<Session>({
    id: string(o, 'id', p),
    label: string(o, 'label', p),
    region: string(o, 'region', p),
    userPoolId: string(o, 'userPoolId', p),
    clientId: string(o, 'clientId', p),
    endpoint: optString(o, 'endpoint', p),
    refreshMethod: oneOf<RefreshMethod>(o, 'refreshMethod', p, REFRESH_METHODS),
    effectiveMethod: optOneOf<RefreshOperation>(o, 'effectiveMethod', p, REFRESH_OPERATIONS),
    deviceKey: optString(o, 'deviceKey', p),
    clientMetadata: stringMap(o, 'clientMetadata', p),
    username: optString(o, 'username', p),
    rotationHint: hint,
    refreshTokenValidity: o['refreshTokenValidity'] === undefined ? undefined : readRefreshTokenValidity(o['refreshTokenValidity'], `${p}.refreshTokenValidity`),
    oauthDomain: optOrigin(o, 'oauthDomain', p),
    oauthClientAuth: optOneOf<OAuthClientAuth>(o, 'oauthClientAuth', p, OAUTH_CLIENT_AUTH_METHODS),
    awsProfile: optAwsProfile(o, 'awsProfile', p),
    observedRotation: optBoolean(o, 'observedRotation', p),
    unsupportedSeen: optNumber(o, 'unsupportedSeen', p),
    effectiveMethodSince: optIsoDate(o, 'effectiveMethodSince', p),
    createdAt: isoDate(o, 'createdAt', p),
    updatedAt: isoDate(o, 'updatedAt', p),
  });
}

function readRotationHint(o: Obj, p: string): RotationHint {
  const graceSeconds = number(o, 'graceSeconds', p);
  // RetryGracePeriodSeconds is 0..60 in the Cognito API.
  if (graceSeconds < 0 || graceSeconds > 60) throw new InvalidField(`${p}.graceSeconds`, 'a number of seconds from 0 to 60');
  return { enabled: boolean(o, 'enabled', p), graceSeconds };
}

function readSecrets(o: Obj, p: string): SessionSecrets {
  return compact<SessionSecrets>({
    refreshToken: string(o, 'refreshToken', p),
    clientSecret: optString(o, 'clientSecret', p),
    idToken: optString(o, 'idToken', p),
    accessToken: optString(o, 'accessToken', p),
    tokensReceivedAt: optIsoDate(o, 'tokensReceivedAt', p),
    expiresIn: optNumber(o, 'expiresIn', p),
    deviceGroupKey: optBoundedString(o, 'deviceGroupKey', p, FIELD_LIMITS.deviceSecret),
    devicePassword: optBoundedString(o, 'devicePassword', p, FIELD_LIMITS.deviceSecret),
  });
}

function readEvent(o: Obj, p: string): HistoryEvent {
  let notes: HistoryNote[] | undefined;
  if (o['notes'] !== undefined) {
    const rawNotes = o['notes'];
    if (!Array.isArray(rawNotes)) throw new InvalidField(`${p}.notes`, 'an array');
    notes = rawNotes.map((n: unknown, i) => member<HistoryNote>(n, `${p}.notes[${i}]`, HISTORY_NOTES));
  }
  return compact<HistoryEvent>({
    at: isoDate(o, 'at', p),
    operation: oneOf<SessionOperation>(o, 'operation', p, SESSION_OPERATIONS),
    outcome: oneOf<'success' | 'error'>(o, 'outcome', p, ['success', 'error']),
    rotated: boolean(o, 'rotated', p),
    oldFingerprint: string(o, 'oldFingerprint', p),
    newFingerprint: optString(o, 'newFingerprint', p),
    errorName: optString(o, 'errorName', p),
    errorMessage: optString(o, 'errorMessage', p),
    httpStatus: optNumber(o, 'httpStatus', p),
    requestId: optString(o, 'requestId', p),
    latencyMs: number(o, 'latencyMs', p),
    notes,
    changes: o['changes'] === undefined ? undefined : readChanges(o['changes'], `${p}.changes`),
  });
}

function readLastError(o: Obj, p: string): LastError {
  return compact<LastError>({
    name: string(o, 'name', p),
    message: typeof o['message'] === 'string' ? o['message'] : '',
    at: isoDate(o, 'at', p),
    operation: oneOf<SessionOperation>(o, 'operation', p, SESSION_OPERATIONS),
    requestId: optString(o, 'requestId', p),
    catalogId: optString(o, 'catalogId', p),
    httpStatus: optNumber(o, 'httpStatus', p),
    code: optString(o, 'code', p),
  });
}
