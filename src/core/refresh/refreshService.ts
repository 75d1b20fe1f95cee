// The refresh service: the one way the extension refreshes or revokes a
// stored session. It owns three guarantees:
//   - at most one refresh in flight per session (concurrent callers share it),
//     and refresh/revoke of one session run one after the other;
//   - a rotated refresh token is saved before anything else (refreshRun.ts);
//   - Cognito and transport failures come back as values (outcome.ts).

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  DEFAULT_HISTORY_LIMIT,
  KeyedSerializer,
  type RefreshMethod,
  type SessionRecord,
  type SessionSecrets,
  type SessionStore,
  type TokenUpdate,
} from '../sessions';
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
  /** Used by the default client factory. */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
}

export interface RefreshCallOptions {
  /** Cancels this caller's wait; the request itself when no other caller shares it. */
  readonly signal?: AbortSignal;
  /** Overrides the session's `refreshMethod` for this call. Ignored when joining a refresh already in flight. */
  readonly method?: RefreshMethod;
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
  /** Tokens Cognito returned that the store refused to save, by session id. Never logged. */
  private readonly unsaved = new Map<string, TokenUpdate>();

  constructor(options: RefreshServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
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
      (signal) => this.lanes.run(sessionId, () => this.refreshNow(sessionId, options.method, signal)),
      () => ({ ok: false, reason: 'cancelled', sessionId, ...abortFailure(), attempts: 0, latencyMs: 0, responseLost: false }),
    );
  }

  /**
   * RevokeToken for the session's refresh token (which also revokes the access
   * tokens issued from it). Waits for a refresh in flight, so it revokes the
   * newest token. The session stays stored; refreshing it then fails with
   * "Refresh Token has been revoked".
   */
  revoke(sessionId: string, options: { readonly signal?: AbortSignal } = {}): Promise<RevokeOutcome> {
    return this.lanes.run(sessionId, () => this.revokeNow(sessionId, options.signal));
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

  /** Tries again to save tokens held in memory after a failed save. Resolves to whether none remain. */
  async saveUnsavedTokens(sessionId: string): Promise<boolean> {
    return this.lanes.run(sessionId, async () => {
      await this.flushUnsaved(sessionId);
      return !this.unsaved.has(sessionId);
    });
  }

  /** Releases the SDK clients (their sockets). */
  dispose(): void {
    for (const client of this.clients.values()) void client.then((c) => c.destroy(), () => undefined);
    this.clients.clear();
  }

  private async refreshNow(sessionId: string, method: RefreshMethod | undefined, signal: AbortSignal): Promise<RefreshOutcome> {
    const loaded = await this.loadForNetwork(sessionId);
    if (!loaded.ok) return loaded.skipped;
    const { record, storedRefreshToken } = loaded;
    if (signal.aborted) {
      return { ok: false, reason: 'cancelled', sessionId, ...abortFailure(), attempts: 0, latencyMs: 0, responseLost: false };
    }
    return runRefresh({
      store: this.store,
      client: await this.client(record.session),
      now: this.now,
      historyLimit: this.historyLimit,
      retryPolicy: this.retryPolicy,
      record,
      storedRefreshToken,
      plan: planMethod(record.session, method),
      signal,
      keepUnsaved: (update) => {
        if (update) this.unsaved.set(sessionId, mergeUpdates(this.unsaved.get(sessionId), update));
        else this.unsaved.delete(sessionId);
      },
    });
  }

  private async revokeNow(sessionId: string, signal: AbortSignal | undefined): Promise<RevokeOutcome> {
    const loaded = await this.loadForNetwork(sessionId);
    if (!loaded.ok) return loaded.skipped;
    return runRevoke({
      store: this.store,
      client: await this.client(loaded.record.session),
      now: this.now,
      historyLimit: this.historyLimit,
      record: loaded.record,
      ...(signal ? { signal } : {}),
    });
  }

  /**
   * Loads a session for a network call, overlaying tokens held in memory after
   * a failed save (and trying that save again first).
   */
  private async loadForNetwork(
    sessionId: string,
  ): Promise<{ ok: true; record: SessionRecord; storedRefreshToken: string } | { ok: false; skipped: RefreshSkipped }> {
    await this.flushUnsaved(sessionId);
    const loaded = await this.store.load(sessionId);
    if (loaded.kind === 'missing') {
      this.unsaved.delete(sessionId);
      return { ok: false, skipped: { ok: false, reason: 'session-missing', sessionId } };
    }
    if (loaded.kind === 'broken') {
      return { ok: false, skipped: { ok: false, reason: 'session-broken', sessionId, parseError: loaded.error } };
    }
    const stored = loaded.record;
    const pending = this.unsaved.get(sessionId);
    const record = pending ? { ...stored, secrets: overlay(stored.secrets, pending) } : stored;
    return { ok: true, record, storedRefreshToken: stored.secrets.refreshToken };
  }

  private async flushUnsaved(sessionId: string): Promise<void> {
    const pending = this.unsaved.get(sessionId);
    if (!pending) return;
    try {
      await this.store.saveTokens(sessionId, pending);
      this.unsaved.delete(sessionId);
    } catch {
      // Still unsaved: kept in memory and used by the next refresh.
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

/** A later unsaved update wins, but never forgets an earlier unsaved refresh token. */
function mergeUpdates(earlier: TokenUpdate | undefined, later: TokenUpdate): TokenUpdate {
  if (!earlier) return later;
  return { ...earlier, ...later, ...(later.refreshToken === undefined && earlier.refreshToken !== undefined ? { refreshToken: earlier.refreshToken } : {}) };
}
