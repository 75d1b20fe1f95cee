// One refresh of one session: the attempts (first call, retry after a lost
// response, fallback to InitiateAuth), the persistence order and the history.
// Called by RefreshService, which guarantees it runs alone for the session.
//
// Persistence order (the rule this file exists for): when Cognito answers
// with tokens, the very next step is `store.saveTokens`, in a write of its
// own. With rotation on, the refresh token we sent dies after the app
// client's grace period (0..60 s), so the new one must be durable before
// anything else (history, lastError, learned settings) can fail. If that
// write fails, the outcome is `not-persisted` and the new tokens are handed
// to `keepUnsaved` so the service can hold them in memory and save them later.

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  fingerprint,
  internalUsernameFromIdToken,
  type HistoryEvent,
  type HistoryNote,
  type LastError,
  type RefreshOperation,
  type Session,
  type SessionRecord,
  type SessionStore,
  type TokenUpdate,
} from '../sessions';
import { readFailure, sessionContext, type FailureFacts } from './failure';
import type { MethodPlan } from './methodPlan';
import { getTokensFromRefreshToken, initiateRefreshTokenAuth, MissingUsernameError, type TokenGrant } from './operations';
import type { RefreshCancelled, RefreshFailure, RefreshOutcome, RefreshSuccess, RefreshWarning } from './outcome';
import { decideRetry, rotationKnowledge, type RetryPolicyOptions } from './retryPolicy';

export interface RefreshRunContext {
  readonly store: SessionStore;
  readonly client: CognitoIdentityProviderClient;
  readonly now: () => number;
  readonly historyLimit: number;
  readonly retryPolicy: RetryPolicyOptions;
  /** The stored record, with secrets already overlaid by any unsaved tokens. */
  readonly record: SessionRecord;
  /** The refresh token as stored (differs from `record.secrets.refreshToken` when an earlier save failed). */
  readonly storedRefreshToken: string;
  readonly plan: MethodPlan;
  readonly signal: AbortSignal;
  /** Tokens that Cognito returned but the store refused; `undefined` once saved. */
  readonly keepUnsaved: (update: TokenUpdate | undefined) => void;
}

type Attempt =
  | {
      readonly ok: true;
      readonly operation: RefreshOperation;
      readonly sentAt: number;
      readonly latencyMs: number;
      readonly grant: TokenGrant;
      readonly rotated: boolean;
      /** Undefined when saved. */
      readonly saveError?: FailureFacts;
      readonly notes: readonly HistoryNote[];
    }
  | {
      readonly ok: false;
      readonly operation: RefreshOperation;
      readonly sentAt: number;
      readonly latencyMs: number;
      readonly failure: FailureFacts;
      readonly precondition: boolean;
      readonly notes: readonly HistoryNote[];
    };

export async function runRefresh(ctx: RefreshRunContext): Promise<RefreshOutcome> {
  const { plan, record } = ctx;
  const sentToken = record.secrets.refreshToken;
  const attempts: Attempt[] = [];
  let retry: 'within-grace' | 'outside-grace' | undefined;

  const attemptWithRetry = async (operation: RefreshOperation, notes: readonly HistoryNote[]): Promise<Attempt> => {
    let last = await attemptOnce(ctx, operation, notes);
    attempts.push(last);
    for (let retries = 0; !last.ok; retries++) {
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
      if (!decision.retry) break;
      retry = decision.note === 'retry-within-grace' ? 'within-grace' : 'outside-grace';
      last = await attemptOnce(ctx, operation, [...notes, decision.note]);
      attempts.push(last);
    }
    return last;
  };

  let final = await attemptWithRetry(plan.first, plan.remembered ? ['remembered-fallback'] : []);
  let fellBack = false;
  if (!final.ok && plan.mayFallBack && final.operation === 'GetTokensFromRefreshToken' && final.failure.unsupportedOperation) {
    fellBack = true;
    final = await attemptWithRetry('InitiateAuth', ['fallback']);
  }

  const at = ctx.now();
  const events = attempts.map((a) => toEvent(a, sentToken));
  const observedRotation = final.ok && final.operation === 'GetTokensFromRefreshToken' ? final.rotated : undefined;
  const lastError = final.ok ? (final.saveError ? toLastError(final.saveError, final.operation, at) : null) : toLastError(final.failure, final.operation, at);
  const warnings: RefreshWarning[] = [];
  try {
    await ctx.store.recordAttempts(record.session.id, {
      events,
      historyLimit: ctx.historyLimit,
      lastError,
      // Remembered so the next refresh does not pay for the call known to fail.
      ...(fellBack ? { effectiveMethod: 'InitiateAuth' as const } : {}),
      ...(observedRotation !== undefined ? { observedRotation } : {}),
      at: new Date(at).toISOString(),
    });
  } catch {
    warnings.push('history-not-saved');
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
    if (final.saveError) {
      return {
        ...common,
        ok: false,
        reason: 'not-persisted',
        error: final.saveError.info,
        explanation: final.saveError.explanation,
        rotated: final.rotated,
        responseLost: false,
      } satisfies RefreshFailure;
    }
    const session: Session = {
      ...record.session,
      updatedAt: new Date(at).toISOString(),
      ...(fellBack ? { effectiveMethod: 'InitiateAuth' as const } : {}),
      ...(observedRotation !== undefined ? { observedRotation } : {}),
    };
    const held = final.rotated && final.grant.refreshToken !== undefined ? final.grant.refreshToken : sentToken;
    return {
      ...common,
      ok: true,
      session,
      rotated: final.rotated,
      refreshTokenFingerprint: fingerprint(held),
      ...(final.grant.expiresIn !== undefined ? { expiresIn: final.grant.expiresIn } : {}),
      retriedWithinGrace: retry === 'within-grace',
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
  return {
    ...common,
    ok: false,
    reason: final.precondition ? 'precondition' : final.failure.transport ? 'transport' : 'cognito',
    error: final.failure.info,
    explanation: final.failure.explanation,
    rotated: false,
    responseLost: final.failure.mayHaveReachedServer,
  } satisfies RefreshFailure;
}

async function attemptOnce(ctx: RefreshRunContext, operation: RefreshOperation, notes: readonly HistoryNote[]): Promise<Attempt> {
  const { session, secrets } = ctx.record;
  const sent = secrets.refreshToken;
  const username = session.username ?? (secrets.idToken ? internalUsernameFromIdToken(secrets.idToken) : undefined);
  const request = {
    refreshToken: sent,
    clientId: session.clientId,
    ...(secrets.clientSecret !== undefined ? { clientSecret: secrets.clientSecret } : {}),
    ...(session.deviceKey !== undefined ? { deviceKey: session.deviceKey } : {}),
    ...(session.clientMetadata !== undefined ? { clientMetadata: session.clientMetadata } : {}),
    ...(username !== undefined ? { username } : {}),
  };
  const call = operation === 'GetTokensFromRefreshToken' ? getTokensFromRefreshToken : initiateRefreshTokenAuth;

  const sentAt = ctx.now();
  let grant: TokenGrant;
  try {
    grant = await call(ctx.client, request, { abortSignal: ctx.signal });
  } catch (err) {
    const failure = readFailure(err, operation, ctx.signal, sessionContext(session));
    const failureNotes: HistoryNote[] = [...notes];
    if (failure.cancelled) failureNotes.push('cancelled');
    if (failure.mayHaveReachedServer) failureNotes.push('response-lost');
    if (failure.unsupportedOperation) failureNotes.push('unsupported-operation');
    return { ok: false, operation, sentAt, latencyMs: ctx.now() - sentAt, failure, precondition: err instanceof MissingUsernameError, notes: failureNotes };
  }
  const latencyMs = ctx.now() - sentAt;

  // Persist first: nothing between the answer and this write can fail.
  const rotated = grant.refreshToken !== undefined && grant.refreshToken !== sent;
  const update: TokenUpdate = {
    // The sent token too, when it came from memory after an earlier failed save.
    ...(rotated ? { refreshToken: grant.refreshToken } : sent !== ctx.storedRefreshToken ? { refreshToken: sent } : {}),
    ...(grant.idToken !== undefined ? { idToken: grant.idToken } : {}),
    ...(grant.accessToken !== undefined ? { accessToken: grant.accessToken } : {}),
    ...(grant.expiresIn !== undefined ? { expiresIn: grant.expiresIn } : {}),
    receivedAt: new Date(sentAt + latencyMs).toISOString(),
  };
  let saveError: FailureFacts | undefined;
  try {
    await ctx.store.saveTokens(session.id, update);
    ctx.keepUnsaved(undefined);
  } catch (err) {
    ctx.keepUnsaved(update);
    saveError = readFailure(err, operation, undefined, sessionContext(session));
  }
  const successNotes: HistoryNote[] = [...notes];
  if (grant.newDeviceKey !== undefined) successNotes.push('new-device');
  if (saveError) successNotes.push('not-persisted');
  return { ok: true, operation, sentAt, latencyMs, grant, rotated, ...(saveError ? { saveError } : {}), notes: successNotes };
}

function toEvent(a: Attempt, sentToken: string): HistoryEvent {
  const base = {
    at: new Date(a.sentAt).toISOString(),
    operation: a.operation,
    oldFingerprint: fingerprint(sentToken),
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

function toLastError(c: FailureFacts, operation: RefreshOperation, at: number): LastError {
  return {
    name: c.info.name,
    message: c.safeMessage,
    at: new Date(at).toISOString(),
    operation,
    ...(c.info.requestId !== undefined ? { requestId: c.info.requestId } : {}),
  };
}
