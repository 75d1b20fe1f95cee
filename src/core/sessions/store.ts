// The session store port. The core depends on this interface; the VS Code
// layer implements it over SecretStorage (see keyValueStore.ts, which does
// the work given a `get/store/delete` backend) and tests use
// InMemorySessionStore.
//
// Why fine-grained writes instead of one `put`: after Cognito rotates a
// refresh token, the token we sent stops working once the app client's grace
// period (0..60 s) is over. The new token must therefore be written first, in
// a write of its own that nothing else (history, error bookkeeping, learned
// settings) can make fail. `saveTokens` is that write; `recordAttempts` is
// the bookkeeping that follows and may fail without losing the token.
//
// Every method is a read-modify-write of one session and must be atomic with
// respect to the other methods for the same id (implementations serialize
// per id). Once a write resolves it must be durable.

import type { RefreshTokenValidity } from '../token/diff';
import type { HistoryEvent, LastError, OAuthClientAuth, RefreshMethod, RefreshOperation, RotationHint, Session, SessionRecord } from './model';
import type { SessionParseError } from './serialize';

export type LoadResult =
  | { readonly kind: 'found'; readonly record: SessionRecord }
  | { readonly kind: 'missing' }
  /** Stored but unreadable: show it as a broken session the user can delete. */
  | { readonly kind: 'broken'; readonly error: SessionParseError };

export type ListEntry =
  | { readonly kind: 'ok'; readonly session: Session; readonly lastError?: LastError }
  | { readonly kind: 'broken'; readonly id: string; readonly error: SessionParseError };

/** Tokens returned by a successful refresh. */
export interface TokenUpdate {
  /** Present only when Cognito rotated the refresh token. */
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly accessToken?: string;
  /** ISO-8601. */
  readonly receivedAt: string;
  readonly expiresIn?: number;
}

/** Bookkeeping after one refresh or revoke (possibly several network attempts). */
export interface AttemptsRecord {
  /** Appended oldest first; the store drops the oldest beyond `historyLimit`. */
  readonly events: readonly HistoryEvent[];
  readonly historyLimit: number;
  /** `null` clears the stored error; `undefined` leaves it. */
  readonly lastError?: LastError | null;
  /** Learned facts to remember; `null` forgets. */
  readonly effectiveMethod?: RefreshOperation | null;
  readonly observedRotation?: boolean;
  /** ISO-8601 for `session.updatedAt`. */
  readonly at: string;
}

/**
 * A user's edit of a session's settings. `null` removes an optional field.
 * Applied atomically on the stored record, so it cannot overwrite a refresh
 * token rotated meanwhile (a load-then-put from the UI could).
 */
export interface SettingsPatch {
  readonly label?: string;
  readonly region?: string;
  readonly userPoolId?: string;
  readonly clientId?: string;
  readonly endpoint?: string | null;
  /** Choosing a method forgets a remembered fallback (`effectiveMethod`). */
  readonly refreshMethod?: RefreshMethod;
  readonly deviceKey?: string | null;
  readonly clientMetadata?: Readonly<Record<string, string>> | null;
  readonly username?: string | null;
  readonly rotationHint?: RotationHint | null;
  /** The app client's refresh token validity, as read from its configuration (validated by the store: 1 s to 10 years). */
  readonly refreshTokenValidity?: RefreshTokenValidity | null;
  /** The managed-login origin for the TokenEndpoint method (validated by the store: an http(s) origin). */
  readonly oauthDomain?: string | null;
  readonly oauthClientAuth?: OAuthClientAuth | null;
  readonly clientSecret?: string | null;
  /** The AWS profile for the server view's configuration operations ("" = the default chain); validated by the store. */
  readonly awsProfile?: string | null;
  /** ISO-8601 for `session.updatedAt`. */
  readonly at: string;
}

/** Thrown by the fine-grained writes when the session no longer exists. */
export class SessionNotFoundError extends Error {
  override readonly name = 'SessionNotFoundError';
  constructor(readonly sessionId: string) {
    super(`No stored session with id ${sessionId}.`);
  }
}

/**
 * Thrown by `commit` when the stored record is no longer the revision the write was based on:
 * another writer (another window, an edit) wrote since. Nothing was written.
 */
export class StaleRecordError extends Error {
  override readonly name = 'StaleRecordError';
  constructor(readonly sessionId: string, readonly expectedRev: number, readonly foundRev: number) {
    super(`The stored session ${sessionId} changed since it was read (revision ${foundRev}, expected ${expectedRev}).`);
  }
}

/** One refresh's (or revoke's) result, written in one record write plus one history append. */
export interface CommitChange {
  /** The revision the change is based on; refused (StaleRecordError) when the store holds another. Omit to apply on the latest. */
  readonly baseRev?: number;
  readonly tokens?: TokenUpdate;
  /** Appended to the history value, oldest first; the oldest beyond `historyLimit` dropped. */
  readonly events: readonly HistoryEvent[];
  readonly historyLimit: number;
  /** `null` clears the stored error; `undefined` leaves it. */
  readonly lastError?: LastError | null;
  /** Learned facts; `null` forgets. */
  readonly effectiveMethod?: RefreshOperation | null;
  readonly effectiveMethodSince?: string | null;
  readonly unsupportedSeen?: number | null;
  readonly observedRotation?: boolean;
  /** ISO-8601 for `session.updatedAt`. */
  readonly at: string;
}

export interface CommitResult {
  /** The revision now stored. */
  readonly rev: number;
  /**
   * False when the record was written but appending the history failed. With
   * `{ historyInBackground: true }`, the append still running: it settles to that answer, and
   * meanwhile the store's reads of this session's history and its next writes of the session
   * wait for it.
   */
  readonly historySaved: boolean | Promise<boolean>;
}

export interface CommitOptions {
  /**
   * Resolve once the record is written, with the history append still running (see
   * `CommitResult.historySaved`): where every write is a round trip (VS Code's SecretStorage),
   * the caller does not wait for the second one.
   */
  readonly historyInBackground?: boolean;
}

/** Thrown by the fine-grained writes when the stored value cannot be read. */
export class BrokenSessionError extends Error {
  override readonly name = 'BrokenSessionError';
  constructor(readonly sessionId: string, readonly parseError: SessionParseError) {
    super(`The stored session ${sessionId} cannot be read: ${parseError.message}`);
  }
}

export interface SessionStore {
  /**
   * The record with its history; `{ history: false }` skips reading the history (one read fewer);
   * `{ fresh: true }` reads the backend even where the store keeps what it last read or wrote.
   */
  load(id: string, options?: { readonly history?: boolean; readonly fresh?: boolean }): Promise<LoadResult>;
  list(): Promise<ListEntry[]>;
  /** Creates or replaces a whole record. */
  put(record: SessionRecord): Promise<void>;
  /** Resolves to whether something was deleted. */
  delete(id: string): Promise<boolean>;
  /**
   * The critical write: persists tokens Cognito returned. Nothing else is
   * written in the same call. Rejects with SessionNotFoundError /
   * BrokenSessionError, or with the backend's error.
   */
  saveTokens(id: string, tokens: TokenUpdate): Promise<void>;
  /** Appends history, sets or clears lastError and learned settings. */
  recordAttempts(id: string, record: AttemptsRecord): Promise<void>;
  /** Edits settings without touching tokens or history. */
  updateSettings(id: string, patch: SettingsPatch): Promise<void>;
  /**
   * The refresh path's one write: tokens, lastError and learned facts in one atomic record
   * write (compare-and-set on `baseRev`), then the events appended to the history value (whose
   * failure does not undo the record write). A constant number of backend calls, whatever
   * the number of sessions or the length of the history.
   */
  commit(id: string, change: CommitChange, options?: CommitOptions): Promise<CommitResult>;
}
