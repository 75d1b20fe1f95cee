/**
 * Fetches and caches JSON Web Key Sets per URI. We fetch ourselves (rather than
 * jose's createRemoteJWKSet) to control the timeout, the size limit, the error
 * values and the cache, then hand the parsed set to jose's createLocalJWKSet.
 *
 * - Entries live `ttlMs` (default 10 min). Cognito rotates pool keys rarely.
 * - Concurrent requests for one URI share one fetch.
 * - `refetch` (used on an unknown `kid`) is refused while the entry is younger
 *   than `refetchCooldownMs` (default 30 s), so a file full of foreign tokens
 *   cannot make us hammer an endpoint.
 * - Failures are not cached: a local endpoint may simply not be up yet.
 * - At most `maxEntries` URIs are kept (oldest fetched first out), since URIs
 *   come from tokens.
 */
import { createLocalJWKSet, type LocalJWKSet } from 'jose';
import { fetchJwks, type JwksError } from './jwks-fetch';

export type { JwksError, JwksErrorCode } from './jwks-fetch';

export interface JwksCacheOptions {
  /** How long a fetched key set is reused, ms (default 600 000). */
  ttlMs?: number;
  /** Minimum age of an entry before `refetch` may replace it, ms (default 30 000). */
  refetchCooldownMs?: number;
  /** Largest accepted response body, bytes (default 256 KiB; a Cognito JWKS is about 1 KiB). */
  maxBytes?: number;
  /** Most URIs kept (default 32). */
  maxEntries?: number;
  fetch?: typeof fetch;
  /** Clock, ms since the epoch (default `Date.now`). */
  now?: () => number;
}

export interface JwksRequest {
  /** Abort the fetch after this many ms (default 5 000). */
  timeoutMs?: number;
}

export type JwksLookup =
  | { ok: true; keySet: LocalJWKSet; fetchedAt: number; fromCache: boolean }
  | { ok: false; error: JwksError };

interface Entry {
  keySet: LocalJWKSet;
  fetchedAt: number;
}

export const DEFAULT_JWKS_TTL_MS = 10 * 60 * 1000;
export const DEFAULT_JWKS_REFETCH_COOLDOWN_MS = 30 * 1000;
export const DEFAULT_JWKS_MAX_BYTES = 256 * 1024;
export const DEFAULT_JWKS_TIMEOUT_MS = 5000;
const DEFAULT_MAX_ENTRIES = 32;

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<JwksLookup>>();
  private readonly ttlMs: number;
  private readonly cooldownMs: number;
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly now: () => number;

  constructor(options: JwksCacheOptions = {}) {
    this.ttlMs = nonNegative(options.ttlMs, DEFAULT_JWKS_TTL_MS);
    this.cooldownMs = nonNegative(options.refetchCooldownMs, DEFAULT_JWKS_REFETCH_COOLDOWN_MS);
    this.maxBytes = nonNegative(options.maxBytes, DEFAULT_JWKS_MAX_BYTES);
    this.maxEntries = Math.max(1, nonNegative(options.maxEntries, DEFAULT_MAX_ENTRIES));
    this.fetchImpl = options.fetch;
    this.now = options.now ?? Date.now;
  }

  /** The key set for `uri`: cached while fresh, fetched otherwise. Never rejects. */
  get(uri: string, request?: JwksRequest): Promise<JwksLookup> {
    const entry = this.entries.get(uri);
    if (entry !== undefined && this.now() - entry.fetchedAt < this.ttlMs) {
      return Promise.resolve({ ok: true, keySet: entry.keySet, fetchedAt: entry.fetchedAt, fromCache: true });
    }
    return this.load(uri, request);
  }

  /**
   * Fetch `uri` again, e.g. because a token names a `kid` the cached set lacks.
   * Returns undefined, without fetching, while the cached entry is younger than
   * the cooldown. Never rejects.
   */
  refetch(uri: string, request?: JwksRequest): Promise<JwksLookup> | undefined {
    const entry = this.entries.get(uri);
    if (entry !== undefined && this.now() - entry.fetchedAt < this.cooldownMs) return undefined;
    return this.load(uri, request);
  }

  /** Forget one URI, or everything. */
  clear(uri?: string): void {
    if (uri === undefined) this.entries.clear();
    else this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  private load(uri: string, request: JwksRequest | undefined): Promise<JwksLookup> {
    const pending = this.inflight.get(uri);
    if (pending !== undefined) return pending;
    const promise = this.fetchKeySet(uri, request?.timeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS).finally(() => {
      this.inflight.delete(uri);
    });
    this.inflight.set(uri, promise);
    return promise;
  }

  private async fetchKeySet(uri: string, timeoutMs: number): Promise<JwksLookup> {
    try {
      const body = await fetchJwks(this.fetchImpl ?? globalThis.fetch, uri, timeoutMs, this.maxBytes);
      if (!body.ok) return body;
      let keySet: LocalJWKSet;
      try {
        keySet = createLocalJWKSet(body.jwks);
      } catch {
        return { ok: false, error: { code: 'jwks-invalid', message: `The key set at ${uri} is malformed.`, cause: 'malformed key set' } };
      }
      const fetchedAt = this.now();
      this.entries.delete(uri);
      this.entries.set(uri, { keySet, fetchedAt });
      this.evict();
      return { ok: true, keySet, fetchedAt, fromCache: false };
    } catch {
      return { ok: false, error: { code: 'jwks-fetch-failed', message: `Could not fetch the key set from ${uri}.`, cause: 'unexpected error' } };
    }
  }

  private evict(): void {
    for (const uri of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(uri);
    }
  }
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
