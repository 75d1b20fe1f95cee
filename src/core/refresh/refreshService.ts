// The refresh service: the one way the extension refreshes or revokes a
// stored session. It owns three guarantees:
//   - at most one refresh in flight per session (concurrent callers share it),
//     and refresh/revoke of one session run one after the other;
//   - a rotated refresh token is saved before anything else (refreshRun.ts);
//   - Cognito and transport failures come back as values (outcome.ts);
//   - across windows: a refresh is sent only while holding the session's lease
//     (coordination.ts), from a record re-read after taking it, and never from a
//     store older than what another window published;
//   - tokens the store refused to save are held in memory, and so is the session's lease
//     (marked, re-entrant for this window, bounded by `unsavedHoldMs`) until they are saved:
//     another window would otherwise send the stored refresh token, which the held refresh
//     rotated out (reuse; on clients that revoke the family on reuse, the end of the sign-in).
//     Such a window reports `busy-elsewhere` with `heldUnsaved` instead of sending. A window
//     that dies holding unsaved tokens stops renewing the lease: it expires (LEASE_TTL_MS) and
//     the other windows refresh from the store again (the tokens died with the window; the
//     stored refresh token works while the grace period covers it, else Cognito's answer is
//     stored as the session's error). Nothing is refused for longer than that;
//   - a failed refresh's bookkeeping (history events, lastError) the store refused is held
//     too and written with the next write, so a session never ends without saying why.

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  DEFAULT_HISTORY_LIMIT,
  fingerprint,
  KeyedSerializer,
  type CommitChange,
  type LastError,
  type RefreshMethod,
  type SessionRecord,
  type SessionSecrets,
  SessionNotFoundError,
  type SessionStore,
  StaleRecordError,
  type HistoryEvent,
  type TokenUpdate,
} from '../sessions';
import { LocalCoordinator, type Coordinator, type Lease, type LeaseUnavailable, type Published } from './coordination';
import { abortFailure } from './failure';
import { planMethod } from './methodPlan';
import type { RefreshOutcome, RefreshSkipped, RevokeOutcome } from './outcome';
import { runRefresh } from './refreshRun';
import { runRevoke } from './revokeRun';
import { DEFAULT_RETRY_POLICY, type RetryPolicyOptions } from './retryPolicy';
import { sdkClientFactory, type CognitoClientFactory } from './sdkClient';
import { signInWithPassword, type PasswordSignInInput, type PasswordSignInOutcome } from './signIn';
import { SingleFlight } from './singleFlight';

export interface RefreshServiceOptions {
  readonly store: SessionStore;
  /** Default: a real SDK client with SDK retries off and the timeouts below. */
  readonly clientFactory?: CognitoClientFactory;
  /** Epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Events kept per session, oldest dropped. Default 50. */
  readonly historyLimit?: number;
  readonly retry?: Partial<RetryPolicyOptions>;
  /** Used by the default client factory, and for the token endpoint (default 15 s). */
  readonly requestTimeoutMs?: number;
  /** The fetch used for the token endpoint (TokenEndpoint sessions). Default: the global fetch. */
  readonly fetch?: typeof fetch;
  readonly connectionTimeoutMs?: number;
  /** Leases and published revisions shared with other windows. Default: this process only. */
  readonly coordinator?: Coordinator;
  /** How long to wait for another window's lease. Default: the lease's lifetime plus 5 s. */
  readonly leaseWaitMs?: number;
  /** Backoff before re-trying to save tokens the store refused: first delay, doubled up to 60 s. Default 1 000 ms. */
  readonly unsavedRetryMs?: number;
  /** Told whenever the set of sessions holding unsaved tokens changes. */
  readonly onUnsavedChange?: (sessionId: string, unsaved: boolean) => void;
  /**
   * How long this window keeps a session's lease (other windows then refuse to send) while it
   * holds tokens it could not save, counted from the failed save. Afterwards the lease is given
   * up (the tokens stay held and keep being saved). Default 10 minutes.
   */
  readonly unsavedHoldMs?: number;
  /**
   * A refresh resolves once its record (the tokens) is written; the history append finishes
   * after it, while the session's lane and lease stay held, and in-process reads of the history
   * wait for it (the store's `historyInBackground`). For a store whose writes are round trips
   * (VS Code's SecretStorage). A failed append is held and written with the next write. Default false.
   */
  readonly historyInBackground?: boolean;
}

/** The default of `RefreshServiceOptions.unsavedHoldMs`. */
export const DEFAULT_UNSAVED_HOLD_MS = 10 * 60_000;

export interface RefreshCallOptions {
  /** Cancels this caller's wait; the request itself when no other caller shares it. */
  readonly signal?: AbortSignal;
  /** Overrides the session's `refreshMethod` for this call. Ignored when joining a refresh already in flight. */
  readonly method?: RefreshMethod;
  /**
   * Refresh only while the stored access token is still this one (its fingerprint):
   * auto-refresh passes the token it saw expiring, so a refresh another window just made is
   * not repeated (`already-fresh`).
   */
  readonly ifAccessToken?: string;
  /**
   * Send the stored refresh token although the answer to the last refresh was lost and it was
   * not re-sent then (see the outcome `resend-unconfirmed`): the user chose to, knowing it may be
   * reuse. Without it such a session is not sent at all.
   */
  readonly resendAfterLostResponse?: boolean;
}

export class RefreshService {
  private readonly store: SessionStore;
  private readonly clientFactory: CognitoClientFactory;
  private readonly now: () => number;
  private readonly historyLimit: number;
  private readonly retryPolicy: RetryPolicyOptions;
  private readonly flights = new SingleFlight<RefreshOutcome>();
  /** Refresh and revoke of one session, one at a time. */
  private readonly lanes = new KeyedSerializer();
  private readonly clients = new Map<string, Promise<CognitoIdentityProviderClient>>();
  /** What Cognito's answers require that the store refused to save, by session id. Never logged. */
  private readonly unsaved = new Map<string, CommitChange>();
  private readonly unsavedTimers = new Map<string, { timer: ReturnType<typeof setTimeout>; delayMs: number }>();
  private readonly coordinator: Coordinator;
  private readonly leaseWaitMs: number | undefined;
  private readonly unsavedRetryMs: number;
  private readonly onUnsavedChange: ((sessionId: string, unsaved: boolean) => void) | undefined;
  /** A failed refresh's events and lastError the store refused, by session id; written with the next write. */
  private readonly unsavedBookkeeping = new Map<string, CommitChange>();
  /** When the tokens held for a session first failed to save (the hold's bound counts from there). */
  private readonly unsavedSince = new Map<string, number>();
  /** Leases kept while this window holds unsaved tokens (re-entrant: this window's next refresh uses it). */
  private readonly heldLeases = new Map<string, { lease: Lease; bound: ReturnType<typeof setTimeout> }>();
  private readonly unsavedHoldMs: number;
  private readonly oauth: { readonly timeoutMs?: number; readonly fetch?: typeof fetch };
  private readonly historyInBackground: boolean;
  private disposed = false;

  constructor(options: RefreshServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.coordinator = options.coordinator ?? new LocalCoordinator();
    this.leaseWaitMs = options.leaseWaitMs;
    this.unsavedRetryMs = options.unsavedRetryMs ?? 1_000;
    this.onUnsavedChange = options.onUnsavedChange;
    this.unsavedHoldMs = options.unsavedHoldMs ?? DEFAULT_UNSAVED_HOLD_MS;
    this.historyInBackground = options.historyInBackground === true;
    this.oauth = { ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) };
    this.clientFactory =
      options.clientFactory ??
      sdkClientFactory({
        ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
        ...(options.connectionTimeoutMs !== undefined ? { connectionTimeoutMs: options.connectionTimeoutMs } : {}),
      });
  }

  /**
   * Exchanges the session's refresh token for new tokens and stores them.
   * Concurrent calls for one session share one network exchange and resolve
   * to the same outcome. Rejects only on programming or environment errors
   * (e.g. the SDK cannot be loaded), never on a Cognito or network failure.
   */
  refresh(sessionId: string, options: RefreshCallOptions = {}): Promise<RefreshOutcome> {
    return this.flights.run(
      sessionId,
      options.signal,
      (signal) => this.lanes.runThen(sessionId, () => this.refreshNow(sessionId, options.method, signal, options.ifAccessToken, options.resendAfterLostResponse === true)),
      () => ({ ok: false, reason: 'cancelled', sessionId, ...abortFailure(), attempts: 0, latencyMs: 0, responseLost: false }),
    );
  }

  /**
   * RevokeToken for the session's refresh token (which also revokes the access
   * tokens issued from it). Waits for a refresh in flight, so it revokes the
   * newest token. The session stays stored; refreshing it then fails with
   * "Refresh Token has been revoked".
   */
  revoke(sessionId: string, options: { readonly signal?: AbortSignal; readonly associated?: 'NONE' | 'LINKED' } = {}): Promise<RevokeOutcome> {
    return this.lanes.run(sessionId, () => this.revokeNow(sessionId, options.signal, options.associated));
  }

  /**
   * Signs in with USER_PASSWORD_AUTH and stores the new session (the sandbox
   * demo, tests). The password is not kept.
   */
  async signInWithPassword(input: PasswordSignInInput): Promise<PasswordSignInOutcome> {
    const { region, endpoint } = input;
    const client = await this.client(endpoint !== undefined ? { region, endpoint } : { region });
    const outcome = await signInWithPassword(client, input, this.now());
    if (outcome.ok) await this.store.put(outcome.record);
    return outcome;
  }

  /** Whether a refresh of this session is in flight. */
  isRefreshing(sessionId: string): boolean {
    return this.flights.has(sessionId);
  }

  /** Whether Cognito returned tokens for this session that could not be saved yet (see `not-persisted`). */
  hasUnsavedTokens(sessionId: string): boolean {
    return this.unsaved.has(sessionId);
  }

  /**
   * Whether anything this window learned about the session is held in memory only: unsaved
   * tokens, or a failed refresh's history and error the store refused.
   */
  hasUnsavedChanges(sessionId: string): boolean {
    return this.unsaved.has(sessionId) || this.unsavedBookkeeping.has(sessionId);
  }

  /** Tries again to save tokens (and bookkeeping) held in memory after a failed save. Resolves to whether no tokens remain. */
  async saveUnsavedTokens(sessionId: string): Promise<boolean> {
    return this.lanes.run(sessionId, async () => {
      await this.flushUnsaved(sessionId);
      if (!this.unsaved.has(sessionId)) await this.releaseHeld(sessionId);
      return !this.unsaved.has(sessionId);
    });
  }

  /** Sessions holding tokens that could not be saved yet. */
  unsavedSessions(): string[] {
    return [...this.unsaved.keys()];
  }

  /** Resolves once no refresh or revoke runs, and what they left running (history appends, leases) has ended. */
  settled(): Promise<void> {
    return this.lanes.idle();
  }

  /** One last attempt to save every unsaved change (deactivation). Resolves to the ids still unsaved. */
  async flushAll(): Promise<string[]> {
    await this.settled();
    await Promise.all([...this.unsaved.keys()].map((id) => this.saveUnsavedTokens(id)));
    return this.unsavedSessions();
  }

  /**
   * Releases the SDK clients (their sockets) and the save-retry timers. A lease kept for unsaved
   * tokens is abandoned, not released, as a crash would: it expires after its lifetime.
   */
  dispose(): void {
    this.disposed = true;
    for (const { timer } of this.unsavedTimers.values()) clearTimeout(timer);
    this.unsavedTimers.clear();
    for (const { lease, bound } of this.heldLeases.values()) {
      clearTimeout(bound);
      lease.abandon();
    }
    this.heldLeases.clear();
    for (const client of this.clients.values()) void client.then((c) => c.destroy(), () => undefined);
    this.clients.clear();
  }

  /** Forgets a removed session's cross-window bookkeeping and anything held for it. */
  async forget(sessionId: string): Promise<void> {
    this.setUnsaved(sessionId, undefined);
    this.setBookkeeping(sessionId, undefined);
    await this.lanes.run(sessionId, () => this.releaseHeld(sessionId));
    await this.coordinator.forget(sessionId).catch(() => undefined);
  }

  /**
   * The lease this window keeps for unsaved tokens while it still holds it, else one acquired now
   * (a kept lease another window took over after this one froze past its lifetime is dropped, and
   * that window's lease is then waited for or reported like any other).
   */
  private async takeLease(sessionId: string, signal: AbortSignal | undefined): Promise<{ lease: Lease; waited: boolean } | LeaseUnavailable> {
    const held = this.heldLeases.get(sessionId);
    if (held) {
      if (await held.lease.stillHeld().catch(() => false)) return { lease: held.lease, waited: false };
      clearTimeout(held.bound);
      this.heldLeases.delete(sessionId);
      held.lease.abandon();
    }
    return this.coordinator.acquire(sessionId, { ...(this.leaseWaitMs !== undefined ? { waitMs: this.leaseWaitMs } : {}), ...(signal ? { signal } : {}) });
  }

  /**
   * After a refresh or revoke: keeps the lease (marked) while this window holds tokens it could
   * not save, within the hold's bound; otherwise gives it up.
   */
  private async settleLease(sessionId: string, lease: Lease): Promise<void> {
    if (this.unsaved.has(sessionId) && !this.disposed) {
      if (this.heldLeases.get(sessionId)?.lease === lease) return;
      const left = (this.unsavedSince.get(sessionId) ?? this.now()) + this.unsavedHoldMs - this.now();
      if (left > 0) {
        const bound = setTimeout(() => void this.lanes.run(sessionId, () => this.releaseHeld(sessionId)), left);
        bound.unref?.();
        this.heldLeases.set(sessionId, { lease, bound });
        await lease.markUnsaved(true).catch(() => undefined);
        return;
      }
    }
    if (this.heldLeases.get(sessionId)?.lease === lease) await this.releaseHeld(sessionId);
    else await lease.release().catch(() => undefined);
  }

  private async releaseHeld(sessionId: string): Promise<void> {
    const held = this.heldLeases.get(sessionId);
    if (!held) return;
    this.heldLeases.delete(sessionId);
    clearTimeout(held.bound);
    await held.lease.release().catch(() => undefined);
  }

  /**
   * One refresh in the session's lane: its outcome, and what goes on after it (the history
   * append with `historyInBackground`, then giving up the lease), which the lane waits for.
   */
  private async refreshNow(
    sessionId: string,
    method: RefreshMethod | undefined,
    signal: AbortSignal,
    ifAccessToken: string | undefined,
    resend: boolean,
  ): Promise<{ value: RefreshOutcome; after?: Promise<void> }> {
    const acquired = await this.takeLease(sessionId, signal);
    if (!acquired.lease) {
      if (signal.aborted) return { value: { ok: false, reason: 'cancelled', sessionId, ...abortFailure(), attempts: 0, latencyMs: 0, responseLost: false } };
      return { value: { ok: false, reason: 'busy-elsewhere', sessionId, holder: acquired.holder, ...(acquired.heldUnsaved ? { heldUnsaved: true } : {}) } };
    }
    const lease = acquired.lease;
    const background: Promise<unknown>[] = [];
    // The lease is given up once the history is written: another window's append must not race this one's.
    const settle = (): Promise<void> => (background.length === 0 ? this.settleLease(sessionId, lease) : Promise.allSettled(background).then(() => this.settleLease(sessionId, lease)));
    let outcome: RefreshOutcome;
    try {
      outcome = await this.refreshHolding(sessionId, method, signal, ifAccessToken, resend, (work) => background.push(work));
    } catch (err) {
      await settle();
      throw err;
    }
    if (background.length === 0) {
      await settle();
      return { value: outcome };
    }
    return { value: outcome, after: settle() };
  }

  private async refreshHolding(
    sessionId: string,
    method: RefreshMethod | undefined,
    signal: AbortSignal,
    ifAccessToken: string | undefined,
    resend: boolean,
    background: (work: Promise<unknown>) => void,
  ): Promise<RefreshOutcome> {
    // Read after taking the lease: another window's new token is what gets sent, if anything.
    const loaded = await this.loadForNetwork(sessionId);
    if (!loaded.ok) return loaded.skipped;
    const { record, storedRefreshToken, published } = loaded;
    if (ifAccessToken !== undefined && record.secrets.accessToken !== undefined && fingerprint(record.secrets.accessToken) !== ifAccessToken) {
      return { ok: false, reason: 'already-fresh', sessionId };
    }
    // The last refresh's answer was lost and the token withheld: not sent again unasked (issue 8, item 2).
    // This window's knowledge (the stored error, or one held unsaved), or what any window
    // published for this very token (when the window that lost the answer could not save it).
    const last = this.latestError(sessionId, record.lastError);
    const sentToken = record.secrets.refreshToken;
    if (!resend) {
      if (last?.catalogId === RESPONSE_LOST_NOT_RESENT_ID && isRefreshOperation(last.operation)) return { ok: false, reason: 'resend-unconfirmed', sessionId, since: last.at };
      if (published?.withheldAt !== undefined && published.fingerprint === fingerprint(sentToken)) return { ok: false, reason: 'resend-unconfirmed', sessionId, since: published.withheldAt };
    }
    let committedRev = record.rev ?? 0;
    if (signal.aborted) {
      return { ok: false, reason: 'cancelled', sessionId, ...abortFailure(), attempts: 0, latencyMs: 0, responseLost: false };
    }
    return await runRefresh({
      store: this.store,
      client: await this.client(record.session),
      now: this.now,
      historyLimit: this.historyLimit,
      retryPolicy: this.retryPolicy,
      record,
      storedRefreshToken,
      plan: planMethod(record.session, method, this.now()),
      signal,
      ...(this.unsaved.get(sessionId) ? { held: this.unsaved.get(sessionId)! } : {}),
      ...(this.unsavedBookkeeping.get(sessionId) ? { heldEvents: this.unsavedBookkeeping.get(sessionId)!.events } : {}),
      // The change handed back already carries the held events (runRefresh put them first).
      keepUnsaved: (change) => this.setUnsaved(sessionId, change && mergeChanges(this.unsaved.get(sessionId) && { ...this.unsaved.get(sessionId)!, events: [] }, change)),
      keepBookkeeping: (change) => this.setBookkeeping(sessionId, change),
      committed: (rev, refreshToken) => {
        committedRev = Math.max(committedRev, rev);
        this.publish(sessionId, rev, refreshToken);
      },
      oauth: this.oauth,
      ...(this.historyInBackground ? { historyInBackground: true, background } : {}),
    }).then(async (outcome) => {
      // Published before the lease goes: the next window to take it reads it.
      if (!outcome.ok && 'retryWithheld' in outcome && outcome.retryWithheld) {
        const value = { rev: committedRev, fingerprint: fingerprint(sentToken), withheldAt: new Date(this.now()).toISOString() };
        await this.coordinator.publish(sessionId, value).catch(() => undefined);
      }
      return outcome;
    });
  }

  private async revokeNow(sessionId: string, signal: AbortSignal | undefined, associated: 'NONE' | 'LINKED' | undefined): Promise<RevokeOutcome> {
    const acquired = await this.takeLease(sessionId, signal);
    if (!acquired.lease) {
      if (signal?.aborted) return { ok: false, sessionId, reason: 'cancelled', ...abortFailure(), latencyMs: 0, warnings: [] };
      return { ok: false, reason: 'busy-elsewhere', sessionId, holder: acquired.holder, ...(acquired.heldUnsaved ? { heldUnsaved: true } : {}) };
    }
    try {
      const loaded = await this.loadForNetwork(sessionId);
      if (!loaded.ok) return loaded.skipped;
      return await runRevoke({
        store: this.store,
        client: await this.client(loaded.record.session),
        now: this.now,
        historyLimit: this.historyLimit,
        record: loaded.record,
        ...(signal ? { signal } : {}),
        ...(associated ? { associated } : {}),
        oauth: this.oauth,
      });
    } finally {
      await this.settleLease(sessionId, acquired.lease);
    }
  }

  private publish(sessionId: string, rev: number, refreshToken: string): void {
    void this.coordinator.publish(sessionId, { rev, fingerprint: fingerprint(refreshToken) }).catch(() => undefined);
  }

  private setUnsaved(sessionId: string, change: CommitChange | undefined): void {
    const had = this.unsaved.has(sessionId);
    if (change) {
      this.unsaved.set(sessionId, change);
      if (!had) this.unsavedSince.set(sessionId, this.now());
    } else {
      this.unsaved.delete(sessionId);
      this.unsavedSince.delete(sessionId);
    }
    this.syncSaveTimer(sessionId);
    if (had !== this.unsaved.has(sessionId)) this.onUnsavedChange?.(sessionId, !had);
  }

  /**
   * The session's error as this window knows it: the newest of the stored one and what the
   * changes held in memory (not saved yet) say. `null` in a change clears it.
   */
  private latestError(sessionId: string, stored: LastError | undefined): LastError | undefined {
    const held = [this.unsaved.get(sessionId), this.unsavedBookkeeping.get(sessionId)]
      .filter((c): c is CommitChange => c !== undefined && c.lastError !== undefined)
      .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    const newest = held.at(-1);
    // A change held since before the stored error was written says nothing newer.
    if (!newest || (stored && stored.at > newest.at)) return stored;
    return newest.lastError ?? undefined;
  }

  private setBookkeeping(sessionId: string, change: CommitChange | undefined): void {
    if (change) this.unsavedBookkeeping.set(sessionId, change);
    else this.unsavedBookkeeping.delete(sessionId);
    this.syncSaveTimer(sessionId);
  }

  /** A save-retry timer runs while anything is held for the session, and only then. */
  private syncSaveTimer(sessionId: string): void {
    const pending = this.unsavedTimers.get(sessionId);
    if (this.hasUnsavedChanges(sessionId)) {
      if (!pending) this.scheduleSave(sessionId, this.unsavedRetryMs);
    } else if (pending) {
      clearTimeout(pending.timer);
      this.unsavedTimers.delete(sessionId);
    }
  }

  /** Saves held tokens again with backoff (1 s, 2 s, 4 s ... 60 s) until it works. */
  private scheduleSave(sessionId: string, delayMs: number): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.unsavedTimers.delete(sessionId);
      void this.saveUnsavedTokens(sessionId).then(() => {
        if (this.hasUnsavedChanges(sessionId) && !this.unsavedTimers.has(sessionId)) this.scheduleSave(sessionId, Math.min(delayMs * 2, 60_000));
      });
    }, delayMs);
    timer.unref?.();
    this.unsavedTimers.set(sessionId, { timer, delayMs });
  }

  /**
   * Loads a session for a network call, overlaying tokens held in memory after
   * a failed save (and trying that save again first).
   */
  private async loadForNetwork(
    sessionId: string,
  ): Promise<{ ok: true; record: SessionRecord; storedRefreshToken: string; published: Published | undefined } | { ok: false; skipped: RefreshSkipped }> {
    await this.flushUnsaved(sessionId);
    const [loaded, published] = await Promise.all([this.store.load(sessionId, { history: false }), this.coordinator.published(sessionId).catch(() => undefined)]);
    if (loaded.kind === 'missing') {
      this.setUnsaved(sessionId, undefined);
      this.setBookkeeping(sessionId, undefined);
      return { ok: false, skipped: { ok: false, reason: 'session-missing', sessionId } };
    }
    if (loaded.kind === 'broken') {
      return { ok: false, skipped: { ok: false, reason: 'session-broken', sessionId, parseError: loaded.error } };
    }
    let stored = loaded.record;
    // Another window published a newer revision than this store knows: read the backend itself
    // (a store that keeps what it read may not have heard of that write yet).
    if (published && published.rev > (stored.rev ?? 0)) {
      const again = await this.store.load(sessionId, { history: false, fresh: true });
      if (again.kind === 'missing') {
        this.setUnsaved(sessionId, undefined);
        this.setBookkeeping(sessionId, undefined);
        return { ok: false, skipped: { ok: false, reason: 'session-missing', sessionId } };
      }
      if (again.kind === 'broken') return { ok: false, skipped: { ok: false, reason: 'session-broken', sessionId, parseError: again.error } };
      stored = again.record;
    }
    const storedRev = stored.rev ?? 0;
    // Another window wrote a newer revision than this window's store holds (code-server tabs).
    if (!this.unsaved.has(sessionId) && published && published.rev > storedRev && published.fingerprint !== fingerprint(stored.secrets.refreshToken)) {
      return { ok: false, skipped: { ok: false, reason: 'stale-store', sessionId, storedRev, publishedRev: published.rev } };
    }
    const pending = this.unsaved.get(sessionId);
    const record = pending?.tokens ? { ...stored, secrets: overlay(stored.secrets, pending.tokens) } : stored;
    return { ok: true, record, storedRefreshToken: stored.secrets.refreshToken, published };
  }

  private async flushUnsaved(sessionId: string): Promise<void> {
    const pending = this.unsaved.get(sessionId);
    const bookkeeping = this.unsavedBookkeeping.get(sessionId);
    if (!pending && !bookkeeping) return;
    // The newer of the two decides the session's error (a success clears it).
    const latest = !pending ? bookkeeping! : !bookkeeping ? pending : bookkeeping.at > pending.at ? bookkeeping : pending;
    // On the latest revision: these tokens are newer than anything stored. Tokens and events
    // always; the error only while nobody wrote since it was read (compare-and-set on that
    // revision): an error or a learned fact another window stored meanwhile stays.
    const change: CommitChange = {
      ...(pending?.tokens ? { tokens: pending.tokens } : {}),
      events: mergeEvents(pending?.events ?? [], bookkeeping?.events ?? []),
      historyLimit: latest.historyLimit,
      at: latest.at,
    };
    try {
      let result;
      try {
        result =
          latest.lastError !== undefined && latest.baseRev !== undefined
            ? await this.store.commit(sessionId, { ...change, baseRev: latest.baseRev, lastError: latest.lastError })
            : await this.store.commit(sessionId, change);
      } catch (err) {
        if (!(err instanceof StaleRecordError)) throw err;
        result = await this.store.commit(sessionId, change);
      }
      this.setUnsaved(sessionId, undefined);
      this.setBookkeeping(sessionId, undefined);
      if (pending?.tokens?.refreshToken !== undefined) this.publish(sessionId, result.rev, pending.tokens.refreshToken);
    } catch (err) {
      // Gone: nothing left to save it into.
      if (err instanceof SessionNotFoundError) {
        this.setUnsaved(sessionId, undefined);
        this.setBookkeeping(sessionId, undefined);
      }
      // Otherwise still unsaved: kept in memory, used by the next refresh, retried with backoff.
    }
  }

  private client({ region, endpoint }: { readonly region: string; readonly endpoint?: string }): Promise<CognitoIdentityProviderClient> {
    const key = `${region}\n${endpoint ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.clientFactory(endpoint !== undefined ? { region, endpoint } : { region });
      this.clients.set(key, client);
      void client.catch(() => this.clients.delete(key));
    }
    return client;
  }
}

function overlay(secrets: SessionSecrets, update: TokenUpdate): SessionSecrets {
  return {
    ...secrets,
    ...(update.refreshToken !== undefined ? { refreshToken: update.refreshToken } : {}),
    ...(update.idToken !== undefined ? { idToken: update.idToken } : {}),
    ...(update.accessToken !== undefined ? { accessToken: update.accessToken } : {}),
    ...(update.expiresIn !== undefined ? { expiresIn: update.expiresIn } : {}),
    tokensReceivedAt: update.receivedAt,
  };
}

/** Two lists of held events as one, oldest first (each list is oldest first already). */
function mergeEvents(a: readonly HistoryEvent[], b: readonly HistoryEvent[]): HistoryEvent[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const out: HistoryEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.at <= b[j]!.at)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** A later unsaved change wins, but never forgets an earlier unsaved refresh token or event. */
function mergeChanges(earlier: CommitChange | undefined, later: CommitChange): CommitChange {
  if (!earlier) return later;
  const tokens: TokenUpdate | undefined =
    earlier.tokens && later.tokens
      ? { ...earlier.tokens, ...later.tokens, ...(later.tokens.refreshToken === undefined && earlier.tokens.refreshToken !== undefined ? { refreshToken: earlier.tokens.refreshToken } : {}) }
      : (later.tokens ?? earlier.tokens);
  return { ...earlier, ...later, ...(tokens ? { tokens } : {}), events: [...earlier.events, ...later.events] };
}

/** The catalog's RESPONSE_LOST_NOT_RESENT_ID, spelled out so a refresh does not load the catalog's bundle to compare it. */
const RESPONSE_LOST_NOT_RESENT_ID = 'transport/response-lost-not-resent';

function isRefreshOperation(operation: string): boolean {
  return operation === 'GetTokensFromRefreshToken' || operation === 'InitiateAuth' || operation === 'TokenEndpoint';
}
