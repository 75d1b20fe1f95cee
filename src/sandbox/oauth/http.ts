// HTTP answers of the managed-login endpoints (not the AWS JSON protocol):
// JSON OAuth errors, HTML pages, redirects; and the form and Basic parsing
// they share.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function writeAnswer(res: ServerResponse, answer: HttpAnswer, requestId = randomUUID()): void {
  res.writeHead(answer.status, {
    ...answer.headers,
    'Content-Length': String(Buffer.byteLength(answer.body)),
    'x-amzn-RequestId': requestId,
  }).end(answer.body);
}

/** A JSON body; token responses and errors must not be cached (RFC 6749 §5.1). */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers },
    body: JSON.stringify(body),
  };
}

export type OAuthErrorCode =
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type'
  | 'invalid_scope' | 'unsupported_token_type' | 'invalid_token' | 'unsupported_response_type' | 'server_error';

/** An OAuth error object (RFC 6749 §5.2): `{"error": code, "error_description"?: text}`. */
export class OAuthError extends Error {
  constructor(readonly code: OAuthErrorCode, readonly description?: string, readonly status = 400, readonly headers: Record<string, string> = {}) {
    super(description ?? code);
    this.name = 'OAuthError';
  }

  answer(): HttpAnswer {
    return jsonAnswer(this.status, { error: this.code, ...(this.description ? { error_description: this.description } : {}) }, this.headers);
  }
}

export function redirectAnswer(location: string): HttpAnswer {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
}

/**
 * An application/x-www-form-urlencoded body. A parameter sent twice is an
 * error (RFC 6749 §3.1: "Request and response parameters MUST NOT be included
 * more than once"), reported as invalid_request.
 */
export function parseForm(raw: Buffer, contentType: string | undefined): Map<string, string> {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new OAuthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  return singleValued(new URLSearchParams(raw.toString('utf8')));
}

export function singleValued(params: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of params) {
    if (out.has(key)) throw new OAuthError('invalid_request', `parameter ${key} was sent more than once`);
    out.set(key, value);
  }
  return out;
}

/**
 * The client id and secret of an `Authorization: Basic` header, or undefined
 * when there is none. RFC 6749 §2.3.1 form-encodes both before base64; the
 * sandbox accepts them encoded or not (Cognito ids and secrets are [\w+]+, so
 * only `+` differs).
 */
export function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | undefined {
  if (authorization === undefined) return undefined;
  const m = /^Basic +([A-Za-z0-9+/=]{1,1000})$/i.exec(authorization.trim());
  if (!m) throw new OAuthError('invalid_client', 'the Authorization header is not HTTP Basic', 401, { 'WWW-Authenticate': 'Basic' });
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'the Basic credentials lack a colon', 401, { 'WWW-Authenticate': 'Basic' });
  return { clientId: formDecode(text.slice(0, colon)), clientSecret: formDecode(text.slice(colon + 1)) };
}

function formDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
