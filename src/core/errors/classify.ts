// The one place that decides which catalog entry an error is. Classification
// is by the SDK error name, by node / undici error codes, and for a few
// exceptions by known message shapes. Nothing else in the extension should
// match on error names or messages.

import { CATALOG, KNOWN_SERVICE_NAMES, SERVICE_UNAVAILABLE_ID, UNKNOWN_ID, UNRECOGNIZED_SERVICE_ID } from './catalog';
import type { ErrorInfo } from './types';

/** A known message of an SDK exception, matched case-insensitively anywhere in the message. */
export interface MessageRule {
  /** The catalog id it maps to. */
  readonly id: string;
  /** The exception names it applies to. */
  readonly names: readonly string[];
  readonly pattern: RegExp;
}

const NA = ['NotAuthorizedException'];
const NA_OR_IPE = ['NotAuthorizedException', 'InvalidParameterException'];

/**
 * REFRESH_TOKEN_AUTH refused. Real Cognito reports a disabled flow as
 * InvalidParameterException "<FLOW> flow not enabled for this client"; which
 * exception and wording it uses for REFRESH_TOKEN_AUTH on an app client with
 * rotation is not documented, so both exceptions, both wordings and any
 * message naming the flow together with rotation are accepted.
 */
const REFRESH_FLOW_REFUSED =
  /\b(?:REFRESH_TOKEN(?:_AUTH)?|refresh token auth) flow (?:is )?not (?:enabled|allowed|supported)\b|\bREFRESH_TOKEN(?:_AUTH)?\b.*\brotation\b|\brotation\b.*\bREFRESH_TOKEN(?:_AUTH)?\b/i;

const FLOW_NOT_ENABLED = /\bflow (?:is )?not (?:enabled|allowed|supported) for this client\b/i;

/** Order matters: the first matching rule wins. Messages vary in case, trailing periods and client ids. */
export const MESSAGE_RULES: readonly MessageRule[] = [
  { id: 'NotAuthorizedException/refresh-token-expired', names: NA, pattern: /\brefresh token (?:has )?expired\b/i },
  { id: 'NotAuthorizedException/refresh-token-revoked', names: NA, pattern: /\brefresh token has been revoked\b/i },
  { id: 'NotAuthorizedException/access-token-revoked', names: NA, pattern: /\baccess token has been revoked\b/i },
  { id: 'NotAuthorizedException/invalid-refresh-token', names: NA, pattern: /\binvalid refresh token\b/i },
  {
    id: 'NotAuthorizedException/client-secret-missing',
    names: NA,
    pattern: /\bis configured (?:for|with) (?:a )?secret but (?:the )?secret was not received\b/i,
  },
  {
    id: 'NotAuthorizedException/secret-hash-mismatch',
    names: NA,
    pattern: /\bunable to verify secret hash for client\b|\bsecret ?hash does not match for the client\b/i,
  },
  ...NA_OR_IPE.map((name) => ({ id: `${name}/refresh-token-auth-not-allowed`, names: [name], pattern: REFRESH_FLOW_REFUSED })),
  ...NA_OR_IPE.map((name) => ({ id: `${name}/auth-flow-not-enabled`, names: [name], pattern: FLOW_NOT_ENABLED })),
  { id: 'NotAuthorizedException/incorrect-username-or-password', names: NA, pattern: /\bincorrect username or password\b/i },
  { id: 'NotAuthorizedException/user-disabled', names: NA, pattern: /\buser is disabled\b/i },
  { id: 'NotAuthorizedException/password-attempts-exceeded', names: NA, pattern: /\bpassword attempts exceeded\b/i },
  {
    id: 'ResourceNotFoundException/app-client-not-found',
    names: ['ResourceNotFoundException'],
    pattern: /\buser pool client (?:\S+ )?does not exist\b/i,
  },
  {
    id: 'ResourceNotFoundException/user-pool-not-found',
    names: ['ResourceNotFoundException'],
    pattern: /\buser pool (?!client\b)(?:\S+ )?does not exist\b/i,
  },
];

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const CONNECT_TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * AWS-wide error names (the "Common Errors" of every AWS API) that mean the
 * same as a Cognito exception, or have their own entry.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ThrottlingException', 'TooManyRequestsException'],
  ['Throttling', 'TooManyRequestsException'],
  ['InternalFailure', 'InternalErrorException'],
  ['InternalServerException', 'InternalErrorException'],
  ['InternalServerError', 'InternalErrorException'],
  ['ServiceUnavailable', SERVICE_UNAVAILABLE_ID],
  ['ServiceUnavailableException', SERVICE_UNAVAILABLE_ID],
]);

/** Ids of failures after which the request may have reached Cognito while the response was lost. */
const LOST_RESPONSE_IDS = new Set(['transport/timeout', 'transport/connection-reset', 'transport/gateway-error', 'client/aborted']);

/** An endpoint (usually an emulator) saying it does not know the operation. */
const UNIMPLEMENTED_MESSAGE =
  /\bnot (?:yet )?implemented\b|\bhas not been implemented\b|\bunsupported x-amz-target\b|\bunsupported feature\b|\bunknown operation\b/i;

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

/** A timeout before the connection was open: nothing was sent. */
function isConnectPhase(info: ErrorInfo): boolean {
  return (
    info.syscall === 'connect' ||
    /\bconnect ETIMEDOUT\b|did not establish a connection|without establishing a connection|\bconnect timeout\b/i.test(info.message ?? '')
  );
}

function transportId(info: ErrorInfo): string | undefined {
  const code = info.code;
  if (code) {
    if (DNS_CODES.has(code)) return 'transport/dns';
    if (code === 'ECONNREFUSED') return 'transport/connection-refused';
    if (UNREACHABLE_CODES.has(code)) return 'transport/network-unreachable';
    if (isTlsCode(code)) return 'transport/tls';
    if (CONNECT_TIMEOUT_CODES.has(code)) return 'transport/connect-timeout';
    if (TIMEOUT_CODES.has(code)) return isConnectPhase(info) ? 'transport/connect-timeout' : 'transport/timeout';
    if (RESET_CODES.has(code)) return 'transport/connection-reset';
  }
  if (TIMEOUT_NAMES.has(info.name)) return isConnectPhase(info) ? 'transport/connect-timeout' : 'transport/timeout';
  if (info.httpStatus === undefined && /\bsocket hang up\b|\bother side closed\b/i.test(info.message ?? '')) {
    return 'transport/connection-reset';
  }
  return undefined;
}

function clientId(info: ErrorInfo): string | undefined {
  const message = info.message ?? '';
  if (info.name === 'AbortError' || info.code === 'ABORT_ERR') return 'client/aborted';
  if (info.name === 'MissingUsernameError') return 'client/missing-username';
  if (info.name === 'UnexpectedResponseError') return 'client/no-authentication-result';
  if (info.name === 'CredentialsProviderError' || /\bcould not load credentials from any providers\b/i.test(message)) {
    return 'client/credentials';
  }
  if (info.code === 'ERR_INVALID_URL' || (info.name === 'TypeError' && /^invalid url\b/i.test(message))) {
    return 'client/invalid-endpoint';
  }
  if (info.httpStatus === undefined && /^region is missing\b|^region not accepted\b/i.test(message)) return 'client/region';
  return undefined;
}

function isUnimplemented(info: ErrorInfo): boolean {
  if (/UnknownOperation/i.test(info.name) || /UnknownOperation/i.test(info.errorType ?? '')) return true;
  if (info.name === 'InvalidAction') return true;
  if (info.httpStatus === 501) return true;
  if (UNIMPLEMENTED_MESSAGE.test(info.message ?? '')) return true;
  return info.httpStatus === 404 && !KNOWN_SERVICE_NAMES.has(info.name);
}

function messageRuleId(info: ErrorInfo): string | undefined {
  const message = info.message;
  if (!message) return undefined;
  return MESSAGE_RULES.find((rule) => rule.names.includes(info.name) && rule.pattern.test(message))?.id;
}

/** The catalog id for an error. Always an id present in CATALOG. */
export function classify(info: ErrorInfo): string {
  const id =
    clientId(info) ??
    transportId(info) ??
    (isUnimplemented(info) ? 'transport/unsupported-operation' : undefined) ??
    (KNOWN_SERVICE_NAMES.has(info.name) ? (messageRuleId(info) ?? info.name) : undefined) ??
    ALIASES.get(info.name) ??
    responseId(info);
  return CATALOG.has(id) ? id : UNKNOWN_ID;
}

/** An answer that is not a known Cognito exception. */
function responseId(info: ErrorInfo): string {
  if (info.httpStatus !== undefined) {
    const known = KNOWN_SERVICE_NAMES.has(info.name);
    if (!known && GATEWAY_STATUSES.has(info.httpStatus) && (info.name === 'SyntaxError' || info.name === 'Unknown')) {
      return 'transport/gateway-error';
    }
    // The SDK could not read the body (HTML, plain text) or found no error type in it.
    if (info.name === 'SyntaxError' || info.name === 'Unknown') return 'transport/unexpected-response';
    return UNRECOGNIZED_SERVICE_ID;
  }
  return info.fault !== undefined ? UNRECOGNIZED_SERVICE_ID : UNKNOWN_ID;
}

/** True for network-level failures: DNS, refused, unreachable, timeouts, resets, TLS, and endpoints that are not a usable Cognito API. */
export function isTransportErrorInfo(info: ErrorInfo): boolean {
  return CATALOG.get(classify(info))?.kind === 'transport';
}

/**
 * True when the request may have reached Cognito and the response was lost
 * (reset, hang up, timeout after sending, gateway error, cancelled in flight).
 * With refresh token rotation, Cognito may have issued a new refresh token.
 */
export function mayHaveReachedServerInfo(info: ErrorInfo): boolean {
  return LOST_RESPONSE_IDS.has(classify(info));
}
