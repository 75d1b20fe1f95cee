// The one place that decides which catalog entry an error is. Classification
// is by the SDK error name, by node / undici error codes (the error's own, its
// cause chain's, or the code in its message), and for a few exceptions by known
// message shapes. Nothing else in the extension should match on error names or
// messages.
//
// Codes come before names: the SDK names a connection reset "TimeoutError"
// (code ECONNRESET, message "socket hang up"), so the name alone would call a
// reset after 21 ms a timeout. A stored last error keeps only a name and a
// message, so the code inside the message counts too.
//
// Every regular expression here is linear in the message length (literals,
// bounded alternations, no quantified groups that can overlap).

import {
  CATALOG,
  KNOWN_SERVICE_NAMES,
  SERVICE_UNAVAILABLE_ID,
  SESSION_REMOVED_ID,
  UNKNOWN_ID,
  UNRECOGNIZED_SERVICE_ID,
  UNSUPPORTED_OPERATION_ID,
} from './catalog';
import { codeInMessage } from './codes';
import type { ErrorInfo } from './types';

/** A known message of an SDK exception, matched case-insensitively anywhere in the message. */
export interface MessageRule {
  /** The catalog id it maps to. */
  readonly id: string;
  /** The exception names it applies to. */
  readonly names: readonly string[];
  /** Whether a message has this shape. Linear in the message length. */
  readonly matches: (message: string) => boolean;
}

const NA = ['NotAuthorizedException'];
const NA_OR_IPE = ['NotAuthorizedException', 'InvalidParameterException'];

/**
 * REFRESH_TOKEN_AUTH refused. Real Cognito reports a disabled flow as
 * InvalidParameterException "<FLOW> flow not enabled for this client"; which
 * exception and wording it uses for REFRESH_TOKEN_AUTH on an app client with
 * rotation is not documented, so both exceptions, both wordings and any
 * message naming the flow together with rotation (in either order) are
 * accepted. Two independent searches rather than `A.*B|B.*A`, which
 * backtracks quadratically on a message repeating A.
 */
const REFRESH_FLOW_NOT_ENABLED = /\b(?:REFRESH_TOKEN(?:_AUTH)?|refresh token auth) flow (?:is )?not (?:enabled|allowed|supported)\b/i;
const REFRESH_FLOW_NAME = /\bREFRESH_TOKEN(?:_AUTH)?\b/i;
const ROTATION_WORD = /\brotation\b/i;

function refreshFlowRefused(message: string): boolean {
  return REFRESH_FLOW_NOT_ENABLED.test(message) || (REFRESH_FLOW_NAME.test(message) && ROTATION_WORD.test(message));
}

const FLOW_NOT_ENABLED = /\bflow (?:is )?not (?:enabled|allowed|supported) for this client\b/i;

/** A rule from a regular expression (each one linear: literals, bounded alternations, no nested quantifiers). */
function pattern(re: RegExp): (message: string) => boolean {
  return (message) => re.test(message);
}

/** Order matters: the first matching rule wins. Messages vary in case, trailing periods and client ids. */
export const MESSAGE_RULES: readonly MessageRule[] = [
  { id: 'NotAuthorizedException/refresh-token-expired', names: NA, matches: pattern(/\brefresh token (?:has )?expired\b/i) },
  { id: 'NotAuthorizedException/refresh-token-revoked', names: NA, matches: pattern(/\brefresh token has been revoked\b/i) },
  { id: 'NotAuthorizedException/access-token-revoked', names: NA, matches: pattern(/\baccess token has been revoked\b/i) },
  { id: 'NotAuthorizedException/access-token-expired', names: NA, matches: pattern(/\baccess token (?:has )?expired\b/i) },
  { id: 'NotAuthorizedException/invalid-access-token', names: NA, matches: pattern(/\binvalid access token\b/i) },
  { id: 'NotAuthorizedException/sign-in-session-expired', names: NA, matches: pattern(/\bsession is expired\b/i) },
  { id: 'NotAuthorizedException/sign-in-session-invalid', names: NA, matches: pattern(/\binvalid session for the user\b/i) },
  { id: 'ResourceNotFoundException/device-not-found', names: ['ResourceNotFoundException'], matches: pattern(/\bdevice does not exist\b/i) },
  { id: 'NotAuthorizedException/invalid-refresh-token', names: NA, matches: pattern(/\binvalid refresh token\b/i) },
  {
    id: 'NotAuthorizedException/client-secret-missing',
    names: NA,
    matches: pattern(/\bis configured (?:for|with) (?:a )?secret but (?:the )?secret was not received\b/i),
  },
  {
    id: 'NotAuthorizedException/secret-hash-mismatch',
    names: NA,
    matches: pattern(/\bunable to verify secret hash for client\b|\bsecret ?hash does not match for the client\b/i),
  },
  ...NA_OR_IPE.map((name) => ({ id: `${name}/refresh-token-auth-not-allowed`, names: [name], matches: refreshFlowRefused })),
  ...NA_OR_IPE.map((name) => ({ id: `${name}/auth-flow-not-enabled`, names: [name], matches: pattern(FLOW_NOT_ENABLED) })),
  { id: 'NotAuthorizedException/incorrect-username-or-password', names: NA, matches: pattern(/\bincorrect username or password\b/i) },
  { id: 'NotAuthorizedException/user-disabled', names: NA, matches: pattern(/\buser is disabled\b/i) },
  { id: 'NotAuthorizedException/password-attempts-exceeded', names: NA, matches: pattern(/\bpassword attempts exceeded\b/i) },
  {
    id: 'ResourceNotFoundException/app-client-not-found',
    names: ['ResourceNotFoundException'],
    matches: pattern(/\buser pool client (?:\S+ )?does not exist\b/i),
  },
  {
    id: 'ResourceNotFoundException/user-pool-not-found',
    names: ['ResourceNotFoundException'],
    matches: pattern(/\buser pool (?!client\b)(?:\S+ )?does not exist\b/i),
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
/** Statuses that, without a Cognito error type, mean "no such operation here". */
const NO_SUCH_OPERATION_STATUSES = new Set([404, 405, 501]);

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

/**
 * Ids of failures after which the request may have reached the server while
 * the response was lost: a reset or hang-up (the request may have been
 * written), a timeout after connecting, a gateway error, a cancellation in
 * flight. Everything else either never left this machine (DNS, refused,
 * unreachable, connect timeout, TLS handshake, invalid endpoint or Region,
 * missing username) or is an answer from the server.
 */
const LOST_RESPONSE_IDS = new Set(['transport/timeout', 'transport/connection-reset', 'transport/gateway-error', 'client/aborted']);

/** An endpoint (usually an emulator) saying it does not know the operation. */
const UNIMPLEMENTED_MESSAGE =
  /\bnot (?:yet )?implemented\b|\bhas not been implemented\b|\bunsupported x-amz-target\b|\bunsupported feature\b|\bunknown operation\b/i;

/** The SDK's note on a body it could not parse (HTML, plain text, truncated JSON). */
const DESERIALIZATION_MESSAGE = /\bDeserialization error\b|\bis not valid JSON\b|\bUnexpected token\b.{0,40}\bJSON\b|\bUnexpected end of JSON input\b/;

const RESET_MESSAGE = /\bsocket hang up\b|\bother side closed\b|\bsocket closed unexpectedly\b/i;
const CONNECT_PHASE_MESSAGE = /\bconnect ETIMEDOUT\b|did not establish a connection|without establishing a connection|\bconnect timeout\b/i;

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

/** Not an HTTP answer from the server: a local failure, whatever it is named. */
function isLocalFailure(info: ErrorInfo): boolean {
  return info.httpStatus === undefined && !KNOWN_SERVICE_NAMES.has(info.name) && !ALIASES.has(info.name);
}

/** The node / undici code: the error's own (or its cause's, see toErrorInfo), else one named in its message. */
function transportCode(info: ErrorInfo): string | undefined {
  if (info.code) return info.code;
  return isLocalFailure(info) && info.message ? codeInMessage(info.message) : undefined;
}

/** A timeout before the connection was open: nothing was sent. */
function isConnectPhase(info: ErrorInfo): boolean {
  return info.syscall === 'connect' || CONNECT_PHASE_MESSAGE.test(info.message ?? '');
}

function transportId(info: ErrorInfo): string | undefined {
  const code = transportCode(info);
  if (code) {
    if (DNS_CODES.has(code)) return 'transport/dns';
    if (code === 'ECONNREFUSED') return 'transport/connection-refused';
    if (UNREACHABLE_CODES.has(code)) return 'transport/network-unreachable';
    if (isTlsCode(code)) return 'transport/tls';
    if (CONNECT_TIMEOUT_CODES.has(code)) return 'transport/connect-timeout';
    if (TIMEOUT_CODES.has(code)) return isConnectPhase(info) ? 'transport/connect-timeout' : 'transport/timeout';
    if (RESET_CODES.has(code)) return 'transport/connection-reset';
  }
  if (!isLocalFailure(info)) return undefined;
  // Messages before names: "TimeoutError: socket hang up" is a reset.
  if (RESET_MESSAGE.test(info.message ?? '')) return 'transport/connection-reset';
  if (TIMEOUT_NAMES.has(info.name)) return isConnectPhase(info) ? 'transport/connect-timeout' : 'transport/timeout';
  return undefined;
}

function clientId(info: ErrorInfo): string | undefined {
  const message = info.message ?? '';
  if (info.name === 'AbortError' || info.code === 'ABORT_ERR') return 'client/aborted';
  if (info.name === 'SessionNotFoundError') return SESSION_REMOVED_ID;
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

/** A body the SDK could not read (`SyntaxError`), or an error with no Cognito error type (`Unknown`). */
function isUnreadableAnswer(info: ErrorInfo): boolean {
  // The SDK's name for an error response without a Cognito error type; nothing else throws it.
  if (info.name === 'Unknown') return true;
  if (info.name !== 'SyntaxError') return false;
  // A stored last error keeps no status; the SDK's deserialization note says it was a response.
  return info.httpStatus !== undefined || DESERIALIZATION_MESSAGE.test(info.message ?? '');
}

/**
 * The endpoint answered, but not as the Cognito API answers this operation:
 * it says the operation is unknown or not implemented, answers 404 / 405 / 501
 * without a Cognito error type, or answers with something that is not a
 * Cognito response at all (HTML, plain text, JSON without `__type`). Gateway
 * statuses (502, 503, 504) without a Cognito body are gateway errors instead.
 */
function isUnsupportedOperation(info: ErrorInfo): boolean {
  if (/UnknownOperation/i.test(info.name) || /UnknownOperation/i.test(info.errorType ?? '')) return true;
  if (info.name === 'InvalidAction') return true;
  if (info.httpStatus === 501) return true;
  if (UNIMPLEMENTED_MESSAGE.test(info.message ?? '')) return true;
  const known = KNOWN_SERVICE_NAMES.has(info.name);
  if (info.httpStatus !== undefined && NO_SUCH_OPERATION_STATUSES.has(info.httpStatus) && !known) return true;
  if (info.httpStatus !== undefined && GATEWAY_STATUSES.has(info.httpStatus)) return false;
  return !known && isUnreadableAnswer(info);
}

function messageRuleId(info: ErrorInfo): string | undefined {
  const message = info.message;
  if (!message) return undefined;
  return MESSAGE_RULES.find((rule) => rule.names.includes(info.name) && rule.matches(message))?.id;
}

/** The catalog id for an error. Always an id present in CATALOG. */
export function classify(info: ErrorInfo): string {
  // An id from an earlier classification of the same error (a stored last error) wins.
  if (info.catalogId !== undefined && CATALOG.has(info.catalogId)) return info.catalogId;
  const id =
    clientId(info) ??
    transportId(info) ??
    (isUnsupportedOperation(info) ? UNSUPPORTED_OPERATION_ID : undefined) ??
    (KNOWN_SERVICE_NAMES.has(info.name) ? (messageRuleId(info) ?? info.name) : undefined) ??
    ALIASES.get(info.name) ??
    responseId(info);
  return CATALOG.has(id) ? id : UNKNOWN_ID;
}

/** An answer that is not a known Cognito exception. */
function responseId(info: ErrorInfo): string {
  if (info.httpStatus !== undefined) {
    if (GATEWAY_STATUSES.has(info.httpStatus) && isUnreadableAnswer(info)) return 'transport/gateway-error';
    return UNRECOGNIZED_SERVICE_ID;
  }
  return info.fault !== undefined ? UNRECOGNIZED_SERVICE_ID : UNKNOWN_ID;
}

/** True for network-level failures: DNS, refused, unreachable, timeouts, resets, TLS, and endpoints that are not a usable Cognito API. */
export function isTransportErrorInfo(info: ErrorInfo): boolean {
  return CATALOG.get(classify(info))?.kind === 'transport';
}

/**
 * True when the request may have reached the server and the response was lost
 * (reset, hang up, timeout after connecting, gateway error, cancelled in
 * flight). With refresh token rotation, Cognito may have issued a new refresh
 * token. False for everything that provably never left this machine (DNS,
 * refused, unreachable, connect timeout, TLS) and for every answer.
 */
export function mayHaveReachedServerInfo(info: ErrorInfo): boolean {
  return LOST_RESPONSE_IDS.has(classify(info));
}

/** Whether the catalog id means "this endpoint does not implement the operation" (the refresh service's fallback signal). */
export function isUnsupportedOperationId(id: string): boolean {
  return id === UNSUPPORTED_OPERATION_ID;
}
