// One refresh of one session: the attempts (first call, retry after a lost
// response, fallback to InitiateAuth), the persistence order and the history.
// Called by RefreshService, which guarantees it runs alone for the session.
//
// Persistence order (the rule this file exists for): when Cognito answers
// with tokens, the very next step is the record write (`store.commit`): the
// tokens, lastError and learned facts in one atomic value, based on the
// revision read before sending (a write based on an old read is refused, see
// commitRebased). History is appended after it, in a value of its own, so its
// failure cannot cost the token. With rotation on, the refresh token we sent
// dies after the app client's grace period (0..60 s). If the record write
// fails, the outcome is `not-persisted` and the change is handed to
// `keepUnsaved` so the service can hold it in memory and save it later.

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  fingerprint,
  internalUsernameFromIdToken,
  type HistoryEvent,
  type HistoryNote,
  type HistoryTokenChanges,
  type LastError,
  type RefreshOperation,
  type Session,
  type SessionRecord,
  SessionNotFoundError,
  StaleRecordError,
  type CommitChange,
  type CommitResult,
  type SessionStore,
  type TokenUpdate,
} from '../sessions';
import { RESPONSE_LOST_NOT_RESENT_ID } from '../errors/catalog';
import { explainWithHistory } from '../errors/explain';
import { diffClaims, refreshTokenEnd, type TokenDiff } from '../token/diff';
import { readFailure, sessionContext, type FailureFacts } from './failure';
import type { MethodPlan } from './methodPlan';
import { getTokensFromRefreshToken, initiateRefreshTokenAuth, MissingUsernameError, type TokenGrant } from './operations';
import type { RefreshCancelled, RefreshFailure, RefreshOutcome, RefreshSuccess, RefreshWarning } from './outcome';
import { decideRetry, rotationKnowledge, type RetryPolicyOptions } from './retryPolicy';
import { MissingOAuthDomainError, tokenEndpointRefresh, type TokenEndpointCallOptions } from './tokenEndpoint';

export interface RefreshRunContext {
  readonly store: SessionStore;
  readonly client: CognitoIdentityProviderClient;
  readonly now: () => number;
  readonly historyLimit: number;
  readonly retryPolicy: RetryPolicyOptions;
  /** The stored record (without history), with secrets already overlaid by any unsaved tokens. */
  readonly record: SessionRecord;
  /** The refresh token as stored (differs from `record.secrets.refreshToken` when an earlier save failed). */
  readonly storedRefreshToken: string;
  readonly plan: MethodPlan;
  readonly signal: AbortSignal;
  /** The change Cognito's answer requires that the store refused; `undefined` once saved. */
  readonly keepUnsaved: (change: CommitChange | undefined) => void;
  /** A change an earlier refresh could not save (held in memory): its events go into this commit. */
  readonly held?: CommitChange;
  /** Events of earlier failed refreshes whose bookkeeping the store refused: they go into this commit. */
  readonly heldEvents?: readonly HistoryEvent[];
  /**
   * This failed refresh's bookkeeping (its events and lastError, with the revision it was based
   * on) that the store refused, to be written later; `undefined` once written.
   */
  readonly keepBookkeeping?: (change: CommitChange | undefined) => void;
  /** Called with the stored revision after the record was written (cross-window bookkeeping). */
  readonly committed?: (rev: number, refreshToken: string) => void;
  /** For the TokenEndpoint method: request timeout and fetch. */
  readonly oauth?: Omit<TokenEndpointCallOptions, 'signal'>;
  /**
   * Resolve with the outcome once the record is written; the history append goes on (the
   * store's `historyInBackground`) and is handed to `background`, which the caller must wait
   * for before the next refresh of the session and before giving up its lease. A failed append
   * is held with `keepBookkeeping` (written with the next write), not reported.
   */
  readonly historyInBackground?: boolean;
  readonly background?: (work: Promise<unknown>) => void;
}

/** Operations that may return a new refresh token (rotation), with a grace period for the old one. */
function mayRotate(operation: RefreshOperation): boolean {
  return operation === 'GetTokensFromRefreshToken' || operation === 'TokenEndpoint';
}

/**
 * The answer to a refresh token this endpoint considers used: RefreshTokenReuseException from
 * the API; the token endpoint says invalid_grant (which also covers revoked and expired).
 */
function isReuseAnswer(operation: RefreshOperation, name: string): boolean {
  return name === 'RefreshTokenReuseException' || (operation === 'TokenEndpoint' && name === 'invalid_grant');
}

type Attempt =
  | {
      readonly ok: true;
      readonly operation: RefreshOperation;
      readonly sentAt: number;
      readonly latencyMs: number;
      readonly grant: TokenGrant;
      readonly rotated: boolean;
      /** The refresh token this attempt sent. */
      readonly sent: string;
      readonly notes: HistoryNote[];
    }
  | {
      readonly ok: false;
      readonly operation: RefreshOperation;
      readonly sentAt: number;
      readonly latencyMs: number;
      readonly failure: FailureFacts;
      readonly precondition: boolean;
      readonly sent: string;
      readonly notes: HistoryNote[];
    };

export async function runRefresh(ctx: RefreshRunContext): Promise<RefreshOutcome> {
  const { plan } = ctx;
  let record = ctx.record;
  const sentToken = record.secrets.refreshToken;
  const attempts: Attempt[] = [];
  let retry: 'within-grace' | 'outside-grace' | undefined;
  let retryWithheld = false;
  let usedTokenFromAnotherWindow = false;

  const attemptWithRetry = async (operation: RefreshOperation, notes: readonly HistoryNote[], token: string): Promise<Attempt> => {
    let last = await attemptOnce(ctx, operation, notes, token);
    attempts.push(last);
    for (let retries = 0; !last.ok; retries++) {
      if (!last.failure.mayHaveReachedServer || last.failure.cancelled) break;
      const decision = decideRetry(
        {
          operation,
          mayHaveReachedServer: last.failure.mayHaveReachedServer,
          cancelled: ctx.signal.aborted,
          rotation: rotationKnowledge(record.session.rotationHint, record.session.observedRotation),
          elapsedMs: ctx.now() - last.sentAt,
          retriesSoFar: retries,
        },
        ctx.retryPolicy,
      );
      if (!decision.retry) {
        if (retries < ctx.retryPolicy.maxRetries && !ctx.signal.aborted) {
          retryWithheld = true;
          last.notes.push('retry-withheld');
        }
        break;
      }
      retry = decision.note === 'retry-within-grace' ? 'within-grace' : 'outside-grace';
      last = await attemptOnce(ctx, operation, [...notes, decision.note], token);
      attempts.push(last);
    }
    return last;
  };

  let final = await attemptWithRetry(plan.first, plan.remembered ? ['remembered-fallback'] : [], sentToken);

  // RefreshTokenReuseException, and the store now holds another refresh token: another window
  // refreshed meanwhile (and holds the new one). Refresh once with that one instead.
  if (!final.ok && isReuseAnswer(final.operation, final.failure.info.name) && !lastWasOwnRetry(attempts)) {
    const reread = await ctx.store.load(record.session.id, { history: false, fresh: true }).catch(() => undefined);
    // Only a token stored since this refresh read the record counts: the one stored before it
    // (older than a token held in memory after a failed save) is what this window rotated out.
    const storedNow = reread?.kind === 'found' ? reread.record.secrets.refreshToken : undefined;
    if (reread?.kind === 'found' && storedNow !== sentToken && storedNow !== ctx.storedRefreshToken) {
      record = reread.record;
      usedTokenFromAnotherWindow = true;
      final = await attemptWithRetry(final.operation, ['token-from-another-window'], record.secrets.refreshToken);
    }
  }

  // Fallback to InitiateAuth REFRESH_TOKEN_AUTH on an endpoint without the newer operation,
  // never on a client seen rotating (REFRESH_TOKEN_AUTH cannot work there: the answer would be
  // a misleading InvalidParameterException).
  let fellBack = false;
  const unsupportedNow = !final.ok && final.operation === 'GetTokensFromRefreshToken' && final.failure.unsupportedOperation;
  const rotates = record.session.observedRotation === true || record.session.rotationHint?.enabled === true;
  if (unsupportedNow && plan.mayFallBack && !rotates) {
    fellBack = true;
    final = await attemptWithRetry('InitiateAuth', ['fallback'], final.sent);
  }

  const at = ctx.now();
  const atIso = new Date(at).toISOString();
  // Events of an earlier refresh whose save failed come first, so the history loses none.
  const ownEvents = attempts.map((a) => toEvent(a));
  // What changed in the ID and access tokens (issue 11): claim names and short summaries, kept
  // with the successful attempt's event. Decoding only; never throws.
  if (final.ok) {
    const changes = tokenChanges(record, final.grant);
    if (changes) ownEvents[ownEvents.length - 1] = { ...ownEvents[ownEvents.length - 1]!, changes };
  }
  const earlier = [...(ctx.heldEvents ?? []), ...(ctx.held?.events ?? [])].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  const events = [...earlier, ...ownEvents];
  const observedRotation = final.ok && mayRotate(final.operation) ? final.rotated : undefined;
  // A withheld resend is stored as such: the next refresh holds back on it (refreshService, resend-unconfirmed).
  const lastError = final.ok ? null : toLastError(final.failure, final.operation, at, retryWithheld ? RESPONSE_LOST_NOT_RESENT_ID : undefined);

  // What to learn about the endpoint: an unsupported answer is remembered only the second time
  // in a row; a success of the newer operation forgets it.
  const seen = record.session.unsupportedSeen ?? 0;
  const learned: Pick<CommitChange, 'effectiveMethod' | 'effectiveMethodSince' | 'unsupportedSeen' | 'observedRotation'> = {
    ...(observedRotation !== undefined ? { observedRotation } : {}),
    ...(unsupportedNow ? { unsupportedSeen: seen + 1 } : final.ok && final.operation === 'GetTokensFromRefreshToken' ? { unsupportedSeen: null } : {}),
    ...(fellBack && final.ok && seen + 1 >= 2 ? { effectiveMethod: 'InitiateAuth' as const, effectiveMethodSince: atIso } : {}),
    ...(plan.retrying && final.ok && final.operation === 'GetTokensFromRefreshToken' ? { effectiveMethod: null, effectiveMethodSince: null } : {}),
  };

  let tokens: TokenUpdate | undefined;
  if (final.ok) {
    const { grant } = final;
    tokens = {
      // The sent token too, when it came from memory after an earlier failed save, or from another window.
      ...(final.rotated ? { refreshToken: grant.refreshToken } : final.sent !== ctx.storedRefreshToken ? { refreshToken: final.sent } : {}),
      ...(grant.idToken !== undefined ? { idToken: grant.idToken } : {}),
      ...(grant.accessToken !== undefined ? { accessToken: grant.accessToken } : {}),
      ...(grant.expiresIn !== undefined ? { expiresIn: grant.expiresIn } : {}),
      receivedAt: new Date(final.sentAt + final.latencyMs).toISOString(),
    };
  }
  const change: CommitChange = {
    baseRev: record.rev ?? 0,
    ...(tokens ? { tokens } : {}),
    events,
    historyLimit: ctx.historyLimit,
    lastError,
    ...learned,
    at: atIso,
  };

  // The one write. Persist first: nothing between Cognito's answer and this write can fail.
  const warnings: RefreshWarning[] = [];
  let saveError: FailureFacts | undefined;
  let superseded = false;
  try {
    const result = await commitRebased(ctx, record, change, final.ok ? final.sent : sentToken);
    ctx.keepBookkeeping?.(undefined);
    if (result === 'superseded') superseded = true;
    else {
      if (result.historySaved === false) warnings.push('history-not-saved');
      else if (result.historySaved !== true) {
        // Still being appended: when it fails, its events (the held ones included) are held and
        // written with the next write, as a failed refresh's bookkeeping is.
        const held: CommitChange = { events, historyLimit: ctx.historyLimit, at: atIso };
        ctx.background?.(result.historySaved.then((saved) => (saved ? undefined : ctx.keepBookkeeping?.(held))));
      }
      // Held tokens are superseded only by a commit that carried newer ones; a failure's commit
      // must not drop them (they may be the only live refresh token).
      if (final.ok) ctx.keepUnsaved(undefined);
      else if (ctx.held) ctx.keepUnsaved({ ...ctx.held, events: [] });
      ctx.committed?.(result.rev, tokens?.refreshToken ?? (final.ok ? final.sent : sentToken));
    }
  } catch (err) {
    // Removed while the refresh was in flight: there is nothing left to save into, and nothing to report.
    if (err instanceof SessionNotFoundError) {
      ctx.keepUnsaved(undefined);
      return { ok: false, reason: 'session-missing', sessionId: record.session.id };
    }
    if (final.ok) {
      events[events.length - 1] = { ...events[events.length - 1]!, notes: [...(events[events.length - 1]!.notes ?? []), 'not-persisted'] };
      ctx.keepUnsaved(change);
      // Its events (the held bookkeeping's too) are part of the change held now.
      ctx.keepBookkeeping?.(undefined);
      saveError = readFailure(err, final.operation, undefined, sessionContext(record.session));
    } else {
      // Not lost: why this refresh failed is written with the next write (held tokens keep their own events).
      warnings.push('history-not-saved');
      ctx.keepBookkeeping?.({ baseRev: change.baseRev ?? 0, events: [...(ctx.heldEvents ?? []), ...ownEvents], historyLimit: ctx.historyLimit, lastError, at: atIso });
    }
  }

  const common = {
    sessionId: record.session.id,
    operation: final.operation,
    attempts: attempts.length,
    latencyMs: attempts.reduce((sum, a) => sum + a.latencyMs, 0),
    fellBack,
    usedRememberedFallback: plan.remembered,
    ...(retry ? { retry } : {}),
    warnings,
  };

  if (final.ok) {
    if (saveError) {
      return {
        ...common,
        ok: false,
        reason: 'not-persisted',
        error: saveError.info,
        explanation: saveError.explanation,
        rotated: final.rotated,
        responseLost: false,
      } satisfies RefreshFailure;
    }
    const session: Session = {
      ...record.session,
      updatedAt: atIso,
      ...(learned.effectiveMethod ? { effectiveMethod: learned.effectiveMethod } : {}),
      ...(observedRotation !== undefined ? { observedRotation } : {}),
    };
    const held = final.rotated && final.grant.refreshToken !== undefined ? final.grant.refreshToken : final.sent;
    return {
      ...common,
      ok: true,
      session,
      rotated: final.rotated,
      refreshTokenFingerprint: fingerprint(held),
      ...(final.grant.expiresIn !== undefined ? { expiresIn: final.grant.expiresIn } : {}),
      retriedWithinGrace: retry === 'within-grace',
      ...(usedTokenFromAnotherWindow ? { usedTokenFromAnotherWindow } : {}),
      ...(superseded ? { warnings: [...warnings, 'superseded' as const] } : {}),
    } satisfies RefreshSuccess;
  }

  if (final.failure.cancelled) {
    return {
      ok: false,
      reason: 'cancelled',
      sessionId: common.sessionId,
      error: final.failure.info,
      explanation: final.failure.explanation,
      operation: final.operation,
      attempts: common.attempts,
      latencyMs: common.latencyMs,
      responseLost: final.failure.mayHaveReachedServer,
    } satisfies RefreshCancelled;
  }
  const reuseAfterOwnRetry = isReuseAnswer(final.operation, final.failure.info.name) && lastWasOwnRetry(attempts);
  return {
    ...common,
    ok: false,
    reason: final.precondition ? 'precondition' : final.failure.transport ? 'transport' : 'cognito',
    error: final.failure.info,
    // A withheld resend is explained as such here too, as the stored error is: one card everywhere.
    explanation: retryWithheld ? explainWithHistory(final.failure.info, ownEvents, { ...sessionContext(record.session), operation: final.operation }) : final.failure.explanation,
    rotated: false,
    responseLost: final.failure.mayHaveReachedServer,
    ...(retryWithheld ? { retryWithheld } : {}),
    ...(reuseAfterOwnRetry ? { reuseAfterOwnRetry } : {}),
  } satisfies RefreshFailure;
}

/**
 * The claim diff of the new ID and access tokens against the ones the record held, when both
 * sides of a kind are known; and the refresh token's absolute end: the sign-in (`auth_time` of
 * the new tokens, else of the previous ones) plus the app client's refresh token validity when
 * the session knows it (rotation does not move that end).
 */
function tokenChanges(record: SessionRecord, grant: TokenGrant): HistoryTokenChanges | undefined {
  const { idToken, accessToken } = record.secrets;
  // Each token's claims read once, for its diff and for the refresh token's end.
  const newId = claimsOfOptional(grant.idToken);
  const newAccess = claimsOfOptional(grant.accessToken);
  const oldId = claimsOfOptional(idToken);
  const oldAccess = claimsOfOptional(accessToken);
  const id = diffPair(oldId, newId);
  const access = diffPair(oldAccess, newAccess);
  const refreshToken = refreshTokenEnd([newId, newAccess, oldId, oldAccess], record.session.refreshTokenValidity);
  if (!id && !access && !refreshToken) return undefined;
  return { ...(id ? { id } : {}), ...(access ? { access } : {}), ...(refreshToken ? { refreshToken } : {}) };
}

/** The diff of two tokens' claims, when both were read. */
function diffPair(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): TokenDiff | undefined {
  return before && after ? diffClaims(before, after) : undefined;
}

function claimsOfOptional(token: string | undefined): Record<string, unknown> | undefined {
  return token === undefined ? undefined : claimsOf(token);
}

/** Longest token whose claims are read for the diff (Cognito's are a few KB). */
const MAX_DIFF_TOKEN_LENGTH = 64 * 1024;
/**
 * Claims of the tokens seen last (the new tokens of one refresh are the previous ones of the
 * next): on the refresh path, so each token is decoded once. A ring of CLAIMS_CACHE_SIZE entries
 * keyed by the token, in memory only; looked up with `===` (a Map would hash each token read
 * anew from the store, which costs about what decoding it does).
 */
const claimsTokens: string[] = [];
const claimsValues: Record<string, unknown>[] = [];
let claimsNext = 0;
const CLAIMS_CACHE_SIZE = 8;

/**
 * The payload of a signed JWT (three segments), or undefined. Only the payload is read (the
 * diff needs nothing else), with a plain base64url decode and JSON.parse: linear, never throws.
 */
function claimsOf(token: string): Record<string, unknown> | undefined {
  for (let i = 0; i < claimsTokens.length; i++) if (claimsTokens[i] === token) return claimsValues[i];
  if (token.length > MAX_DIFF_TOKEN_LENGTH) return undefined;
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const claims = payload as Record<string, unknown>;
  claimsTokens[claimsNext] = token;
  claimsValues[claimsNext] = claims;
  claimsNext = (claimsNext + 1) % CLAIMS_CACHE_SIZE;
  return claims;
}

/** The last attempt re-sent the token after a lost response (our own retry). */
function lastWasOwnRetry(attempts: readonly Attempt[]): boolean {
  const last = attempts[attempts.length - 1];
  return last !== undefined && (last.notes.includes('retry-within-grace') || last.notes.includes('retry-outside-grace'));
}

/**
 * Writes `change` based on the revision read. When another writer wrote since (an edit, a
 * window that does not hold the lease), the write is refused by the store; it is re-applied on
 * the newer record only while that record still holds the refresh token this refresh was
 * based on. Otherwise another window changed the token: its record is kept (`superseded`),
 * never overwritten with this window's view.
 */
async function commitRebased(
  ctx: RefreshRunContext,
  record: SessionRecord,
  change: CommitChange,
  basedOnToken: string,
): Promise<CommitResult | 'superseded'> {
  let current = change;
  for (let i = 0; ; i++) {
    try {
      return await ctx.store.commit(record.session.id, current, ctx.historyInBackground ? { historyInBackground: true } : undefined);
    } catch (err) {
      if (!(err instanceof StaleRecordError) || i >= 3) throw err;
      const fresh = await ctx.store.load(record.session.id, { history: false, fresh: true });
      if (fresh.kind !== 'found') throw err;
      const stored = fresh.record.secrets.refreshToken;
      if (stored !== basedOnToken && stored !== ctx.storedRefreshToken) {
        // Keep the other window's record; still append what happened here.
        await ctx.store.commit(record.session.id, { events: current.events, historyLimit: current.historyLimit, at: current.at }).catch(() => undefined);
        return 'superseded';
      }
      current = { ...current, baseRev: fresh.record.rev ?? 0 };
    }
  }
}

async function attemptOnce(ctx: RefreshRunContext, operation: RefreshOperation, notes: readonly HistoryNote[], sent: string): Promise<Attempt> {
  const { session, secrets } = ctx.record;
  // Only InitiateAuth sends a username (for SECRET_HASH): the ID token is not decoded for the others.
  const username = operation !== 'InitiateAuth' ? undefined : (session.username ?? (secrets.idToken ? internalUsernameFromIdToken(secrets.idToken) : undefined));
  const request = {
    refreshToken: sent,
    clientId: session.clientId,
    ...(secrets.clientSecret !== undefined ? { clientSecret: secrets.clientSecret } : {}),
    ...(session.deviceKey !== undefined ? { deviceKey: session.deviceKey } : {}),
    ...(session.clientMetadata !== undefined ? { clientMetadata: session.clientMetadata } : {}),
    ...(username !== undefined ? { username } : {}),
  };
  const call =
    operation === 'TokenEndpoint'
      ? () =>
          tokenEndpointRefresh(
            {
              oauthDomain: session.oauthDomain,
              clientId: session.clientId,
              ...(secrets.clientSecret !== undefined ? { clientSecret: secrets.clientSecret } : {}),
              ...(session.oauthClientAuth !== undefined ? { clientAuth: session.oauthClientAuth } : {}),
            },
            sent,
            { ...ctx.oauth, signal: ctx.signal },
          )
      : () => (operation === 'GetTokensFromRefreshToken' ? getTokensFromRefreshToken : initiateRefreshTokenAuth)(ctx.client, request, { abortSignal: ctx.signal });

  const sentAt = ctx.now();
  let grant: TokenGrant;
  try {
    grant = await call();
  } catch (err) {
    const failure = readFailure(err, operation, ctx.signal, sessionContext(session));
    const failureNotes: HistoryNote[] = [...notes];
    if (failure.cancelled) failureNotes.push('cancelled');
    if (failure.mayHaveReachedServer) failureNotes.push('response-lost');
    if (failure.unsupportedOperation) failureNotes.push('unsupported-operation');
    const precondition = err instanceof MissingUsernameError || err instanceof MissingOAuthDomainError;
    return { ok: false, operation, sentAt, latencyMs: ctx.now() - sentAt, failure, precondition, sent, notes: failureNotes };
  }
  const latencyMs = ctx.now() - sentAt;
  const rotated = grant.refreshToken !== undefined && grant.refreshToken !== sent;
  const successNotes: HistoryNote[] = [...notes];
  if (grant.newDeviceKey !== undefined) successNotes.push('new-device');
  return { ok: true, operation, sentAt, latencyMs, grant, rotated, sent, notes: successNotes };
}

function toEvent(a: Attempt): HistoryEvent {
  const base = {
    at: new Date(a.sentAt).toISOString(),
    operation: a.operation,
    oldFingerprint: fingerprint(a.sent),
    latencyMs: a.latencyMs,
    ...(a.notes.length > 0 ? { notes: a.notes } : {}),
  };
  if (a.ok) {
    return {
      ...base,
      outcome: 'success',
      rotated: a.rotated,
      ...(a.rotated && a.grant.refreshToken !== undefined ? { newFingerprint: fingerprint(a.grant.refreshToken) } : {}),
    };
  }
  const { info, safeMessage } = a.failure;
  return {
    ...base,
    outcome: 'error',
    rotated: false,
    errorName: info.name,
    ...(safeMessage ? { errorMessage: safeMessage } : {}),
    ...(info.httpStatus !== undefined ? { httpStatus: info.httpStatus } : {}),
    ...(info.requestId !== undefined ? { requestId: info.requestId } : {}),
  };
}

function toLastError(c: FailureFacts, operation: RefreshOperation, at: number, explanationId?: string): LastError {
  return {
    name: c.info.name,
    message: c.safeMessage,
    at: new Date(at).toISOString(),
    operation,
    ...(c.info.requestId !== undefined ? { requestId: c.info.requestId } : {}),
    catalogId: explanationId ?? c.stored.catalogId,
    ...(c.stored.httpStatus !== undefined ? { httpStatus: c.stored.httpStatus } : {}),
    ...(c.stored.code !== undefined ? { code: c.stored.code } : {}),
  };
}
