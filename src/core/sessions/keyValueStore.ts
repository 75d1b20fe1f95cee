// A SessionStore over any string key-value backend with the shape of
// VS Code's SecretStorage (get/store/delete returning thenables), so the
// VS Code layer only passes `context.secrets`. Each session is one value
// (versioned JSON, see serialize.ts), so every write of a session is a single
// atomic `store`. An index value lists the ids, because SecretStorage cannot
// enumerate its keys.
//
// Writes are serialized per session id within this process. Two VS Code
// windows share the same secrets; they are not coordinated here (the VS Code
// layer can reload on `SecretStorage.onDidChange`).

import { appendBounded } from './history';
import { KeyedSerializer } from './keyedSerializer';
import type { Session, SessionRecord, SessionSecrets } from './model';
import { parseSession, serializeSession } from './serialize';
import {
  BrokenSessionError,
  SessionNotFoundError,
  type AttemptsRecord,
  type ListEntry,
  type LoadResult,
  type SessionStore,
  type SettingsPatch,
  type TokenUpdate,
} from './store';

export interface SecretBackend {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export const DEFAULT_KEY_PREFIX = 'cognitoTokenDebugger.';

const INDEX_LOCK = '\u0000index';

export class KeyValueSessionStore implements SessionStore {
  private readonly serializer = new KeyedSerializer();

  constructor(
    private readonly backend: SecretBackend,
    private readonly prefix: string = DEFAULT_KEY_PREFIX,
  ) {}

  async load(id: string): Promise<LoadResult> {
    const text = await this.backend.get(this.entryKey(id));
    if (text === undefined) return { kind: 'missing' };
    const parsed = parseSession(text, { expectedId: id });
    return parsed.ok ? { kind: 'found', record: parsed.record } : { kind: 'broken', error: parsed.error };
  }

  async list(): Promise<ListEntry[]> {
    const ids = await this.readIndex();
    const entries: ListEntry[] = [];
    for (const id of ids) {
      const loaded = await this.load(id);
      if (loaded.kind === 'found') {
        const { session, lastError } = loaded.record;
        entries.push(lastError ? { kind: 'ok', session, lastError } : { kind: 'ok', session });
      } else if (loaded.kind === 'broken') {
        entries.push({ kind: 'broken', id, error: loaded.error });
      }
    }
    return entries;
  }

  put(record: SessionRecord): Promise<void> {
    const id = record.session.id;
    return this.serializer.run(id, async () => {
      await this.backend.store(this.entryKey(id), serializeSession(record));
      await this.updateIndex((ids) => (ids.includes(id) ? ids : [...ids, id]));
    });
  }

  delete(id: string): Promise<boolean> {
    return this.serializer.run(id, async () => {
      const existed = (await this.backend.get(this.entryKey(id))) !== undefined;
      await this.updateIndex((ids) => ids.filter((x) => x !== id));
      await this.backend.delete(this.entryKey(id));
      return existed;
    });
  }

  saveTokens(id: string, tokens: TokenUpdate): Promise<void> {
    return this.mutate(id, (record) => {
      const secrets: SessionSecrets = {
        ...record.secrets,
        ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken } : {}),
        ...(tokens.idToken !== undefined ? { idToken: tokens.idToken } : {}),
        ...(tokens.accessToken !== undefined ? { accessToken: tokens.accessToken } : {}),
        ...(tokens.expiresIn !== undefined ? { expiresIn: tokens.expiresIn } : {}),
        tokensReceivedAt: tokens.receivedAt,
      };
      return { ...record, secrets, session: { ...record.session, updatedAt: tokens.receivedAt } };
    });
  }

  recordAttempts(id: string, change: AttemptsRecord): Promise<void> {
    return this.mutate(id, (record) => {
      let session: Session = { ...record.session, updatedAt: change.at };
      if (change.effectiveMethod !== undefined) session = withOptional(session, 'effectiveMethod', change.effectiveMethod);
      if (change.observedRotation !== undefined) session = { ...session, observedRotation: change.observedRotation };
      const history = appendBounded(record.history, change.events, change.historyLimit);
      const next: SessionRecord = { ...record, session, history };
      if (change.lastError === undefined) return next;
      return withOptional(next, 'lastError', change.lastError);
    });
  }

  updateSettings(id: string, patch: SettingsPatch): Promise<void> {
    return this.mutate(id, (record) => {
      let s: Session = { ...record.session, updatedAt: patch.at };
      if (patch.label !== undefined) s = { ...s, label: patch.label };
      if (patch.refreshMethod !== undefined) s = withOptional({ ...s, refreshMethod: patch.refreshMethod }, 'effectiveMethod', null);
      if (patch.endpoint !== undefined) s = withOptional(s, 'endpoint', patch.endpoint);
      if (patch.deviceKey !== undefined) s = withOptional(s, 'deviceKey', patch.deviceKey);
      if (patch.clientMetadata !== undefined) s = withOptional(s, 'clientMetadata', patch.clientMetadata);
      if (patch.username !== undefined) s = withOptional(s, 'username', patch.username);
      if (patch.rotationHint !== undefined) s = withOptional(s, 'rotationHint', patch.rotationHint);
      let secrets = record.secrets;
      if (patch.clientSecret !== undefined) secrets = withOptional(secrets, 'clientSecret', patch.clientSecret);
      return { ...record, session: s, secrets };
    });
  }

  /** Atomic read-modify-write of one stored session. */
  private mutate(id: string, change: (record: SessionRecord) => SessionRecord): Promise<void> {
    return this.serializer.run(id, async () => {
      const key = this.entryKey(id);
      const text = await this.backend.get(key);
      if (text === undefined) throw new SessionNotFoundError(id);
      const parsed = parseSession(text, { expectedId: id });
      if (!parsed.ok) throw new BrokenSessionError(id, parsed.error);
      await this.backend.store(key, serializeSession(change(parsed.record)));
    });
  }

  private async readIndex(): Promise<string[]> {
    const text = await this.backend.get(this.indexKey());
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
      if (after !== before) await this.backend.store(this.indexKey(), JSON.stringify(after));
    });
  }

  private entryKey(id: string): string {
    return `${this.prefix}session.${id}`;
  }

  private indexKey(): string {
    return `${this.prefix}sessions`;
  }
}

/** Sets `key` to `value`, or removes it when `value` is null. */
function withOptional<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | null): T {
  if (value !== null) return { ...o, [key]: value };
  const copy = { ...o };
  delete copy[key];
  return copy;
}
