// Builds the Explanation for an error: the catalog entry for its class, the
// error's own message, status and request id, and hints from the request
// context (Region, endpoint, user pool, token issuer).

import { CATALOG, UNKNOWN_ID, UNRECOGNIZED_SERVICE_ID } from './catalog';
import { classify } from './classify';
import { toErrorInfo } from './errorInfo';
import type { CatalogEntry, ErrorInfo, ExplainContext, Explanation } from './types';

/** A Region name: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5. */
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const POOL_ID = new RegExp(`^(${REGION})_[0-9A-Za-z]+$`);
const AWS_ENDPOINT = new RegExp(`^https?://cognito-idp(?:-fips)?\\.(${REGION})\\.amazonaws\\.com(?:\\.cn)?(?::\\d+)?/?$`, 'i');
const ISSUER = new RegExp(`^https://cognito-idp\\.(${REGION})\\.amazonaws\\.com(?:\\.cn)?/((${REGION})_[0-9A-Za-z]+)/?$`);

/** Ids where a non-AWS endpoint is a likely part of the story. */
const ENDPOINT_SENSITIVE = new Set([
  'transport/unsupported-operation',
  'transport/unexpected-response',
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
  const id = classify(info);
  const entry = CATALOG.get(id) ?? (CATALOG.get(UNKNOWN_ID) as CatalogEntry);
  const out = copyEntry(entry);

  if (entry.kind === 'transport' || entry.kind === 'client') {
    // The concrete class: ECONNRESET, DEPTH_ZERO_SELF_SIGNED_CERT, UnknownOperationException, HTTP 502, ...
    if (info.code) out.name = info.code;
    else if (info.name === 'SyntaxError' && info.httpStatus !== undefined) out.name = `HTTP ${info.httpStatus}`;
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
