// Managed login (the hosted UI): the authorization code grant with PKCE (S256) and `state`,
// the redirect received by a one-shot listener on 127.0.0.1, the code exchanged at
// <domain>/oauth2/token. The session it creates refreshes through the token endpoint
// (refreshMethod 'TokenEndpoint', Session.oauthDomain).
//
// The domain is only ever what the user configured (or the pool's own OpenID configuration);
// never anything read from a token. The code, the verifier and the tokens are never logged.

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  OAUTH_NOT_TOKEN_RESPONSE_ID,
  OAUTH_PORT_IN_USE_ID,
  OAUTH_STATE_MISMATCH_ID,
  oauthErrorId,
  SIGN_IN_NO_REFRESH_TOKEN_ID,
} from '../errors/catalog';
import { explain, redactMessage, toErrorInfo, type ErrorInfo, type Explanation } from '../errors';
import { sessionFromAuthenticationResult, type OAuthClientAuth, type SessionRecord } from '../sessions';
import { abortError, HostedUiError, hostedUiError } from './hostedUiError';
import { createRedirectWaiter } from './redirect';
import type { AuthorizeRequest, CodeExchangeInput, HostedUiTarget, LoopbackOptions, LoopbackRedirect, SignInStep } from './types';

export { HostedUiError } from './hostedUiError';
export { DEFAULT_CALLBACK_TIMEOUT_MS } from './redirect';

/** The operation name failures of the token endpoint carry (as the session history names it). */
export const TOKEN_ENDPOINT_OPERATION = 'TokenEndpoint';
export const DEFAULT_CALLBACK_PATH = '/callback';
const EXCHANGE_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** The error and explanation of anything managed login threw or rejected with. */
export function explainHostedUiFailure(err: unknown): { readonly error: ErrorInfo; readonly explanation: Explanation } {
  if (err instanceof HostedUiError) return { error: err.info, explanation: err.explanation };
  const error = toErrorInfo(err);
  return { error, explanation: explain(error) };
}

// ---------------------------------------------------------------------------
// Domain

function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/**
 * The managed-login domain as an origin: https://<prefix>.auth.<region>.amazoncognito.com, a
 * custom domain, or http on a loopback address (the sandbox). Throws on anything else.
 */
export function normalizeDomain(domain: string): string {
  let url: URL;
  try {
    url = new URL(domain.includes('://') ? domain : `https://${domain}`);
  } catch {
    throw hostedUiError('client/invalid-endpoint', 'InvalidURL', 'The managed-login domain is not a valid URL.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw hostedUiError('client/invalid-endpoint', 'InvalidURL', 'The managed-login domain must be https (http only on 127.0.0.1 or localhost).');
  }
  if (url.username !== '' || url.password !== '') throw hostedUiError('client/invalid-endpoint', 'InvalidURL', 'The managed-login domain must not hold credentials.');
  return url.origin;
}

// ---------------------------------------------------------------------------
// PKCE and the authorize URL

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** A PKCE code verifier: 64 random bytes as 86 base64url characters (RFC 7636 allows 43 to 128). */
export function createCodeVerifier(): string {
  return base64url(randomBytes(64));
}

/** S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function codeChallengeS256(codeVerifier: string): string {
  return base64url(createHash('sha256').update(codeVerifier, 'ascii').digest());
}

export function buildAuthorizeUrl(target: HostedUiTarget, redirectUri: string): AuthorizeRequest {
  const codeVerifier = createCodeVerifier();
  const state = base64url(randomBytes(32));
  const url = new URL('/oauth2/authorize', normalizeDomain(target.domain));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', target.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  if (target.scopes.length > 0) url.searchParams.set('scope', target.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallengeS256(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.toString(), state, codeVerifier };
}

// ---------------------------------------------------------------------------
// The loopback listener

function escapeHtml(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&#39;';
    else out += ch;
  }
  return out;
}

/** A small self-contained page: no script, no external resources. */
function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    `<title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.3rem}</style>' +
    `</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>`
  );
}

function answer(res: ServerResponse, status: number, title: string, body: string, close = false): void {
  const html = page(title, body);
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(html);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(hostedUiError(OAUTH_PORT_IN_USE_ID, 'EADDRINUSE', `Port ${port} on 127.0.0.1 is in use, so the sign-in redirect cannot be received there.`, { code: 'EADDRINUSE' }));
      } else reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * Listens on 127.0.0.1 (the given port, or a free one) for one redirect to `path`. Resolves the
 * result with the first callback that carries a code (and, once `expectState` was called or
 * `expectedState` given, the right state); a callback with `error` rejects it with that OAuth
 * error. Other paths (favicon, probes) get a 404 and change nothing; a wrong state gets a 400
 * and the listener keeps waiting (an old tab must not end this sign-in). Closes after the
 * result settles, on timeout (rejects naming the redirect URI expected) and on abort.
 *
 * `startPage(authorizeUrl)` makes the listener's root a start page that redirects the browser to
 * the authorize URL, and returns the root's URL (http://127.0.0.1:<port>/) to open instead of it.
 * For an authorize URL on a loopback domain (the sandbox, an emulator): VS Code for the Web maps
 * a http://127.0.0.1:<port>/... URL given to openExternal to its port proxy, and code-server
 * 4.100.3 keeps only the port (<server>/proxy/<port>/: the path and query are dropped,
 * coder/code-server#7668), so the authorize request would arrive empty. The listener's own root
 * survives that (the proxy forwards it to "/"), and its redirect goes to the full URL.
 */
export async function openLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect & { expectState(state: string): void; startPage(authorizeUrl: string): string }> {
  const path = options.path ?? DEFAULT_CALLBACK_PATH;
  if (!path.startsWith('/') || path.includes('?') || path.includes('#')) throw new TypeError('The callback path must start with "/" and hold no query or fragment.');
  if (options.signal?.aborted) throw abortError();
  let startTarget: string | undefined;
  // The wait (state, one-shot, timeout, abort) is the redirect waiter's, shared with the URI
  // handler; this listener only turns HTTP requests into deliveries and answers the browser.
  let waiter: ReturnType<typeof createRedirectWaiter> | undefined;
  const server = createServer((req, res) => {
    answering = true;
    try {
      handle(req, res);
    } finally {
      answering = false;
      if (closeAfterAnswer) shutDown();
    }
  });
  server.keepAliveTimeout = 1000;
  // A delivery that settles the wait closes the server only after its answer is written.
  let answering = false;
  let closeAfterAnswer = false;
  const shutDown = (): void => {
    closeAfterAnswer = false;
    server.close();
    server.closeAllConnections();
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const open = waiter !== undefined && !waiter.settled;
    if (req.method === 'GET' && startTarget !== undefined && open && isRootTarget(req.url ?? '')) {
      startRedirect(res, startTarget);
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      answer(res, 400, 'Bad request', 'This address only receives the sign-in redirect.');
      return;
    }
    if (req.method !== 'GET' || url.pathname !== path || !open || waiter === undefined) {
      answer(res, 404, 'Not found', 'This address only receives the sign-in redirect.');
      return;
    }
    const reading = waiter.deliver(url.searchParams);
    switch (reading.kind) {
      case 'wrong-state':
        answer(res, 400, 'This sign-in was not started here', 'The state of this redirect does not match the sign-in in progress, so it was ignored. Start the sign-in again from VS Code if it does not finish.');
        return;
      case 'error': {
        const description = reading.error.info.message;
        answer(res, 400, 'Sign-in failed', `Managed login answered ${reading.error.info.name}${description ? `: ${description}` : ''}. Return to VS Code for what it means.`, true);
        return;
      }
      case 'no-code':
        answer(res, 400, 'No authorization code', 'This redirect holds no code; the sign-in is still waiting.');
        return;
      case 'closed':
        answer(res, 404, 'Not found', 'This address only receives the sign-in redirect.');
        return;
      case 'code':
        answer(res, 200, 'Signed in', 'You can close this tab and return to VS Code.', true);
        return;
    }
  };

  const port = await listen(server, options.port ?? 0);
  const redirectUri = `http://127.0.0.1:${port}${path}`;
  try {
    waiter = createRedirectWaiter({
      redirectUri,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.expectedState !== undefined ? { expectedState: options.expectedState } : {}),
      onSettled: () => {
        if (answering) closeAfterAnswer = true;
        else shutDown();
      },
    });
  } catch (err) {
    // Aborted while listening.
    shutDown();
    throw err;
  }
  const w = waiter;
  return {
    redirectUri,
    result: w.result,
    close: () => w.close(),
    expectState: (state: string) => w.expectState(state),
    startPage: (authorizeUrl: string) => {
      const url = new URL(authorizeUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('The start page redirects to an http(s) authorize URL only.');
      startTarget = url.toString();
      return `http://127.0.0.1:${port}/`;
    },
  };
}

/** The request target is the root ("/", as code-server's port proxy forwards <server>/proxy/<port>/ too), with or without a query. */
function isRootTarget(target: string): boolean {
  return target === '/' || target.startsWith('/?');
}

/** The start page: a redirect to the authorize URL, with a link for a browser that does not follow it. */
function startRedirect(res: ServerResponse, authorizeUrl: string): void {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head>' +
    `<body><p><a href="${escapeHtml(authorizeUrl)}">Continue to the sign-in page</a></p></body></html>`;
  res.writeHead(302, {
    Location: authorizeUrl,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'",
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

// ---------------------------------------------------------------------------
// The token endpoint

interface TokenResponse {
  readonly id_token?: unknown;
  readonly access_token?: unknown;
  readonly refresh_token?: unknown;
  readonly expires_in?: unknown;
  readonly token_type?: unknown;
  readonly error?: unknown;
  readonly error_description?: unknown;
}

/** The body and headers a token-endpoint request carries for this client (RFC 6749 2.3.1). */
export function tokenRequestAuth(
  clientId: string,
  clientSecret: string | undefined,
  clientAuth: OAuthClientAuth | undefined,
): { headers: Record<string, string>; body: Record<string, string> } {
  if (clientSecret === undefined) return { headers: {}, body: { client_id: clientId } };
  if (clientAuth === 'client_secret_post') return { headers: {}, body: { client_id: clientId, client_secret: clientSecret } };
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  return { headers: { Authorization: `Basic ${basic}` }, body: { client_id: clientId } };
}

async function readLimited(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POSTs a form to <domain>/oauth2/token and reads the answer: the parsed token response, or an
 * ErrorInfo (an OAuth error as `oauth/<error>`, an answer that is not a token response, a
 * transport failure). Shared by the code exchange and (through H7) refresh.
 */
export async function postTokenEndpoint(
  domain: string,
  form: Record<string, string>,
  headers: Record<string, string>,
  fetchImpl: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<{ ok: true; body: TokenResponse; httpStatus: number } | { ok: false; error: ErrorInfo }> {
  const url = `${normalizeDomain(domain)}/oauth2/token`;
  const timeout = AbortSignal.timeout(EXCHANGE_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
      body: new URLSearchParams(form).toString(),
      // A redirect would carry the code (or refresh token) somewhere else: never follow one.
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    return { ok: false, error: toErrorInfo(err, TOKEN_ENDPOINT_OPERATION) };
  }
  let text: string;
  try {
    text = await readLimited(res);
  } catch (err) {
    return { ok: false, error: toErrorInfo(err, TOKEN_ENDPOINT_OPERATION) };
  }
  let body: TokenResponse | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as TokenResponse) : undefined;
  } catch {
    body = undefined;
  }
  if (body && typeof body.error === 'string' && body.error.length > 0 && body.error.length <= 100) {
    const description = typeof body.error_description === 'string' ? body.error_description.slice(0, 1000) : undefined;
    return {
      ok: false,
      error: {
        name: body.error,
        ...(description ? { message: redactMessage(description) } : {}),
        httpStatus: res.status,
        catalogId: oauthErrorId(body.error),
        operation: TOKEN_ENDPOINT_OPERATION,
      },
    };
  }
  if (res.status !== 200 || !body || typeof body.access_token !== 'string') {
    const contentType = (res.headers.get('content-type') ?? '').slice(0, 80);
    return {
      ok: false,
      error: {
        name: 'NotATokenResponse',
        message: `${url} answered HTTP ${res.status}${contentType ? ` (${contentType})` : ''}, which is not a token response.`,
        httpStatus: res.status,
        catalogId: OAUTH_NOT_TOKEN_RESPONSE_ID,
        operation: TOKEN_ENDPOINT_OPERATION,
      },
    };
  }
  return { ok: true, body, httpStatus: res.status };
}

function failedStep(error: ErrorInfo, target: HostedUiTarget): SignInStep {
  return {
    kind: 'failed',
    error,
    explanation: explain(error, { region: target.region, userPoolId: target.userPoolId, operation: TOKEN_ENDPOINT_OPERATION }),
    retryable: false,
  };
}

export async function exchangeCode(target: HostedUiTarget, input: CodeExchangeInput, fetchImpl: typeof fetch = fetch, now: () => number = Date.now): Promise<SignInStep> {
  const auth = tokenRequestAuth(target.clientId, target.clientSecret, target.clientAuth);
  let answerOf;
  try {
    answerOf = await postTokenEndpoint(
      target.domain,
      { grant_type: 'authorization_code', ...auth.body, code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier },
      auth.headers,
      fetchImpl,
    );
  } catch (err) {
    return failedStep(explainHostedUiFailure(err).error, target);
  }
  if (!answerOf.ok) return failedStep(answerOf.error, target);
  const b = answerOf.body;
  const created = sessionFromAuthenticationResult({
    label: target.label ?? `${target.clientId} (managed login)`,
    region: target.region,
    userPoolId: target.userPoolId,
    clientId: target.clientId,
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    ...(target.clientSecret !== undefined ? { clientSecret: target.clientSecret } : {}),
    refreshMethod: 'TokenEndpoint',
    authenticationResult: {
      AccessToken: b.access_token as string,
      ...(typeof b.id_token === 'string' ? { IdToken: b.id_token } : {}),
      ...(typeof b.refresh_token === 'string' ? { RefreshToken: b.refresh_token } : {}),
      ...(typeof b.expires_in === 'number' && Number.isFinite(b.expires_in) ? { ExpiresIn: b.expires_in } : {}),
    },
    now: now(),
  });
  if (!created.ok) return failedStep({ name: 'NoRefreshToken', message: created.message, catalogId: SIGN_IN_NO_REFRESH_TOKEN_ID }, target);
  return { kind: 'done', record: withOAuth(created.record, normalizeDomain(target.domain), target) };
}

function withOAuth(record: SessionRecord, oauthDomain: string, target: HostedUiTarget): SessionRecord {
  return {
    ...record,
    session: {
      ...record.session,
      oauthDomain,
      ...(target.clientSecret !== undefined ? { oauthClientAuth: target.clientAuth ?? 'client_secret_basic' } : {}),
    },
  };
}

// ---------------------------------------------------------------------------
// Discovery

/**
 * The managed-login domain of a pool: the origin of `authorization_endpoint` in
 * <issuer>/.well-known/openid-configuration. Undefined when the document cannot be read or
 * names none (a pool without a domain).
 */
export async function discoverHostedUiDomain(issuer: string, fetchImpl: typeof fetch = fetch): Promise<string | undefined> {
  let base = issuer;
  while (base.endsWith('/')) base = base.slice(0, -1);
  let url: URL;
  try {
    url = new URL(`${base}/.well-known/openid-configuration`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) return undefined;
  try {
    const res = await fetchImpl(url, { headers: { Accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS) });
    if (res.status !== 200) return undefined;
    const doc: unknown = JSON.parse(await readLimited(res));
    const endpoint = typeof doc === 'object' && doc !== null ? (doc as { authorization_endpoint?: unknown }).authorization_endpoint : undefined;
    if (typeof endpoint !== 'string') return undefined;
    return normalizeDomain(endpoint);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// The whole sign-in

export interface HostedUiSignInOptions {
  /** Shows the callback URL to register and opens the browser (vscode.env.openExternal). */
  readonly openBrowser: (authorizeUrl: string, redirectUri: string) => Promise<void> | void;
  readonly port?: number;
  readonly path?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly fetchImpl?: typeof fetch;
  readonly now?: () => number;
}

/** Managed login from start to finish: listener, authorize URL, browser, state check, code exchange. */
export async function signInWithHostedUi(target: HostedUiTarget, options: HostedUiSignInOptions): Promise<SignInStep> {
  let loopback: Awaited<ReturnType<typeof openLoopbackRedirect>> | undefined;
  try {
    normalizeDomain(target.domain);
    loopback = await openLoopbackRedirect({
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    const request = buildAuthorizeUrl(target, loopback.redirectUri);
    loopback.expectState(request.state);
    await options.openBrowser(request.url, loopback.redirectUri);
    const { code, state } = await loopback.result;
    if (state !== request.state) throw hostedUiError(OAUTH_STATE_MISMATCH_ID, 'StateMismatch', 'The redirect carried another state than this sign-in sent.');
    if (options.signal?.aborted) return { kind: 'cancelled' };
    return await exchangeCode(target, { code, redirectUri: loopback.redirectUri, codeVerifier: request.codeVerifier }, options.fetchImpl, options.now);
  } catch (err) {
    if (options.signal?.aborted || (err instanceof Error && err.name === 'AbortError')) return { kind: 'cancelled' };
    const { error, explanation } = explainHostedUiFailure(err);
    return { kind: 'failed', error, explanation, retryable: false };
  } finally {
    loopback?.close();
  }
}
