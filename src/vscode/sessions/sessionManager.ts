// The one owner of stored sessions in this window: the SecretStorage-backed store, the core's
// RefreshService (created on first use, so the AWS SDK stays unloaded until a network call),
// one JWKS cache, and a token-free snapshot of every session (views) that the tree, the status
// bar and the commands read.
//
// The snapshot is kept per session: a refresh, an edit or a change event for one session's keys
// re-reads that session only (a constant number of SecretStorage calls, whatever the number of
// sessions); only a change of the index (a session added or removed, here or in another window:
// SecretStorage is shared by all windows, `onDidChange`) re-reads the list.
// Refreshes are coordinated with the other windows through lease files in the extension's
// global storage folder (core/refresh/coordination.ts).
import * as vscode from 'vscode';
import {
  FileCoordinator,
  LocalCoordinator,
  RefreshService,
  type Coordinator,
  type PasswordSignInInput,
  type PasswordSignInOutcome,
  type RefreshOutcome,
  type RevokeOutcome,
} from '../../core/refresh/index';
import {
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_KEY_PREFIX,
  fingerprint,
  KeyValueSessionStore,
  type RefreshMethod,
  type SessionRecord,
  type SettingsPatch,
  type StoreWrite,
} from '../../core/sessions/index';
import { JwksCache, jwksUriForSession, verifyToken, type VerifyReport } from '../../core/token/index';
import { Coalescer } from '../../core/util/coalesce';
import type { Ctx } from '../context';
import type { InspectorSource } from '../inspector/index';
import { readSettings } from '../settings';
import { viewOf, type EntryView, type SessionView } from './view';

/** The store's keys in SecretStorage: `<prefix>sessions` (the index) and `<prefix>session.<id>`. */
export const KEY_PREFIX = DEFAULT_KEY_PREFIX;
const INDEX_KEY = `${KEY_PREFIX}sessions`;
const ENTRY_PREFIX = `${KEY_PREFIX}session.`;
const HISTORY_PREFIX = `${KEY_PREFIX}history.`;
const SELECTED_KEY = `${KEY_PREFIX}selectedSession`;
/** A non-secret hint that SecretStorage holds sessions, so activation reads secrets only then. */
const HAS_SESSIONS_KEY = `${KEY_PREFIX}hasSessions`;

export function isStoreKey(key: string): boolean {
  return key === INDEX_KEY || key.startsWith(ENTRY_PREFIX) || key.startsWith(HISTORY_PREFIX);
}

/** The session a store key belongs to, or undefined for the index. */
function sessionOfKey(key: string): string | undefined {
  if (key.startsWith(ENTRY_PREFIX)) return key.slice(ENTRY_PREFIX.length);
  if (key.startsWith(HISTORY_PREFIX)) return key.slice(HISTORY_PREFIX.length);
  return undefined;
}

export type Busy = 'refreshing' | 'revoking' | 'verifying';

/** A session's short name for messages and logs: its label and the start of its id. */
export function nameOf(view: { id: string; session?: { label: string } }): string {
  return view.session ? `"${view.session.label}"` : `broken session ${view.id.slice(0, 8)}`;
}

export class SessionManager implements InspectorSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** A session id whose record changed, or undefined when the list itself changed. */
  readonly onDidChange = this.changed.event;
  private readonly selectionChanged = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeSelection = this.selectionChanged.event;

  private readonly store: KeyValueSessionStore;
  private service: RefreshService | undefined;
  private jwksCache: JwksCache | undefined;
  /** Created on first verify, so activation does not evaluate the key-set cache (and jose). */
  private get jwks(): JwksCache {
    return (this.jwksCache ??= new JwksCache());
  }
  private snapshot: EntryView[] = [];
  private signatures = new Map<string, string>();
  /** What each session is busy with, and how many callers wait on it (a shared single-flight refresh counts each). */
  private readonly busy = new Map<string, { what: Busy; count: number }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly reloader = new Coalescer(() => this.loadSnapshot(), () => this.disposed);
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** Sessions whose keys changed (change events), re-read together after a short debounce. */
  private readonly dirty = new Set<string>();
  private listDirty = false;
  /** Bumped by every list reload, so a slower single-session read cannot undo a newer list. */
  private generation = 0;
  /**
   * The stored revision each snapshot entry shows. A read that finds this revision again (the
   * change event of this window's own write) changes nothing, and a read that finds an older one
   * (it started before this window's write landed) is not applied over it.
   */
  private readonly revs = new Map<string, number>();
  /** The digest of the record text this window last wrote per session (StoreWrite.digest). */
  private readonly written = new Map<string, string>();
  private coordinatorInstance: Coordinator | undefined;
  /** Sessions with tokens Cognito returned that could not be saved yet (in memory only). */
  private readonly unsavedIds = new Set<string>();
  private readonly unsavedChanged = new vscode.EventEmitter<string>();
  readonly onDidChangeUnsaved = this.unsavedChanged.event;
  private selected: string | undefined;
  private disposed = false;
  private loading: Promise<void> | undefined;
  /**
   * Set by the composition root: called when a refresh found nothing listening at a session's
   * endpoint (connection refused); resolves to the endpoint to use now when it could start what
   * should listen there (the built-in sandbox after a window reload), else undefined.
   */
  endpointRecovery: ((endpoint: string) => Promise<string | undefined>) | undefined;
  /** Set by the UI layer: refresh with progress and messages (the inspector's Refresh button). */
  interactiveRefresh: ((sessionId: string) => Promise<unknown>) | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly secrets: vscode.SecretStorage,
  ) {
    // SecretStorage reports every change, this window's and other windows' (onDidChange, below).
    this.store = new KeyValueSessionStore(secrets, KEY_PREFIX, { cache: true });
    this.store.onWrite = (write) => this.wrote(write);
    this.subscriptions.push(
      this.changed,
      this.selectionChanged,
      this.unsavedChanged,
      secrets.onDidChange((e) => {
        // First: the store forgets what it knew of the value before anything reads it again.
        this.store.changed(e.key);
        if (!isStoreKey(e.key)) return;
        const id = sessionOfKey(e.key);
        if (id === undefined) this.listDirty = true;
        else this.dirty.add(id);
        this.scheduleReload();
      }),
    );
    this.selected = this.readSelected();
    // Reading SecretStorage can wake the OS keyring (a prompt on some Linux desktops): at
    // activation only when sessions were stored before; otherwise on first use.
    if (this.readMemento(HAS_SESSIONS_KEY) === true) void this.ready;
  }

  /** Resolves once the sessions were read from SecretStorage (starts reading them if need be). */
  get ready(): Promise<void> {
    this.loading ??= this.reload();
    return this.loading;
  }

  // ---------------------------------------------------------------- reading

  /** Every stored session, in the store's order (broken ones included). */
  entries(): readonly EntryView[] {
    return this.snapshot;
  }

  sessions(): readonly SessionView[] {
    return this.snapshot.filter((e): e is SessionView => e.kind === 'ok');
  }

  get(id: string): EntryView | undefined {
    return this.snapshot.find((e) => e.id === id);
  }

  busyWith(id: string): Busy | undefined {
    return this.busy.get(id)?.what;
  }

  /** The whole record, tokens included: for the copy commands and the inspector only. */
  async getRecord(sessionId: string): Promise<SessionRecord | undefined> {
    const loaded = await this.store.load(sessionId);
    return loaded.kind === 'found' ? loaded.record : undefined;
  }

  /**
   * Re-reads every session from SecretStorage. Concurrent calls share reloads, and a call made
   * while one runs resolves only after a complete reload that started after it (Coalescer).
   */
  reload(): Promise<void> {
    return this.reloader.run();
  }

  private scheduleReload(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (this.listDirty) {
        this.listDirty = false;
        this.dirty.clear();
        void this.reload();
        return;
      }
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) void this.reloadOne(id, { unlessKnown: true });
    }, 30);
  }

  /**
   * A write this window's store made (a refresh's commit, a revoke, an edit): the snapshot takes
   * the record and history that were written, so nothing is read back. Its change events still
   * arrive and cost one read each session (the revision is found known, see reloadOne).
   */
  private wrote(write: StoreWrite): void {
    if (this.disposed) return;
    const index = this.snapshot.findIndex((e) => e.id === write.id);
    const prev = this.snapshot[index];
    // Not listed yet (an add: its list reload follows) or listed as broken (read it all again).
    if (prev === undefined || prev.kind !== 'ok') return;
    if ((this.revs.get(write.id) ?? -1) >= write.rev) return;
    const history = write.history ? write.history() : [...prev.history];
    this.revs.set(write.id, write.rev);
    this.written.set(write.id, write.digest);
    this.applyOne(index, viewOf({ ...write.record, history }));
  }

  /**
   * Re-reads one session (its record and history: two SecretStorage reads) into the snapshot.
   * A session not in the snapshot (added in another window) or gone from the store makes the
   * whole list re-read, since only the index knows the order.
   */
  async reloadOne(id: string, options: { unlessKnown?: boolean } = {}): Promise<void> {
    if (this.reloader.busy) return this.reload();
    const generation = this.generation;
    let entry: EntryView | undefined;
    let rev: number | undefined;
    try {
      const shown = this.get(id)?.kind === 'ok';
      // The record this window wrote last is still the stored one (the change event of its own
      // write, whose history came with it): nothing to read. History is written only beside a
      // record write.
      const loaded = await this.store.loadUnlessDigest(id, options.unlessKnown && shown ? this.written.get(id) : undefined);
      if (loaded.kind === 'unchanged') return;
      if (loaded.kind === 'found') {
        rev = loaded.record.rev ?? 0;
        const known = this.revs.get(id);
        // Older than what this window wrote meanwhile: the snapshot already holds newer.
        if (shown && known !== undefined && rev < known) return;
        const history = loaded.record.legacyHistory ? loaded.record.history : await this.store.history(id);
        entry = viewOf({ ...loaded.record, history });
      } else if (loaded.kind === 'broken') entry = { kind: 'broken', id, error: loaded.error };
    } catch (err) {
      this.ctx.log.error(`sessions: could not read session ${id}`, err);
      return;
    }
    if (this.disposed) return;
    // A list reload started meanwhile: it holds the newer truth.
    if (generation !== this.generation || this.reloader.busy) return this.reload();
    const index = this.snapshot.findIndex((e) => e.id === id);
    if (index < 0 || entry === undefined) return this.reload();
    if (rev !== undefined) {
      // This window wrote a newer revision while the history was read.
      if ((this.revs.get(id) ?? -1) > rev && this.get(id)?.kind === 'ok') return;
      this.revs.set(id, rev);
    } else this.revs.delete(id);
    this.written.delete(id);
    this.applyOne(index, entry);
  }

  private async loadSnapshot(): Promise<void> {
    this.generation++;
    let next: EntryView[];
    const revs = new Map<string, number>();
    try {
      next = [];
      for (const id of await this.store.ids()) {
        const loaded = await this.store.load(id);
        if (loaded.kind === 'found') {
          revs.set(id, loaded.record.rev ?? 0);
          next.push(viewOf(loaded.record));
        } else if (loaded.kind === 'broken') next.push({ kind: 'broken', id, error: loaded.error });
      }
    } catch (err) {
      this.ctx.log.error('sessions: could not read the stored sessions', err);
      return;
    }
    if (this.disposed) return;
    // A write of this window that landed after its session was read here stays.
    next = next.map((e) => {
      const mine = this.revs.get(e.id);
      const read = revs.get(e.id);
      const current = this.get(e.id);
      if (mine !== undefined && read !== undefined && mine > read && current?.kind === 'ok') {
        revs.set(e.id, mine);
        return current;
      }
      return e;
    });
    for (const id of this.revs.keys()) if (!revs.has(id) || revs.get(id) !== this.revs.get(id)) this.written.delete(id);
    this.revs.clear();
    for (const [id, rev] of revs) this.revs.set(id, rev);
    this.apply(next);
    if (this.readMemento(HAS_SESSIONS_KEY) !== next.length > 0) void this.writeMemento(HAS_SESSIONS_KEY, next.length > 0);
  }

  /** Replaces one entry (same id, same place) and fires its change if it changed. */
  private applyOne(index: number, entry: EntryView): void {
    const sig = JSON.stringify(entry);
    if (this.signatures.get(entry.id) === sig) return;
    const next = [...this.snapshot];
    next[index] = entry;
    this.snapshot = next;
    this.signatures.set(entry.id, sig);
    this.changed.fire(entry.id);
    this.fixSelection();
  }

  /** Replaces the snapshot and fires what changed. */
  private apply(next: EntryView[]): void {
    const before = this.signatures;
    const after = new Map(next.map((e) => [e.id, JSON.stringify(e)]));
    this.snapshot = next;
    this.signatures = after;
    const listChanged = before.size !== after.size || [...after.keys()].some((id, i) => [...before.keys()][i] !== id);
    if (listChanged) {
      this.changed.fire(undefined);
    } else {
      for (const [id, sig] of after) if (before.get(id) !== sig) this.changed.fire(id);
    }
    this.fixSelection();
  }

  // ---------------------------------------------------------------- selection (status bar)

  selectedId(): string | undefined {
    return this.selected;
  }

  select(id: string | undefined): void {
    this.selected = id;
    void this.writeSelected(id);
    this.fixSelection(true);
  }

  /** Keeps the selection on an existing, readable session (the first one when it was removed). */
  private fixSelection(fire = false): void {
    const ok = this.sessions();
    const current = this.selected !== undefined && ok.some((s) => s.id === this.selected) ? this.selected : ok[0]?.id;
    if (current !== this.selected || fire) {
      this.selected = current;
      this.selectionChanged.fire(current);
    }
  }

  private readSelected(): string | undefined {
    const v = this.readMemento(SELECTED_KEY);
    return typeof v === 'string' ? v : undefined;
  }

  private writeSelected(id: string | undefined): Promise<void> {
    // Only the session id: a random UUID, not a secret.
    return this.writeMemento(SELECTED_KEY, id);
  }

  private readMemento(key: string): unknown {
    try {
      return this.ctx.extension.globalState.get<unknown>(key);
    } catch {
      return undefined;
    }
  }

  private async writeMemento(key: string, value: unknown): Promise<void> {
    try {
      await this.ctx.extension.globalState.update(key, value);
    } catch (err) {
      this.ctx.log.warn(`sessions: could not remember ${key} (${String(err)})`);
    }
  }

  // ---------------------------------------------------------------- writing

  async add(record: SessionRecord): Promise<void> {
    await this.store.put(record);
    this.ctx.log.info(`sessions: stored ${nameOf({ id: record.session.id, session: record.session })} (${record.session.id}), pool ${record.session.userPoolId}, client ${record.session.clientId}${record.session.endpoint ? `, endpoint ${record.session.endpoint}` : ''}`);
    await this.reload();
  }

  async remove(id: string): Promise<boolean> {
    const existed = await this.store.delete(id);
    this.ctx.log.info(`sessions: removed ${id}${existed ? '' : ' (it was already gone)'}`);
    this.unsavedIds.delete(id);
    if (this.service) await this.service.forget(id);
    else await this.coordinator().forget(id).catch(() => undefined);
    await this.reload();
    return existed;
  }

  async update(id: string, patch: Omit<SettingsPatch, 'at'>): Promise<void> {
    await this.store.updateSettings(id, { ...patch, at: new Date().toISOString() });
    const fields = Object.keys(patch).join(', ');
    this.ctx.log.info(`sessions: updated ${id}: ${fields}`);
    await this.reloadOne(id);
  }

  /** Whether Cognito returned tokens for this session that are held in memory only (the save failed). */
  hasUnsaved(id: string): boolean {
    return this.unsavedIds.has(id);
  }

  /** Deactivation: one last try to save tokens held in memory. Resolves to the sessions still unsaved. */
  async flushUnsaved(): Promise<string[]> {
    return this.service ? this.service.flushAll() : [];
  }

  // ---------------------------------------------------------------- network (through the core)

  private refresher(): RefreshService {
    this.service ??= new RefreshService({
      store: this.store,
      coordinator: this.coordinator(),
      // Each SecretStorage write is a round trip to the workbench: a refresh is done for the user
      // once its tokens are stored; the history append follows (reads of it wait for it).
      historyInBackground: true,
      onUnsavedChange: (id, unsaved) => {
        if (unsaved) this.unsavedIds.add(id);
        else this.unsavedIds.delete(id);
        this.unsavedChanged.fire(id);
        this.changed.fire(id);
      },
    });
    return this.service;
  }

  /**
   * Leases and published revisions in the global storage folder, shared by every window of
   * this profile; in this process only where that folder is not on a file system.
   */
  private coordinator(): Coordinator {
    if (!this.coordinatorInstance) {
      const uri = this.ctx.extension.globalStorageUri;
      this.coordinatorInstance = uri.scheme === 'file' ? new FileCoordinator(vscode.Uri.joinPath(uri, 'coordination').fsPath) : new LocalCoordinator();
    }
    return this.coordinatorInstance;
  }

  private async track<T>(id: string, what: Busy, work: () => Promise<T>): Promise<T> {
    const entry = this.busy.get(id);
    this.busy.set(id, { what, count: (entry?.count ?? 0) + 1 });
    this.changed.fire(id);
    try {
      return await work();
    } finally {
      const now = this.busy.get(id);
      if (now && now.count > 1) this.busy.set(id, { ...now, count: now.count - 1 });
      else this.busy.delete(id);
      // What the work wrote is in the snapshot already (see wrote): only the busy state changed.
      this.changed.fire(id);
    }
  }

  /** The core's refresh: single-flight per session, rotated token saved first. Never throws for Cognito errors. */
  runRefresh(id: string, options: { signal?: AbortSignal; method?: RefreshMethod; reason?: string; ifAccessToken?: string; resendAfterLostResponse?: boolean } = {}): Promise<RefreshOutcome> {
    return this.track(id, 'refreshing', async () => {
      const call = () =>
        this.refresher().refresh(id, {
          ...(options.resendAfterLostResponse ? { resendAfterLostResponse: true } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.method ? { method: options.method } : {}),
          ...(options.ifAccessToken ? { ifAccessToken: options.ifAccessToken } : {}),
        });
      let outcome = await call();
      // Refused: the request never reached a server, so a retry cannot be reuse of a token.
      const endpoint = this.get(id)?.kind === 'ok' ? (this.get(id) as SessionView).session.endpoint : undefined;
      if (!outcome.ok && 'explanation' in outcome && outcome.explanation.id === 'transport/connection-refused' && endpoint && this.endpointRecovery) {
        const now = await this.endpointRecovery(endpoint).catch(() => undefined);
        if (now !== undefined) {
          if (now !== endpoint) await this.store.updateSettings(id, { endpoint: now, at: new Date().toISOString() });
          this.ctx.log.info(`refresh: nothing listened at ${endpoint}; the built-in sandbox was started again${now !== endpoint ? ` at ${now}` : ''}, refreshing once more`);
          outcome = await call();
        }
      }
      this.logRefresh(id, outcome, options.reason ?? 'refresh');
      return outcome;
    });
  }

  runRevoke(id: string, signal?: AbortSignal, associated?: 'NONE' | 'LINKED'): Promise<RevokeOutcome> {
    return this.track(id, 'revoking', async () => {
      const outcome = await this.refresher().revoke(id, { ...(signal ? { signal } : {}), ...(associated ? { associated } : {}) });
      if (outcome.ok) this.ctx.log.info(`revoke: ${this.label(id)} refresh token revoked${associated === 'LINKED' ? ' with RevokeAssociatedSessions LINKED' : ''} (${outcome.latencyMs} ms)`);
      else if ('explanation' in outcome) this.ctx.log.warn(`revoke: ${this.label(id)} failed: ${outcome.explanation.title} (${outcome.error.name}${outcome.error.message ? `: ${outcome.error.message}` : ''})`);
      else this.ctx.log.warn(`revoke: ${this.label(id)} skipped (${outcome.reason})`);
      return outcome;
    });
  }

  /**
   * Records a GlobalSignOut this extension made for the session's user (a history event; the
   * tree, status bar and inspector then show its tokens revoked, src/shared/revocation.ts).
   */
  async recordSignOut(id: string, latencyMs: number, requestId?: string): Promise<void> {
    const record = await this.getRecord(id);
    if (!record) return;
    const at = new Date().toISOString();
    await this.store.recordAttempts(id, {
      events: [{ at, operation: 'GlobalSignOut', outcome: 'success', rotated: false, oldFingerprint: fingerprint(record.secrets.refreshToken), latencyMs, ...(requestId ? { requestId } : {}) }],
      historyLimit: DEFAULT_HISTORY_LIMIT,
      at,
    });
  }

  /** USER_PASSWORD_AUTH through the core; the new session is stored by the core. The password is not kept. */
  async signInWithPassword(input: PasswordSignInInput): Promise<PasswordSignInOutcome> {
    const outcome = await this.refresher().signInWithPassword(input);
    if (outcome.ok) {
      this.ctx.log.info(`sessions: signed in "${input.label}" (${outcome.record.session.id}) on client ${input.clientId}${input.endpoint ? ` at ${input.endpoint}` : ''}`);
      await this.reload();
    } else {
      this.ctx.log.warn(`sessions: sign-in for "${input.label}" failed (${outcome.reason}${'explanation' in outcome ? `: ${outcome.explanation.title}` : ''})`);
    }
    return outcome;
  }

  /** The inspector's Refresh: with progress and messages (set by the UI layer). */
  async refresh(sessionId: string): Promise<void> {
    if (this.interactiveRefresh) await this.interactiveRefresh(sessionId);
    else await this.runRefresh(sessionId);
  }

  async verify(sessionId: string): Promise<{ id?: VerifyReport; access?: VerifyReport }> {
    return this.track(sessionId, 'verifying', async () => {
      const record = await this.getRecord(sessionId);
      if (!record) return {};
      // The session's own key set: its endpoint's when it has one, never the token's issuer's.
      const jwksUri = jwksUriForSession(record.session);
      const options = { expectedClientId: record.session.clientId, cache: this.jwks, clockSkewSeconds: readSettings().clockSkewSeconds, ...(jwksUri ? { jwksUri } : {}) };
      const [id, access] = await Promise.all([
        record.secrets.idToken ? verifyToken(record.secrets.idToken, { ...options, expectedTokenUse: 'id' }) : undefined,
        record.secrets.accessToken ? verifyToken(record.secrets.accessToken, { ...options, expectedTokenUse: 'access' }) : undefined,
      ]);
      const line = (name: string, r: VerifyReport | undefined) =>
        r === undefined ? `${name} none` : `${name} ${r.ok ? 'ok' : `failed (${r.checks.filter((c) => c.status === 'fail').map((c) => c.name).join(', ') || r.error?.code || 'unknown'})`}`;
      this.ctx.log.info(`verify: ${this.label(sessionId)}: ${line('ID token', id)}, ${line('access token', access)}`);
      return { ...(id ? { id } : {}), ...(access ? { access } : {}) };
    });
  }

  /**
   * Verifies a token given to a command. Its key set is fetched only from an AWS issuer's URL,
   * from an origin the user already chose (a stored session's endpoint), or from `jwksUri` when
   * the user confirmed it; otherwise the report says `needs-confirmation` and names the URL.
   */
  async verifyToken(raw: string, jwksUri?: string): Promise<VerifyReport> {
    await this.ready;
    const trustedOrigins = [...new Set(this.sessions().flatMap((s) => (s.session.endpoint ? [s.session.endpoint] : [])))];
    const report = await verifyToken(raw, { cache: this.jwks, clockSkewSeconds: readSettings().clockSkewSeconds, trustedOrigins, ...(jwksUri ? { jwksUri } : {}) });
    this.ctx.log.info(`verify: a token given to the command: ${report.ok ? 'ok' : `not verified (${report.error?.code ?? report.checks.filter((c) => c.status === 'fail').map((c) => c.name).join(', ')})`}`);
    return report;
  }

  private label(id: string): string {
    const e = this.get(id);
    return e ? `${nameOf(e.kind === 'ok' ? e : { id })}` : id;
  }

  private logRefresh(id: string, outcome: RefreshOutcome, reason: string): void {
    const who = this.label(id);
    if (outcome.ok) {
      const fp = outcome.rotated ? `rotated, refresh token now ${outcome.refreshTokenFingerprint}` : `not rotated (${outcome.refreshTokenFingerprint})`;
      this.ctx.log.info(`${reason}: ${who} ok via ${outcome.operation}, ${fp}, ${outcome.latencyMs} ms${outcome.fellBack ? ', fell back to InitiateAuth' : ''}${outcome.warnings.length ? `, warnings: ${outcome.warnings.join(', ')}` : ''}`);
    } else if (!('explanation' in outcome)) {
      this.ctx.log.warn(`${reason}: ${who} skipped (${outcome.reason}${outcome.reason === 'busy-elsewhere' ? `: lease held by ${outcome.holder}` : ''})`);
    } else {
      const e = outcome.explanation;
      this.ctx.log.warn(
        `${reason}: ${who} failed (${outcome.reason}): ${e.title} [${e.id}]${outcome.error.message ? `: ${outcome.error.message}` : ''}` +
          `${e.requestId ? `, request id ${e.requestId}` : ''}${outcome.responseLost ? ', the response may have been lost' : ''}` +
          `${'retryWithheld' in outcome && outcome.retryWithheld ? ', not re-sent (the grace period does not provably cover a retry)' : ''}`,
      );
      this.ctx.log.info(`${reason}: what happened: ${e.whatHappened}`);
    }
  }

  // ---------------------------------------------------------------- self-test hooks (no token leaves)

  /** A fresh store over the same SecretStorage: a second read path that shares no cache with this one. */
  async readBack(): Promise<{ id: string; kind: 'ok' | 'broken'; label?: string; hasRefreshToken?: boolean; refreshTokenFingerprint?: string }[]> {
    const fresh = new KeyValueSessionStore(this.secrets, KEY_PREFIX);
    const out = [];
    for (const entry of await fresh.list()) {
      if (entry.kind === 'broken') {
        out.push({ id: entry.id, kind: 'broken' as const });
        continue;
      }
      const loaded = await fresh.load(entry.session.id);
      const view = loaded.kind === 'found' ? viewOf(loaded.record) : undefined;
      out.push({
        id: entry.session.id,
        kind: 'ok' as const,
        label: entry.session.label,
        hasRefreshToken: view?.refreshToken.present ?? false,
        ...(view?.refreshToken.fingerprint ? { refreshTokenFingerprint: view.refreshToken.fingerprint } : {}),
      });
    }
    return out;
  }

  /**
   * Writes one of a few fixed unreadable values under a new id, straight into SecretStorage
   * (not through this manager), as another window or a damaged keychain would. Returns the id.
   */
  async storeUnreadable(kind: 'invalid-json' | 'invalid-field' | 'newer-version'): Promise<string> {
    const id = `broken-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const values = {
      'invalid-json': '{"format":"cognito-token-debugger/session","version":1,',
      'invalid-field': JSON.stringify({ format: 'cognito-token-debugger/session', version: 1, session: { id }, secrets: {}, history: [] }),
      'newer-version': JSON.stringify({ format: 'cognito-token-debugger/session', version: 99 }),
    } as const;
    await this.secrets.store(`${ENTRY_PREFIX}${id}`, values[kind]);
    const index = await this.secrets.get(INDEX_KEY);
    let ids: string[] = [];
    try {
      const parsed: unknown = index === undefined ? [] : JSON.parse(index);
      ids = Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      ids = [];
    }
    await this.secrets.store(INDEX_KEY, JSON.stringify([...ids, id]));
    return id;
  }

  dispose(): void {
    this.disposed = true;
    if (this.debounce) clearTimeout(this.debounce);
    this.service?.dispose();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
