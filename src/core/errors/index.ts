// The error catalog: the one place that knows what Cognito exceptions and
// network failures mean. Classify with `explain`; the UI shows what it returns.
//
//   const info = toErrorInfo(err, 'GetTokensFromRefreshToken'); // safe to store and log
//   if (mayHaveReachedServer(info)) { /* lost response: retry with the same token within grace */ }
//   const explanation = explain(info, { region, endpoint, userPoolId });

import { classify, isTransportErrorInfo, mayHaveReachedServerInfo } from './classify';
import type { ErrorInfo } from './types';

export type { AttemptFacts, CatalogEntry, ErrorInfo, ErrorKind, ExplainContext, Explanation, Retryable } from './types';
export {
  CATALOG,
  JWKS_UNREACHABLE_ID,
  OWN_RETRY_REUSE_ID,
  RESPONSE_LOST_NOT_RESENT_ID,
  SESSION_REMOVED_ID,
  UNSUPPORTED_OPERATION_ID,
} from './catalog';
export { MESSAGE_RULES, type MessageRule } from './classify';
export { explain, explainKeySetUnreachable, explainWithHistory, idForAttempts, NOT_RESENT_NOTE } from './explain';
export { toErrorInfo } from './errorInfo';
export { redact, redactMessage } from './redact';
export { storedErrorFields, type StoredErrorFields } from './stored';

/** The catalog id `explain` would use for this error. */
export function catalogId(info: ErrorInfo): string {
  return classify(info);
}

/** True for network-level failures: DNS, refused, unreachable, timeouts, resets, TLS, and endpoints that are not a usable Cognito API. */
export function isTransportError(info: ErrorInfo): boolean {
  return isTransportErrorInfo(info);
}

/**
 * A connection failure that may have happened AFTER the request reached the
 * server (reset, hang up, timeout after send, gateway error, cancelled in
 * flight): the lost-response case where a rotated token may have been issued.
 */
export function mayHaveReachedServer(info: ErrorInfo): boolean {
  return mayHaveReachedServerInfo(info);
}
