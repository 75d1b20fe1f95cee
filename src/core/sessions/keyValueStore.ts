// A SessionStore over any string key-value backend with the shape of
// VS Code's SecretStorage (get/store/delete returning thenables), so the
// VS Code layer only passes `context.secrets`. Each session is one value
// (versioned JSON, see serialize.ts), so every write of a session is a single
// atomic `store`. An index value lists the ids, because SecretStorage cannot
// enumerate its keys.
//
// Each record carries a revision (`rev`). The refresh path's write (`commit`)
// states the revision it read and is refused when the store holds another one,
// so a window that lost a race never writes its stale tokens or error over the
// winner's record. History lives in a value of its own and is appended, never
// rewritten together with the tokens. Writes are serialized per session id
// within this process; across windows, refreshes are coordinated by a lease
// (see refresh/coordination.ts) and the revision check catches the rest.

import { createHash } from 'node:crypto';
import { appendBounded } from './history';
import { KeyedSerializer } from './keyedSerializer';
import type { HistoryEvent, Session, SessionRecord } from './model';
import { appendHistory, isAwsProfileName, isOAuthDomainOrigin, parseHistory, parseSession, serializeHistory, serializeSession, type SessionParseResult } from './serialize';
import {
  BrokenSessionError,
  SessionNotFoundError,
  StaleRecordError,
  type CommitChange,
  type CommitOptions,
  type CommitResult,
  type AttemptsRecord,
  type ListEntry,
  type LoadResult,
  type SessionStore,
  type SettingsPatch,
  type TokenUpdate,
} from './store';

/**
 * What one write of this store put into the backend, reported to `onWrite` right after the
 * write, so a caller holding a snapshot can update it from what was written instead of reading
 * the values back (the VS Code layer: one Refresh Session then costs no reads of its own).
 */
export interface StoreWrite {
  readonly id: string;
  /** The revision now stored. */
  readonly rev: number;
  /** A digest of the stored record's text (see `loadUnlessDigest`). */
  readonly digest: string;
  /** The record as stored, without its history. */
  readonly record: SessionRecord;
  /**
   * The history as stored after this write, parsed on demand; undefined when this write did
   * not touch the history value (it is as it was). A commit with `historyInBackground` tells
   * the history it is writing, before that write has ended.
   */
  readonly history: (() => HistoryEvent[]) | undefined;
}

export interface SecretBackend {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export const DEFAULT_KEY_PREFIX = 'cognitoTokenDebugger.';

const INDEX_LOCK = '\u0000index';

export class KeyValueSessionStore implements SessionStore {
  private readonly serializer = new KeyedSerializer();

  /** Told of every record this store wrote (see StoreWrite); a throwing observer is ignored. */
  onWrite: ((write: StoreWrite) => void) | undefined;

  /**
   * With `cache`: the values this store last read or wrote, by key, each with the generation of
   * its key it was obtained in, and valid only while that is still the key's generation (until
   * `changed(key)` says the backend's value may differ). Without it every read goes to the backend.
   */
  private readonly known: Map<string, { readonly generation: number; readonly value: string | undefined }> | undefined;
  /** History appends still running after their commit resolved (historyInBackground), by session id. */
  private readonly historyPending = new Map<string, Promise<boolean>>();
  /** Bumped by `changed(key)`: what was known or read before a bump is not used after it. */
  private readonly generations = new Map<string, number>();
  /** Backend reads in flight (not `fresh` ones), by key: a read of the same generation shares it. */
  private readonly reading = new Map<string, { readonly generation: number; readonly text: Promise<string | undefined> }>();
  /**
   * The record text parsed last per session id and what it parsed to, so the same text is never
   * parsed twice (a refresh reads its record before sending and again for its write). Keyed by
   * the exact text, so nothing can make it stale; the result is frozen, since every read of that
   * text hands out the same objects. Bounded; in memory only.
   */
  private readonly parsed = new Map<string, { readonly text: string; readonly result: SessionParseResult }>();

  /**
   * `cache: true` only for a backend whose every change, from this process or another, is reported
   * to `changed(key)` (VS Code's SecretStorage.onDidChange): reads of a value nobody changed since
   * this store last read or wrote it then cost no backend call. A value this store used is read
   * again as soon as its change is reported (the echo of this store's own write too, which
   * cannot be told from another window's), so the next read finds it already read: a refresh
   * does not wait for a SecretStorage round trip to re-read the record its previous refresh wrote.
   */
  constructor(
    private readonly backend: SecretBackend,
    private readonly prefix: string = DEFAULT_KEY_PREFIX,
    options: { readonly cache?: boolean } = {},
  ) {
    this.known = options.cache ? new Map() : undefined;
  }

  /** The backend's value of `key` changed or may have (in this window or another): forget it, and read it again when it was in use. */
  changed(key: string): void {
    this.bump(key, true);
  }

  /** Forgets every value known (the next reads go to the backend). */
  forgetKnown(): void {
    if (!this.known) return;
    for (const key of [...this.known.keys()]) this.bump(key, false);
  }

  private bump(key: string, readAgain: boolean): void {
    if (!this.known) return;
    const inUse = this.known.delete(key);
    this.generations.set(key, this.generation(key) + 1);
    // Read now, off any caller's path: a failure only means the next read goes to the backend.
    if (readAgain && inUse) this.read(key).catch(() => undefined);
  }

  private generation(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  private read(key: string, options: { readonly fresh?: boolean } = {}): Promise<string | undefined> {
    const known = this.known;
    if (!known) return Promise.resolve(this.backend.get(key));
    const generation = this.generation(key);
    if (!options.fresh) {
      const entry = known.get(key);
      if (entry !== undefined && entry.generation === generation) return Promise.resolve(entry.value);
      const inFlight = this.reading.get(key);
      if (inFlight !== undefined && inFlight.generation === generation) return inFlight.text;
    }
    const text = Promise.resolve(this.backend.get(key)).then((value) => {
      // Known only while no change was reported since this read began.
      if (this.generation(key) === generation) known.set(key, { generation, value });
      return value;
    });
    if (!options.fresh) {
      const mine = { generation, text };
      this.reading.set(key, mine);
      const done = () => {
        if (this.reading.get(key) === mine) this.reading.delete(key);
      };
      text.then(done, done);
    }
    return text;
  }

  private async write(key: string, value: string): Promise<void> {
    const generation = this.generation(key);
    try {
      await this.backend.store(key, value);
    } catch (err) {
      this.known?.delete(key);
      throw err;
    }
    // A change reported while the write was in flight may be another window's: then only a read
    // made after that report (the one `changed` started) is known.
    if (this.known && this.generation(key) === generation) this.known.set(key, { generation, value });
  }

  private async remove(key: string): Promise<void> {
    this.known?.delete(key);
    try {
      await this.backend.delete(key);
    } finally {
      this.changed(key);
    }
  }

  private told(id: string, rev: number, record: SessionRecord, text: string, historyText: string | undefined): void {
    if (!this.onWrite) return;
    const { history: _history, legacyHistory: _legacy, ...rest } = record;
    let parsed: HistoryEvent[] | undefined;
    const history =
      historyText === undefined
        ? undefined
        : () => {
            if (parsed === undefined) {
              const r = parseHistory(historyText);
              parsed = r.ok ? r.events : [];
            }
            return parsed;
          };
    try {
      this.onWrite({ id, rev, digest: digestOf(text), record: { ...rest, rev, history: [] }, history });
    } catch {
      // The observer's problem: the write itself succeeded.
    }
  }

  /** `fresh`: read the backend even when this store knows the value (see `cache`). */
  async load(id: string, options: { readonly history?: boolean; readonly fresh?: boolean } = {}): Promise<LoadResult> {
    const text = await this.read(this.entryKey(id), options.fresh ? { fresh: true } : {});
    if (text === undefined) return { kind: 'missing' };
    const parsed = this.parseRecord(id, text);
    if (!parsed.ok) return { kind: 'broken', error: parsed.error };
    const record = parsed.record;
    if (options.history === false || record.legacyHistory) return { kind: 'found', record };
    return { kind: 'found', record: { ...record, history: await this.readHistory(id) } };
  }

  /**
   * The record without its history, or 'unchanged' when its stored text still has `digest` (a
   * StoreWrite's): one read, and no parsing when nothing changed.
   */
  async loadUnlessDigest(id: string, digest: string | undefined): Promise<LoadResult | { kind: 'unchanged' }> {
    const text = await this.read(this.entryKey(id));
    if (text === undefined) return { kind: 'missing' };
    if (digest !== undefined && digestOf(text) === digest) return { kind: 'unchanged' };
    const parsed = this.parseRecord(id, text);
    return parsed.ok ? { kind: 'found', record: parsed.record } : { kind: 'broken', error: parsed.error };
  }

  /** One session's history alone (one read). */
  history(id: string): Promise<HistoryEvent[]> {
    return this.readHistory(id);
  }

  /** Sessions without secrets' use and without history: one read per session. */
  async list(): Promise<ListEntry[]> {
    const ids = await this.readIndex();
    const entries: ListEntry[] = [];
    for (const id of ids) {
      const loaded = await this.load(id, { history: false });
      if (loaded.kind === 'found') {
        const { session, lastError } = loaded.record;
        entries.push(lastError ? { kind: 'ok', session, lastError } : { kind: 'ok', session });
      } else if (loaded.kind === 'broken') {
        entries.push({ kind: 'broken', id, error: loaded.error });
      }
    }
    return entries;
  }

  /** The ids in the index, in order. */
  ids(): Promise<string[]> {
    return this.readIndex();
  }

  put(record: SessionRecord): Promise<void> {
    const id = record.session.id;
    return this.serializer.run(id, async () => {
      // A replaced record continues the stored revisions, so writes based on the old one are refused.
      const before = await this.read(this.entryKey(id));
      const prior = before === undefined ? undefined : parseSession(before, { expectedId: id });
      const rev = Math.max(record.rev ?? 0, prior?.ok ? (prior.record.rev ?? 0) : 0) + 1;
      if (record.history.length > 0) await this.write(this.historyKey(id), serializeHistory(record.history));
      else if (before !== undefined) await this.remove(this.historyKey(id));
      await this.write(this.entryKey(id), serializeSession(record, rev));
      await this.updateIndex((ids) => (ids.includes(id) ? ids : [...ids, id]));
    });
  }

  delete(id: string): Promise<boolean> {
    return this.serializer.run(id, async () => {
      const existed = (await this.read(this.entryKey(id))) !== undefined;
      await this.updateIndex((ids) => ids.filter((x) => x !== id));
      await this.remove(this.entryKey(id));
      await this.remove(this.historyKey(id));
      // A removed session's text is not kept in memory.
      this.parsed.delete(id);
      return existed;
    });
  }

  commit(id: string, change: CommitChange, options: CommitOptions = {}): Promise<CommitResult> {
    return this.serializer.runThen<CommitResult>(id, async () => {
      const key = this.entryKey(id);
      const record = await this.readForWrite(id);
      const found = record.rev ?? 0;
      if (change.baseRev !== undefined && change.baseRev !== found) throw new StaleRecordError(id, change.baseRev, found);
      const rev = found + 1;
      const next = applyChange(record, change);
      // A version 1 record held its history: move it to its own value before the record
      // stops carrying it.
      if (record.legacyHistory) {
        const historyText = serializeHistory(appendBounded(record.history, change.events, change.historyLimit));
        await this.write(this.historyKey(id), historyText);
        const text = serializeSession(next, rev);
        await this.write(key, text);
        this.told(id, rev, next, text, historyText);
        return { value: { rev, historySaved: true } };
      }
      // The record first: the tokens in it are what must survive. The history's current value is
      // read meanwhile (a read changes nothing); the history is written once the record is.
      const recordText = serializeSession(next, rev);
      const historyBefore = change.events.length > 0 ? settle(this.read(this.historyKey(id))) : undefined;
      await this.write(key, recordText);
      if (!historyBefore) {
        this.told(id, rev, next, recordText, undefined);
        return { value: { rev, historySaved: true } };
      }
      // The history as it is to be stored (undefined when its value could not be read).
      let historyText: string | undefined;
      const before = await historyBefore;
      try {
        if (before.ok) historyText = appendHistory(before.value, change.events, change.historyLimit);
      } catch {
        historyText = undefined;
      }
      const writeHistory = async (): Promise<boolean> => {
        if (historyText === undefined) return false;
        try {
          await this.write(this.historyKey(id), historyText);
          return true;
        } catch {
          return false;
        }
      };
      if (!options.historyInBackground) {
        const saved = await writeHistory();
        this.told(id, rev, next, recordText, saved ? historyText : undefined);
        return { value: { rev, historySaved: saved } };
      }
      // Told with the history being written, so this window shows it at once; when the write
      // fails, the caller holds the events and writes them with the next write.
      this.told(id, rev, next, recordText, historyText);
      const saved = writeHistory();
      this.historyPending.set(id, saved);
      void saved.then(() => {
        if (this.historyPending.get(id) === saved) this.historyPending.delete(id);
      });
      return { value: { rev, historySaved: saved }, after: saved };
    });
  }

  async saveTokens(id: string, tokens: TokenUpdate): Promise<void> {
    await this.commit(id, { tokens, events: [], historyLimit: Number.MAX_SAFE_INTEGER, at: tokens.receivedAt });
  }

  async recordAttempts(id: string, change: AttemptsRecord): Promise<void> {
    const result = await this.commit(id, { ...change });
    if (result.historySaved === false) throw new Error('The history could not be saved.');
  }

  updateSettings(id: string, patch: SettingsPatch): Promise<void> {
    return this.mutate(id, (record) => {
      let s: Session = { ...record.session, updatedAt: patch.at };
      if (patch.label !== undefined) s = { ...s, label: patch.label };
      if (patch.refreshMethod !== undefined) {
        s = withOptional(withOptional(withOptional({ ...s, refreshMethod: patch.refreshMethod }, 'effectiveMethod', null), 'effectiveMethodSince', null), 'unsupportedSeen', null);
      }
      if (patch.endpoint !== undefined) s = withOptional(s, 'endpoint', patch.endpoint);
      if (patch.deviceKey !== undefined) s = withOptional(s, 'deviceKey', patch.deviceKey);
      if (patch.clientMetadata !== undefined) s = withOptional(s, 'clientMetadata', patch.clientMetadata);
      if (patch.username !== undefined) s = withOptional(s, 'username', patch.username);
      if (patch.rotationHint !== undefined) s = withOptional(s, 'rotationHint', patch.rotationHint);
      if (patch.refreshTokenValidity !== undefined) {
        if (patch.refreshTokenValidity !== null && !validValiditySeconds(patch.refreshTokenValidity.seconds)) throw new RangeError('refreshTokenValidity.seconds must be 1 s to 10 years.');
        s = withOptional(s, 'refreshTokenValidity', patch.refreshTokenValidity);
      }
      if (patch.oauthDomain !== undefined) {
        if (patch.oauthDomain !== null && !isOAuthDomainOrigin(patch.oauthDomain)) throw new RangeError('oauthDomain must be an http(s) origin without a path, query or credentials.');
        s = withOptional(s, 'oauthDomain', patch.oauthDomain);
      }
      if (patch.oauthClientAuth !== undefined) s = withOptional(s, 'oauthClientAuth', patch.oauthClientAuth);
      if (patch.awsProfile !== undefined) {
        if (patch.awsProfile !== null && !isAwsProfileName(patch.awsProfile)) throw new RangeError('awsProfile must be an AWS profile name or "".');
        s = withOptional(s, 'awsProfile', patch.awsProfile);
      }
      if (patch.region !== undefined) s = { ...s, region: patch.region };
      if (patch.userPoolId !== undefined) s = { ...s, userPoolId: patch.userPoolId };
      if (patch.clientId !== undefined) s = { ...s, clientId: patch.clientId };
      let secrets = record.secrets;
      if (patch.clientSecret !== undefined) secrets = withOptional(secrets, 'clientSecret', patch.clientSecret);
      return { ...record, session: s, secrets };
    });
  }

  /** Atomic read-modify-write of one stored record (not its history), on the latest revision. */
  private mutate(id: string, change: (record: SessionRecord) => SessionRecord): Promise<void> {
    return this.serializer.run(id, async () => {
      const key = this.entryKey(id);
      const record = await this.readForWrite(id);
      const historyText = record.legacyHistory ? serializeHistory(record.history) : undefined;
      if (historyText !== undefined) await this.write(this.historyKey(id), historyText);
      const next = change(record);
      const rev = (record.rev ?? 0) + 1;
      const text = serializeSession(next, rev);
      await this.write(key, text);
      this.told(id, rev, next, text, historyText);
    });
  }

  /** The stored record a write is based on (without history); rejects when it is gone or unreadable. */
  private async readForWrite(id: string): Promise<SessionRecord> {
    const text = await this.read(this.entryKey(id));
    if (text === undefined) throw new SessionNotFoundError(id);
    const parsed = this.parseRecord(id, text);
    if (!parsed.ok) throw new BrokenSessionError(id, parsed.error);
    return parsed.record;
  }

  /** `parseSession` of a record's text, once per text (see `parsed`): the result is shared and frozen. */
  private parseRecord(id: string, text: string): SessionParseResult {
    const last = this.parsed.get(id);
    if (last !== undefined && last.text === text) return last.result;
    const result = deepFreeze(parseSession(text, { expectedId: id }));
    this.parsed.delete(id);
    if (this.parsed.size >= PARSED_RECORDS_KEPT) this.parsed.delete(this.parsed.keys().next().value as string);
    this.parsed.set(id, { text, result });
    return result;
  }

  private async readHistory(id: string): Promise<HistoryEvent[]> {
    // An append still running in the background (commit's historyInBackground) is part of it.
    await this.historyPending.get(id);
    const text = await this.read(this.historyKey(id));
    if (text === undefined) return [];
    const parsed = parseHistory(text);
    // An unreadable history must not make the session unusable: it starts again, empty.
    return parsed.ok ? parsed.events : [];
  }

  private async readIndex(): Promise<string[]> {
    const text = await this.read(this.indexKey());
    if (text === undefined) return [];
    try {
      const ids: unknown = JSON.parse(text);
      return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  private updateIndex(change: (ids: string[]) => string[]): Promise<void> {
    return this.serializer.run(INDEX_LOCK, async () => {
      const before = await this.readIndex();
      const after = change(before);
      if (after !== before) await this.write(this.indexKey(), JSON.stringify(after));
    });
  }

  entryKey(id: string): string {
    return `${this.prefix}session.${id}`;
  }

  historyKey(id: string): string {
    return `${this.prefix}history.${id}`;
  }

  private indexKey(): string {
    return `${this.prefix}sessions`;
  }
}

function applyChange(record: SessionRecord, change: CommitChange): SessionRecord {
  let session: Session = { ...record.session, updatedAt: change.at };
  if (change.effectiveMethod !== undefined) session = withOptional(session, 'effectiveMethod', change.effectiveMethod);
  if (change.effectiveMethodSince !== undefined) session = withOptional(session, 'effectiveMethodSince', change.effectiveMethodSince);
  if (change.unsupportedSeen !== undefined) session = withOptional(session, 'unsupportedSeen', change.unsupportedSeen);
  if (change.observedRotation !== undefined) session = { ...session, observedRotation: change.observedRotation };
  let secrets = record.secrets;
  const tokens = change.tokens;
  if (tokens) {
    secrets = {
      ...secrets,
      ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.idToken !== undefined ? { idToken: tokens.idToken } : {}),
      ...(tokens.accessToken !== undefined ? { accessToken: tokens.accessToken } : {}),
      ...(tokens.expiresIn !== undefined ? { expiresIn: tokens.expiresIn } : {}),
      tokensReceivedAt: tokens.receivedAt,
    };
  }
  const { history: _history, legacyHistory: _legacy, ...rest } = record;
  const next: SessionRecord = { ...rest, history: [], session, secrets };
  if (change.lastError === undefined) return next;
  return withOptional(next, 'lastError', change.lastError);
}

/** Sets `key` to `value`, or removes it when `value` is null. */
function withOptional<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | null): T {
  if (value !== null) return { ...o, [key]: value };
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/** Sessions whose last parsed record text `parsed` keeps (the oldest read goes first). */
const PARSED_RECORDS_KEPT = 64;

/** Freezes a parsed value and everything in it (plain JSON-shaped objects and arrays only). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** A digest of a stored record's text: only compared with another, never shown. */
function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** A promise that never rejects: its outcome, to await later without an unhandled rejection meanwhile. */
function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** 1 s to 10 years, whole seconds (the token module's isRefreshTokenValiditySeconds; not imported: activation's bundle keeps the token engine out). */
function validValiditySeconds(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 3650 * 86400;
}
