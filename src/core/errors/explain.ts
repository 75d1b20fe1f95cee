// Builds the Explanation for an error: the catalog entry for its class, the
// error's own message, status and request id, and hints from the request
// context (Region, endpoint, user pool, token issuer).

import {
  CATALOG,
  JWKS_UNREACHABLE_ID,
  OWN_RETRY_REUSE_ID,
  RESPONSE_LOST_NOT_RESENT_ID,
  UNKNOWN_ID,
  UNRECOGNIZED_SERVICE_ID,
} from './catalog';
import { classify } from './classify';
import { toErrorInfo } from './errorInfo';
import { redactMessage } from './redact';
import type { AttemptFacts, CatalogEntry, ErrorInfo, ExplainContext, Explanation } from './types';

/** A Region name: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5. */
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const POOL_ID = new RegExp(`^(${REGION})_[0-9A-Za-z]+$`);
const AWS_ENDPOINT = new RegExp(`^https?://cognito-idp(?:-fips)?\\.(${REGION})\\.amazonaws\\.com(?:\\.cn)?(?::\\d+)?/?$`, 'i');
const ISSUER = new RegExp(`^https://cognito-idp\\.(${REGION})\\.amazonaws\\.com(?:\\.cn)?/((${REGION})_[0-9A-Za-z]+)/?$`);

/** Ids where a non-AWS endpoint is a likely part of the story. */
const ENDPOINT_SENSITIVE = new Set([
  'transport/unsupported-operation',
  'transport/connection-refused',
  'NotAuthorizedException/invalid-refresh-token',
  'ResourceNotFoundException',
  'ResourceNotFoundException/app-client-not-found',
  'ResourceNotFoundException/user-pool-not-found',
]);

function regionOfPool(poolId: string | undefined): string | undefined {
  return poolId ? POOL_ID.exec(poolId.trim())?.[1] : undefined;
}

function regionOfEndpoint(endpoint: string | undefined): string | undefined {
  return endpoint ? AWS_ENDPOINT.exec(endpoint.trim())?.[1] : undefined;
}

/** Observations from the context that point at a configuration mistake. */
function contextHints(id: string, context: ExplainContext | undefined): string[] {
  if (!context) return [];
  const hints: string[] = [];
  const region = context.region?.trim() || undefined;
  const endpoint = context.endpoint?.trim() || undefined;
  const poolId = context.userPoolId?.trim() || undefined;
  const poolRegion = regionOfPool(poolId);
  const endpointRegion = regionOfEndpoint(endpoint);
  // With an explicit endpoint, requests go there whatever the Region setting says.
  const targetRegion = endpointRegion ?? (endpoint ? undefined : region);

  if (endpoint && !/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) {
    hints.push(`The endpoint "${endpoint}" has no http:// or https:// scheme, so it is not read as the URL you meant. Write it as http://${endpoint} or https://${endpoint}.`);
  }
  if (endpointRegion && region && endpointRegion !== region) {
    hints.push(`The endpoint is in ${endpointRegion} but the Region setting is ${region}. Requests go to the endpoint's Region.`);
  }
  if (poolRegion && targetRegion && poolRegion !== targetRegion) {
    hints.push(`The user pool ${poolId} is in ${poolRegion}, but requests go to ${targetRegion}. Cognito finds a pool's app clients and tokens only in the pool's own Region.`);
  }

  const issuer = context.issuer ? ISSUER.exec(context.issuer.trim()) : null;
  if (issuer) {
    const [, issuerRegion, issuerPool] = issuer;
    if (poolId && issuerPool && issuerPool !== poolId) {
      hints.push(`The session's tokens were issued by user pool ${issuerPool}, not by the configured pool ${poolId}.`);
    } else if (issuerRegion && targetRegion && issuerRegion !== targetRegion) {
      hints.push(`The session's tokens were issued in ${issuerRegion}, but requests go to ${targetRegion}.`);
    }
  } else if (context.issuer && endpointRegion && ENDPOINT_SENSITIVE.has(id)) {
    hints.push(`The session's tokens were issued by ${context.issuer.trim()}, not by Amazon Cognito, but requests go to Amazon Cognito.`);
  }

  if (endpoint && !endpointRegion && /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) && ENDPOINT_SENSITIVE.has(id)) {
    hints.push(`Requests go to ${endpoint}, which is not a standard Amazon Cognito endpoint (a local emulator, a proxy or a custom URL).`);
  }
  return hints;
}

/** History notes of a re-send of the same refresh token after a lost response. */
const RETRY_NOTES: ReadonlySet<string> = new Set(['retry-within-grace', 'retry-outside-grace']);
/** The note the refresh service adds when it withholds a resend after a lost response. */
export const NOT_RESENT_NOTE = 'retry-withheld';
/** Ids of a lost response (the request may have reached Cognito; no answer came back). */
const LOST_IDS: ReadonlySet<string> = new Set(['transport/timeout', 'transport/connection-reset', 'transport/gateway-error']);

function hasNote(attempt: AttemptFacts | undefined, note: string): boolean {
  const notes = attempt?.notes;
  return Array.isArray(notes) && notes.includes(note);
}

function hasRetryNote(attempt: AttemptFacts | undefined): boolean {
  const notes = attempt?.notes;
  return Array.isArray(notes) && notes.some((n) => RETRY_NOTES.has(n));
}

/**
 * The entry the attempts of the failed refresh call for, or `id` unchanged.
 * `attempts` end with the attempt that produced the error (a session's
 * history ends with its last refresh's attempts).
 *
 * - RefreshTokenReuseException on a retry (note retry-within-grace or
 *   retry-outside-grace) right after an attempt whose response was lost
 *   (note response-lost): the extension's own retry reused a token that
 *   rotation had invalidated.
 * - A lost response (reset, timeout after sending, gateway error) whose
 *   attempt carries the note retry-withheld: the refresh service did not
 *   resend, because the grace period does not provably cover a retry.
 */
export function idForAttempts(id: string, attempts: readonly AttemptFacts[] | undefined): string {
  if (!Array.isArray(attempts) || attempts.length === 0) return id;
  const last = attempts[attempts.length - 1];
  if (id === 'RefreshTokenReuseException' || id.startsWith('RefreshTokenReuseException/')) {
    return hasRetryNote(last) && hasNote(attempts[attempts.length - 2], 'response-lost') ? OWN_RETRY_REUSE_ID : id;
  }
  if (LOST_IDS.has(id) && hasNote(last, 'response-lost') && hasNote(last, NOT_RESENT_NOTE)) return RESPONSE_LOST_NOT_RESENT_ID;
  return id;
}

function copyEntry(entry: CatalogEntry): Explanation {
  return {
    id: entry.id,
    name: entry.name,
    kind: entry.kind,
    title: entry.title,
    whatHappened: entry.whatHappened,
    likelyCauses: [...entry.likelyCauses],
    whatToDo: [...entry.whatToDo],
    docsUrl: entry.docsUrl,
    retryable: entry.retryable,
    ...(entry.quiet ? { quiet: true } : {}),
  };
}

/**
 * Explains an error for display. Accepts anything thrown (SDK exception,
 * node error, fetch error, string, ...) or an ErrorInfo from `toErrorInfo`.
 * Never throws.
 */
export function explain(err: ErrorInfo | unknown, context?: ExplainContext): Explanation {
  const info = toErrorInfo(err);
  // The error's own operation (an ErrorInfo records it) wins over the caller's.
  if (info.operation === undefined && context?.operation) info.operation = context.operation;
  let id = classify(info);
  try {
    id = idForAttempts(id, context?.attempts);
  } catch {
    // Attempts from a caller are read defensively; the error's own class stands.
  }
  const entry = CATALOG.get(id) ?? (CATALOG.get(UNKNOWN_ID) as CatalogEntry);
  const out = copyEntry(entry);

  if (entry.kind === 'transport' || entry.kind === 'client') {
    // The concrete class: ECONNRESET, DEPTH_ZERO_SELF_SIGNED_CERT, UnknownOperationException, HTTP 502, ...
    if (info.code) out.name = info.code;
    else if ((info.name === 'SyntaxError' || info.name === 'Unknown') && info.httpStatus !== undefined) out.name = `HTTP ${info.httpStatus}`;
    else if (info.name === 'SyntaxError' || info.name === 'Unknown') out.name = entry.name;
    else out.name = info.name !== 'Error' ? info.name : entry.name;
  } else {
    out.name = info.name;
  }
  if (id === UNRECOGNIZED_SERVICE_ID || id === UNKNOWN_ID) out.title = `${entry.title}: ${info.name}`;

  if (info.message !== undefined) out.message = info.message;
  if (info.httpStatus !== undefined) out.httpStatus = info.httpStatus;
  if (info.requestId !== undefined) out.requestId = info.requestId;
  if (info.operation !== undefined) out.operation = info.operation;

  let hints: string[] = [];
  try {
    hints = contextHints(id, context);
  } catch {
    hints = [];
  }
  if (hints.length > 0) {
    out.hints = hints;
    out.likelyCauses = [...hints, ...out.likelyCauses];
  }
  return out;
}

/**
 * The explanation of a failed refresh from the session's history: `explain`
 * with the attempts, so the extension's own retry after a lost response and a
 * lost response it did not resend get their own entries. Pass the session's
 * history events (oldest first) and its last error.
 */
export function explainWithHistory(err: ErrorInfo | unknown, attempts: readonly AttemptFacts[], context: ExplainContext = {}): Explanation {
  return explain(err, { ...context, attempts });
}

/**
 * "Could not check: keys unreachable at <url>": the key set could not be
 * fetched, which is not a failed signature. `cause` is what the fetch threw
 * (DNS, refused, timeout, HTTP status), if known; its class becomes the first
 * likely cause.
 */
export function explainKeySetUnreachable(jwksUrl: string, cause?: unknown): Explanation {
  const entry = CATALOG.get(JWKS_UNREACHABLE_ID) as CatalogEntry;
  const out = copyEntry(entry);
  const url = redactMessage(typeof jwksUrl === 'string' ? jwksUrl : '');
  if (url) out.title = `${entry.title} at ${url}`;
  if (cause !== undefined) {
    const info = toErrorInfo(cause);
    const causeEntry = CATALOG.get(classify(info));
    out.name = info.code ?? (info.httpStatus !== undefined ? `HTTP ${info.httpStatus}` : entry.name);
    if (info.message !== undefined) out.message = info.message;
    if (info.httpStatus !== undefined) out.httpStatus = info.httpStatus;
    if (causeEntry && causeEntry.kind === 'transport' && causeEntry.id !== JWKS_UNREACHABLE_ID) {
      const hint = `The request for the key set failed: ${causeEntry.title.charAt(0).toLowerCase()}${causeEntry.title.slice(1)} (${out.name}).`;
      out.hints = [hint];
      out.likelyCauses = [hint, ...out.likelyCauses];
    }
  }
  return out;
}
