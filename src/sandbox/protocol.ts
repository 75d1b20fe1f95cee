// The AWS JSON 1.1 protocol as Cognito speaks it: POST /, Content-Type
// application/x-amz-json-1.1, X-Amz-Target AWSCognitoIdentityProviderService.<Op>.

import { CognitoError, httpStatusFor } from './errors';
import { SerializationError } from './request-validation';

export const JSON_1_1 = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** A response ready to write; `errorName` is set for error responses. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  errorName?: string;
}

/** The operation named by an X-Amz-Target header, or undefined when the header is absent or for another service. */
export function operationFromTarget(target: string | undefined): string | undefined {
  if (!target?.startsWith(TARGET_PREFIX)) return undefined;
  const op = target.slice(TARGET_PREFIX.length);
  return /^[A-Za-z]+$/.test(op) ? op : undefined;
}

export function isJson11(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === JSON_1_1;
}

/** Parses a request body: must be a JSON object (an empty body counts as `{}`). */
export function parseBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SerializationError('Request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SerializationError('Request body must be a JSON object');
  return value as Record<string, unknown>;
}

export function successResponse(requestId: string, output: Record<string, unknown>): WireResponse {
  return { status: 200, headers: baseHeaders(requestId), body: JSON.stringify(output) };
}

/** A modeled Cognito exception: `{"__type":"Name","message":"..."}` plus the x-amzn-Error* headers. */
export function errorResponse(requestId: string, name: string, message: string): WireResponse {
  return {
    status: httpStatusFor(name),
    headers: {
      ...baseHeaders(requestId),
      'x-amzn-ErrorType': name,
      // Header values must be latin1 without line breaks.
      'x-amzn-ErrorMessage': message.replace(/[^\x20-\x7e]/g, '?'),
    },
    body: JSON.stringify({ __type: name, message }),
    errorName: name,
  };
}

/**
 * What AWS's service framework answers for a request it cannot route (an unknown
 * or missing X-Amz-Target, or an operation the service lacks): HTTP 400 and a
 * body naming `com.amazon.coral.service#UnknownOperationException`, without a
 * message (seen from AWS JSON services, e.g. aws/aws-sdk-net#1536,
 * aws/aws-sdk-go#3426). SDKs strip the namespace: the error's name is
 * "UnknownOperationException".
 */
export function unknownOperationResponse(requestId: string, status = 400): WireResponse {
  return frameworkError(requestId, 'UnknownOperationException', status);
}

/** A body the framework cannot deserialise: `com.amazon.coral.service#SerializationException`. */
export function serializationErrorResponse(requestId: string, status = 400): WireResponse {
  return frameworkError(requestId, 'SerializationException', status);
}

/** Maps what an operation threw to a response; anything unexpected is an InternalErrorException. */
export function responseForThrown(requestId: string, thrown: unknown): WireResponse {
  if (thrown instanceof CognitoError) return errorResponse(requestId, thrown.type, thrown.message);
  if (thrown instanceof SerializationError) return serializationErrorResponse(requestId);
  return errorResponse(requestId, 'InternalErrorException', 'Internal server error.');
}

function frameworkError(requestId: string, name: string, status: number): WireResponse {
  return {
    status,
    headers: { ...baseHeaders(requestId), 'x-amzn-ErrorType': `${name}:http://internal.amazon.com/coral/com.amazon.coral.service/` },
    body: JSON.stringify({ __type: `com.amazon.coral.service#${name}` }),
    errorName: name,
  };
}

function baseHeaders(requestId: string): Record<string, string> {
  return { 'Content-Type': JSON_1_1, 'x-amzn-RequestId': requestId };
}
