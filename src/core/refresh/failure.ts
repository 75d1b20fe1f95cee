// What the refresh service needs to know about a failed call, read through
// the error catalog (src/core/errors), the one place that classifies errors.
// Nothing here matches on error names or messages itself.

import {
  explain,
  isTransportError,
  mayHaveReachedServer,
  redactMessage,
  storedErrorFields,
  toErrorInfo,
  UNSUPPORTED_OPERATION_ID,
  type ErrorInfo,
  type ExplainContext,
  type Explanation,
  type StoredErrorFields,
} from '../errors';

export interface FailureFacts {
  readonly info: ErrorInfo;
  /** What it means and what to do, with hints from the session's settings. */
  readonly explanation: Explanation;
  /** Redacted, possibly empty; safe for history and lastError. */
  readonly safeMessage: string;
  /** No usable answer came back (DNS, refused, reset, timeout, TLS, not a Cognito API). */
  readonly transport: boolean;
  /** A reset, hang-up or timeout after sending: Cognito may have processed it. */
  readonly mayHaveReachedServer: boolean;
  /**
   * The endpoint does not implement the operation (emulators without
   * GetTokensFromRefreshToken): UnknownOperationException, "not implemented",
   * 404 / 405 / 501 without a Cognito error type, or an answer that is not a
   * Cognito response at all (moto's HTML 500).
   */
  readonly unsupportedOperation: boolean;
  /** What a stored last error should keep (catalog id, status, code), so every view shows this explanation. */
  readonly stored: StoredErrorFields;
  /** Cancelled through the caller's AbortSignal. */
  readonly cancelled: boolean;
}

export function readFailure(
  err: unknown,
  operation: string,
  signal: AbortSignal | undefined,
  context: Omit<ExplainContext, 'operation'> = {},
): FailureFacts {
  const info = toErrorInfo(err, operation);
  const explanation = explain(info, { ...context, operation });
  return {
    info,
    explanation,
    safeMessage: redactMessage(info.message ?? ''),
    transport: isTransportError(info),
    mayHaveReachedServer: mayHaveReachedServer(info),
    unsupportedOperation: explanation.id === UNSUPPORTED_OPERATION_ID,
    stored: storedErrorFields(info, explanation.id),
    cancelled: signal?.aborted === true,
  };
}

/** A cancellation that happened before any request was sent. */
export function abortFailure(): { readonly error: ErrorInfo; readonly explanation: Explanation } {
  const err = new Error('The refresh was cancelled before a request was sent.');
  err.name = 'AbortError';
  const error = toErrorInfo(err);
  return { error, explanation: explain(error) };
}

/** The explain context of a session. */
export function sessionContext(session: { readonly region: string; readonly userPoolId: string; readonly endpoint?: string }): Omit<ExplainContext, 'operation'> {
  return { region: session.region, userPoolId: session.userPoolId, ...(session.endpoint !== undefined ? { endpoint: session.endpoint } : {}) };
}
