// Coordination of refreshes across VS Code windows (and code-server tabs).
//
// Every window of a profile shares one SecretStorage, but each runs its own extension host,
// so the in-process single flight cannot stop two windows from sending the same refresh
// token at once (on a rotating client without grace, one of them then stores a dead token).
// Two mechanisms, both over the extension's global storage folder (one folder per profile,
// shared by every window on the machine that runs the extension host):
//
// - A lease per session: an exclusive-create lock file (`open(..., 'wx')`) that names its
//   owner and an expiry, renewed while held. A window refreshes only while it holds the lease;
//   a window that finds it held waits for its release, then re-reads the store (the other
//   window's new token is then what it sends, if it still needs to send at all). A lease whose
//   owner died is taken over once expired (an atomic rename decides who takes it).
// - A published revision per session: after every write, the writer records the record's
//   revision and refresh-token fingerprint (not secret) in a small file. A window whose
//   SecretStorage copy is older than that (code-server keeps a copy per browser tab) sees it
//   before sending and refuses to send or write from stale state.
//
// Where no shared file system exists, `LocalCoordinator` coordinates the callers inside one
// process only; the store's revision check still refuses writes based on an old read.

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

export interface Lease {
  /** Gives the lease up (idempotent). */
  release(): Promise<void>;
  /**
   * Marks the lease as held because this window holds tokens Cognito returned that the secret
   * store refused to save (or clears the mark). Another window that finds a marked lease does
   * not wait for it: it reports the session busy elsewhere at once (`heldUnsaved`), because what
   * it would send (the stored refresh token) may already be rotated out. The mark lives only as
   * long as the lease: a holder that dies stops renewing, and the lease expires as any other.
   */
  markUnsaved(unsaved: boolean): Promise<void>;
  /**
   * Whether this holder still holds the lease: not released, not expired, and (across windows)
   * the lease file still names this holder. A window that froze longer than the lease's lifetime
   * (a suspended laptop, a blocked event loop) may find that another window took the lease over;
   * it must not send under it. Renews the lease when it answers true.
   */
  stillHeld(): Promise<boolean>;
  /**
   * Stops renewing the lease without giving it up, as a window that dies does: the lease file
   * stays until it expires, then any window takes it over. (RefreshService.dispose.)
   */
  abandon(): void;
}

/** Why `acquire` came back without the lease. */
export interface LeaseUnavailable {
  readonly lease: undefined;
  readonly holder: string;
  /** The holder marked the lease: it holds new tokens it could not save yet. */
  readonly heldUnsaved?: boolean;
}

export interface Published {
  readonly rev: number;
  /** Fingerprint of the refresh token stored at that revision. */
  readonly fingerprint: string;
  /**
   * Set when a window sent this refresh token, lost the answer and did not re-send it (ISO-8601):
   * no window sends it again unasked, even when that window could not save the error.
   */
  readonly withheldAt?: string;
}

export interface Coordinator {
  /**
   * Waits until this caller holds the session's lease, or until `waitMs` passed
   * (`undefined` then; `holder` names who holds it, for the message).
   */
  acquire(sessionId: string, options?: { readonly waitMs?: number; readonly signal?: AbortSignal }): Promise<{ lease: Lease; waited: boolean } | LeaseUnavailable>;
  /** The last revision any window published for the session. */
  published(sessionId: string): Promise<Published | undefined>;
  publish(sessionId: string, value: Published): Promise<void>;
  /** Forgets the session (after removal). */
  forget(sessionId: string): Promise<void>;
  /** This window's owner id, as written into lease files. */
  readonly owner: string;
}

/** The default time a lease is held without renewal before another window may take it over. */
export const LEASE_TTL_MS = 20_000;
/** Renewal interval: a quarter of the lifetime, at most 5 s. */
const RENEW_EVERY_MS = 5_000;
const POLL_MS = 50;

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Leases and published revisions over a folder every window can read and write. */
export class FileCoordinator implements Coordinator {
  readonly owner: string;
  private readonly ttlMs: number;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    options: { readonly owner?: string; readonly ttlMs?: number; readonly now?: () => number } = {},
  ) {
    this.owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  private ensureDir(): Promise<void> {
    this.ready ??= fs.mkdir(this.dir, { recursive: true }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  private file(sessionId: string, ext: string): string {
    // Session ids are UUIDs; anything else is hashed into a safe name rather than trusted as a path.
    const name = SAFE_ID.test(sessionId) ? sessionId : Buffer.from(sessionId).toString('hex').slice(0, 120);
    return join(this.dir, `${name}.${ext}`);
  }

  async acquire(sessionId: string, options: { readonly waitMs?: number; readonly signal?: AbortSignal } = {}): Promise<{ lease: Lease; waited: boolean } | LeaseUnavailable> {
    await this.ensureDir();
    const path = this.file(sessionId, 'lease');
    const deadline = this.now() + (options.waitMs ?? this.ttlMs + 5_000);
    let waited = false;
    let holder = 'another window';
    for (;;) {
      const body = JSON.stringify({ owner: this.owner, expiresAt: this.now() + this.ttlMs });
      try {
        const handle = await fs.open(path, 'wx');
        try {
          await handle.writeFile(body);
        } finally {
          await handle.close();
        }
        return { lease: this.held(path), waited };
      } catch (err) {
        if (!isCode(err, 'EEXIST')) throw err;
      }
      const current = await readLease(path);
      if (current) holder = current.owner === this.owner ? 'this window' : current.owner;
      // Expired (its owner died or hangs), or unreadable and old: take it over. The rename is
      // atomic, so of two windows taking over the same lease only one succeeds.
      if (current === undefined ? await olderThan(path, this.ttlMs, this.now()) : current.expiresAt < this.now()) {
        const aside = `${path}.${this.owner}.${randomUUID().slice(0, 8)}.stale`;
        try {
          await fs.rename(path, aside);
          await fs.rm(aside, { force: true });
        } catch {
          // Someone else took it over or released it first.
        }
        continue;
      }
      // A live holder of unsaved tokens may hold the lease for minutes: do not wait for it.
      if (current?.unsaved === true && current.owner !== this.owner) return { lease: undefined, holder, heldUnsaved: true };
      if (options.signal?.aborted || this.now() >= deadline) return { lease: undefined, holder };
      waited = true;
      await delay(POLL_MS);
    }
  }

  private held(path: string): Lease {
    let released = false;
    let unsaved = false;
    // Renewals one at a time, each writing the mark as it is when it runs (never an older one).
    let chain: Promise<void> = Promise.resolve();
    const write = (): Promise<void> => (chain = chain.then(() => (released ? undefined : renewLease(path, this.owner, this.now() + this.ttlMs, unsaved))));
    const renew = setInterval(() => void write(), Math.max(10, Math.min(RENEW_EVERY_MS, Math.floor(this.ttlMs / 4))));
    renew.unref?.();
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        await chain;
        const current = await readLease(path);
        if (current?.owner === this.owner) await fs.rm(path, { force: true });
      },
      markUnsaved: async (value: boolean) => {
        if (released || unsaved === value) return;
        unsaved = value;
        await write();
      },
      stillHeld: async () => {
        if (released) return false;
        await chain;
        const current = await readLease(path);
        if (current?.owner !== this.owner || current.expiresAt < this.now()) return false;
        await write();
        return true;
      },
      abandon: () => {
        released = true;
        clearInterval(renew);
      },
    };
  }

  async published(sessionId: string): Promise<Published | undefined> {
    try {
      const raw: unknown = JSON.parse(await fs.readFile(this.file(sessionId, 'rev'), 'utf8'));
      if (typeof raw !== 'object' || raw === null) return undefined;
      const { rev, fingerprint, withheldAt } = raw as Record<string, unknown>;
      if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || typeof fingerprint !== 'string') return undefined;
      return typeof withheldAt === 'string' && !Number.isNaN(Date.parse(withheldAt)) ? { rev, fingerprint, withheldAt } : { rev, fingerprint };
    } catch {
      return undefined;
    }
  }

  async publish(sessionId: string, value: Published): Promise<void> {
    await this.ensureDir();
    const path = this.file(sessionId, 'rev');
    const tmp = `${path}.${this.owner}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ rev: value.rev, fingerprint: value.fingerprint, ...(value.withheldAt !== undefined ? { withheldAt: value.withheldAt } : {}) }));
    await fs.rename(tmp, path);
  }

  async forget(sessionId: string): Promise<void> {
    await fs.rm(this.file(sessionId, 'rev'), { force: true });
  }
}

/** Coordination inside one process only: for tests and where no shared folder exists. */
export class LocalCoordinator implements Coordinator {
  readonly owner = `local-${randomUUID().slice(0, 8)}`;
  private readonly holders = new Map<string, Promise<void>>();
  private readonly unsavedHolders = new Set<string>();
  private readonly revs = new Map<string, Published>();

  async acquire(sessionId: string, options: { readonly waitMs?: number; readonly signal?: AbortSignal } = {}): Promise<{ lease: Lease; waited: boolean } | LeaseUnavailable> {
    let waited = false;
    const deadline = Date.now() + (options.waitMs ?? LEASE_TTL_MS);
    for (;;) {
      const current = this.holders.get(sessionId);
      if (!current) break;
      if (this.unsavedHolders.has(sessionId)) return { lease: undefined, holder: 'another caller', heldUnsaved: true };
      waited = true;
      if (options.signal?.aborted || Date.now() >= deadline) return { lease: undefined, holder: 'another caller' };
      await Promise.race([current, delay(POLL_MS)]);
    }
    let done!: () => void;
    this.holders.set(sessionId, new Promise<void>((r) => (done = r)));
    let released = false;
    return {
      waited,
      lease: {
        release: () => {
          if (!released) {
            released = true;
            this.holders.delete(sessionId);
            this.unsavedHolders.delete(sessionId);
            done();
          }
          return Promise.resolve();
        },
        markUnsaved: (value: boolean) => {
          if (!released) {
            if (value) this.unsavedHolders.add(sessionId);
            else this.unsavedHolders.delete(sessionId);
          }
          return Promise.resolve();
        },
        stillHeld: () => Promise.resolve(!released),
        // In one process, a disposed service's lease is given up: nothing else would end it.
        abandon: () => {
          if (!released) {
            released = true;
            this.holders.delete(sessionId);
            this.unsavedHolders.delete(sessionId);
            done();
          }
        },
      },
    };
  }

  published(sessionId: string): Promise<Published | undefined> {
    return Promise.resolve(this.revs.get(sessionId));
  }

  publish(sessionId: string, value: Published): Promise<void> {
    this.revs.set(sessionId, value);
    return Promise.resolve();
  }

  forget(sessionId: string): Promise<void> {
    this.revs.delete(sessionId);
    return Promise.resolve();
  }
}

async function readLease(path: string): Promise<{ owner: string; expiresAt: number; unsaved?: boolean } | undefined> {
  try {
    const raw: unknown = JSON.parse(await fs.readFile(path, 'utf8'));
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { owner, expiresAt, unsaved } = raw as Record<string, unknown>;
    if (typeof owner !== 'string' || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
    return unsaved === true ? { owner, expiresAt, unsaved } : { owner, expiresAt };
  } catch {
    return undefined;
  }
}

async function renewLease(path: string, owner: string, expiresAt: number, unsaved: boolean): Promise<void> {
  const current = await readLease(path);
  if (current?.owner !== owner) return;
  const tmp = `${path}.${owner}.renew`;
  try {
    await fs.writeFile(tmp, JSON.stringify(unsaved ? { owner, expiresAt, unsaved } : { owner, expiresAt }));
    await fs.rename(tmp, path);
  } catch {
    // The next renewal tries again; the lease stays valid until its expiry.
  }
}

async function olderThan(path: string, ms: number, now: number): Promise<boolean> {
  try {
    return now - (await fs.stat(path)).mtimeMs > ms;
  } catch {
    return true;
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
