// The OAuth 2.0 endpoints of a user pool's managed-login domain, for sessions whose refresh
// method is `TokenEndpoint`:
//   POST <oauthDomain>/oauth2/token   grant_type=refresh_token&refresh_token=...&client_id=...
//   POST <oauthDomain>/oauth2/revoke  token=...&client_id=...
// form-encoded, the client authenticated per `oauthClientAuth` (HTTP Basic, the default, or
// client_secret in the body) when it has a secret. Plain fetch, no SDK.
//
// Where the refresh token goes: only the session's stored `oauthDomain`, an http(s) origin
// validated when stored and again here; never a URL derived from token content.
//
// Failures are thrown as errors the catalog reads (src/core/errors): an OAuth JSON error
// becomes `name` = its `error` code with `catalogId` = `oauth/<error>`; an answer that is
// neither tokens nor an OAuth error is `transport/oauth-not-token-response` (a gateway status
// is a gateway error: the request may have been processed); fetch's own failures (DNS,
// refused, reset, timeout, abort) are classified from their codes as for the SDK. Nothing here
// logs, and no message carries a token.

import { OAUTH_DOMAIN_MISSING_ID, OAUTH_NOT_TOKEN_RESPONSE_ID, oauthErrorId } from '../errors/catalog';
import { isOAuthDomainOrigin, type OAuthClientAuth } from '../sessions';
import type { TokenGrant } from './operations';

export interface TokenEndpointTarget {
  /** The stored managed-login origin (`Session.oauthDomain`). */
  readonly oauthDomain: string | undefined;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** Default `client_secret_basic`. */
  readonly clientAuth?: OAuthClientAuth;
}

export interface TokenEndpointCallOptions {
  readonly signal?: AbortSignal;
  /** Bounds the whole exchange. Default 15 000 ms (as the SDK client's request timeout). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The largest answer read (a token response is a few KB; a bigger body is not one). */
export const MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;

/** An OAuth error code is ASCII without quotes or backslashes (RFC 6749 5.2); anything else is not one. */
const ERROR_CODE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/** The session has no (valid) managed-login domain: nothing is sent. */
export class MissingOAuthDomainError extends Error {
  override readonly name = 'MissingOAuthDomainError';
  readonly catalogId = OAUTH_DOMAIN_MISSING_ID;
  constructor() {
    super('The session refreshes through the token endpoint but has no managed-login domain (an http(s) origin such as https://<prefix>.auth.<region>.amazoncognito.com). Edit the session to set it.');
  }
}

/** An error answer of the token or revocation endpoint, shaped for the error catalog. */
export class OAuthEndpointError extends Error {
  readonly catalogId: string;
  readonly $metadata: { readonly httpStatusCode: number };
  constructor(name: string, message: string, status: number, catalogId: string) {
    super(message);
    this.name = name;
    this.catalogId = catalogId;
    this.$metadata = { httpStatusCode: status };
  }
}

/** `grant_type=refresh_token` at `<oauthDomain>/oauth2/token`. */
export async function tokenEndpointRefresh(target: TokenEndpointTarget, refreshToken: string, options: TokenEndpointCallOptions = {}): Promise<TokenGrant> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const { status, body } = await post(target, '/oauth2/token', form, options);
  const json = parseJson(body);
  if (status === 200 && json !== undefined) {
    const grant = readGrant(json);
    if (grant) return grant;
  }
  throw answerError(status, json);
}

/** `<oauthDomain>/oauth2/revoke` for a refresh token: an empty 200 on success. */
export async function tokenEndpointRevoke(target: TokenEndpointTarget, token: string, options: TokenEndpointCallOptions = {}): Promise<void> {
  const { status, body } = await post(target, '/oauth2/revoke', new URLSearchParams({ token }), options);
  if (status === 200) return;
  throw answerError(status, parseJson(body));
}

async function post(target: TokenEndpointTarget, path: string, form: URLSearchParams, options: TokenEndpointCallOptions): Promise<{ status: number; body: string }> {
  const domain = target.oauthDomain;
  if (domain === undefined || !isOAuthDomainOrigin(domain)) throw new MissingOAuthDomainError();
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  const secret = target.clientSecret;
  if (secret !== undefined && (target.clientAuth ?? 'client_secret_basic') === 'client_secret_basic') {
    // RFC 6749 2.3.1: id and secret form-encoded, then Base64 of "id:secret".
    headers['Authorization'] = `Basic ${Buffer.from(`${formEncode(target.clientId)}:${formEncode(secret)}`).toString('base64')}`;
  } else {
    form.set('client_id', target.clientId);
    if (secret !== undefined) form.set('client_secret', secret);
  }
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const doFetch = options.fetch ?? fetch;
  // The origin is validated; the path is ours. `redirect: 'error'`: a token request is never
  // followed elsewhere (a redirect would carry the refresh token to another place).
  const response = await doFetch(new URL(path, domain), { method: 'POST', headers, body: form.toString(), signal, redirect: 'error' });
  return { status: response.status, body: await readBounded(response) };
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_TOKEN_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      return '';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function readGrant(json: Record<string, unknown>): TokenGrant | undefined {
  const idToken = nonEmpty(json['id_token']);
  const accessToken = nonEmpty(json['access_token']);
  if (idToken === undefined && accessToken === undefined) return undefined;
  const refreshToken = nonEmpty(json['refresh_token']);
  const expiresIn = json['expires_in'];
  return {
    ...(idToken !== undefined ? { idToken } : {}),
    ...(accessToken !== undefined ? { accessToken } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0 ? { expiresIn } : {}),
  };
}

const GATEWAY_STATUSES = new Set([502, 503, 504]);

function answerError(status: number, json: Record<string, unknown> | undefined): OAuthEndpointError {
  const code = json?.['error'];
  if (typeof code === 'string' && ERROR_CODE.test(code)) {
    const description = typeof json?.['error_description'] === 'string' ? (json['error_description'] as string).slice(0, 500) : '';
    return new OAuthEndpointError(code, description || code, status, oauthErrorId(code));
  }
  if (GATEWAY_STATUSES.has(status)) return new OAuthEndpointError('Error', `HTTP ${status} from the managed-login domain, not an OAuth answer.`, status, 'transport/gateway-error');
  return new OAuthEndpointError('NotATokenResponse', `HTTP ${status}: the answer is neither tokens nor an OAuth error.`, status, OAUTH_NOT_TOKEN_RESPONSE_ID);
}
