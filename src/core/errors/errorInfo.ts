// Reads anything thrown by the AWS SDK, fetch (undici) or node's net, tls and
// dns into an ErrorInfo. Never throws: every property read is guarded, because
// thrown values can be proxies, objects with throwing getters, or circular.

import { codeInMessage } from './codes';
import { redactMessage } from './redact';
import type { ErrorInfo } from './types';

const MAX_MESSAGE_LENGTH = 2000;

/** SDK v2 / amazon-cognito-identity-js put the exception name in `code`: NotAuthorizedException. */
const EXCEPTION_LIKE_CODE = /^[A-Z][a-z][A-Za-z0-9]*$/;

const GENERIC_NAMES = new Set(['Error', 'TypeError', 'Object', '']);

function get(value: unknown, key: string): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function httpStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

function firstOf(value: unknown): unknown {
  try {
    return Array.isArray(value) && value.length > 0 ? value[0] : undefined;
  } catch {
    return undefined;
  }
}

function constructorName(value: unknown): string | undefined {
  try {
    const ctor = (value as { constructor?: unknown }).constructor;
    return typeof ctor === 'function' ? str((ctor as { name?: unknown }).name) : undefined;
  } catch {
    return undefined;
  }
}

/** `com.amazon.coral.service#UnknownOperationException` or `Foo:http://...` -> the bare name. */
function sanitizeType(type: string | undefined): string | undefined {
  if (!type) return undefined;
  const afterHash = type.includes('#') ? type.slice(type.lastIndexOf('#') + 1) : type;
  return str(afterHash.split(':')[0]?.trim());
}

function cleanMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const redacted = redactMessage(message).trim();
  if (redacted.length === 0) return undefined;
  return redacted.length > MAX_MESSAGE_LENGTH ? `${redacted.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : redacted;
}

function describePrimitive(value: unknown): string {
  try {
    return typeof value === 'symbol' ? value.toString() : String(value);
  } catch {
    return typeof value;
  }
}

function fromPrimitive(value: unknown, operation: string | undefined): ErrorInfo {
  const message =
    typeof value === 'string'
      ? cleanMessage(value)
      : `A ${value === null ? 'null' : typeof value} value (${describePrimitive(value)}) was thrown instead of an Error.`;
  const code = typeof value === 'string' ? codeInMessage(value) : undefined;
  return compact({ name: 'Error', message, code, operation });
}

function compact(info: { [K in keyof ErrorInfo]: ErrorInfo[K] | undefined }): ErrorInfo {
  const out: ErrorInfo = { name: info.name ?? 'Error' };
  if (info.message !== undefined) out.message = info.message;
  if (info.httpStatus !== undefined) out.httpStatus = info.httpStatus;
  if (info.requestId !== undefined) out.requestId = info.requestId;
  if (info.code !== undefined) out.code = info.code;
  if (info.operation !== undefined) out.operation = info.operation;
  if (info.syscall !== undefined) out.syscall = info.syscall;
  if (info.fault !== undefined) out.fault = info.fault;
  if (info.errorType !== undefined) out.errorType = info.errorType;
  if (info.catalogId !== undefined) out.catalogId = info.catalogId;
  return out;
}

/** How deep `cause` chains are followed (fetch: TypeError -> SocketError -> ...). */
const MAX_CAUSE_DEPTH = 5;

/** The first node / undici code along a `cause` chain (and an AggregateError's first error), guarded against cycles. */
function chainCode(start: unknown): string | undefined {
  let current = start;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth++) {
    const code = str(get(current, 'code'));
    if (code && !EXCEPTION_LIKE_CODE.test(code)) return code;
    const inner = firstOf(get(current, 'errors'));
    const innerCode = str(get(inner, 'code'));
    if (innerCode && !EXCEPTION_LIKE_CODE.test(innerCode)) return innerCode;
    current = get(current, 'cause');
  }
  return undefined;
}

function fromObject(err: object, operation: string | undefined): ErrorInfo {
  const metadata = get(err, '$metadata');
  const response = get(err, '$response');
  const cause = get(err, 'cause');
  const inner = firstOf(get(err, 'errors')); // AggregateError (happy eyeballs: ::1 and 127.0.0.1 both refused)

  const rawType = str(get(err, '__type')) ?? str(get(err, 'errorType'));
  const rawCode = str(get(err, 'code'));
  const exceptionCode = rawCode && EXCEPTION_LIKE_CODE.test(rawCode) ? rawCode : undefined;
  const rawName = str(get(err, 'name')) ?? constructorName(err);

  let name = rawName ?? 'Error';
  if (GENERIC_NAMES.has(name)) name = exceptionCode ?? sanitizeType(rawType) ?? (name || 'Error');

  // Own message, else the inner error's (AggregateError has an empty one); fetch's
  // "fetch failed" gets its cause appended, because the cause says what failed.
  let message = str(get(err, 'message')) ?? str(get(err, 'Message')) ?? str(get(inner, 'message'));
  const causeMessage = str(get(cause, 'message'));
  if (causeMessage && causeMessage !== message && !(message ?? '').includes(causeMessage)) {
    message = message ? `${message}: ${causeMessage}` : causeMessage;
  }

  let code = (rawCode && !exceptionCode ? rawCode : undefined) ?? chainCode(cause) ?? chainCode(inner);
  if (!code && GENERIC_NAMES.has(rawName ?? '') && message) code = codeInMessage(message);

  const headers = get(response, 'headers');
  const fault = get(err, '$fault') ?? get(err, 'fault');

  return compact({
    name,
    message: cleanMessage(message),
    httpStatus:
      httpStatus(get(metadata, 'httpStatusCode')) ??
      httpStatus(get(err, 'httpStatus')) ??
      httpStatus(get(err, 'statusCode')) ??
      httpStatus(get(response, 'statusCode')),
    requestId:
      str(get(metadata, 'requestId')) ??
      str(get(err, 'requestId')) ??
      str(get(headers, 'x-amzn-requestid')) ??
      str(get(headers, 'x-amz-request-id')),
    code,
    operation: operation ?? str(get(err, 'operation')),
    syscall: str(get(err, 'syscall')) ?? str(get(cause, 'syscall')) ?? str(get(inner, 'syscall')),
    fault: fault === 'client' || fault === 'server' ? fault : undefined,
    errorType: rawType,
    catalogId: str(get(err, 'catalogId')),
  });
}

/**
 * Turns anything thrown by the SDK, fetch or node's net into an ErrorInfo,
 * never throwing. Reads `name`, `message`, `$metadata.httpStatusCode`,
 * `$metadata.requestId`, `code`, `cause.code`, `$fault` and `__type`. The
 * message has JWTs and secrets removed. Passing an ErrorInfo returns an
 * equivalent ErrorInfo.
 */
export function toErrorInfo(err: unknown, operation?: string): ErrorInfo {
  const op = str(operation);
  try {
    if (err !== null && (typeof err === 'object' || typeof err === 'function')) return fromObject(err, op);
    return fromPrimitive(err, op);
  } catch {
    return compact({ name: 'Error', message: 'The thrown value could not be read.', operation: op });
  }
}
