/**
 * Fetches a JSON Web Key Set with a timeout and a size limit, and returns a
 * typed result: never a rejection, never a response body in a message.
 */
import type { JSONWebKeySet } from 'jose';

export type JwksErrorCode = 'jwks-fetch-failed' | 'jwks-invalid';

export interface JwksError {
  code: JwksErrorCode;
  /** Mentions the URI and the cause; never a response body. */
  message: string;
  /** The cause alone, short: `ECONNREFUSED`, `timed out after 5000 ms`, `HTTP 404`, `not JSON`. */
  cause: string;
}

export type JwksFetchResult = { ok: true; jwks: JSONWebKeySet } | { ok: false; error: JwksError };

/** GET `uri` (http or https only) and parse it as a key set. Never rejects. */
export async function fetchJwks(fetchImpl: typeof fetch, uri: string, timeoutMs: number, maxBytes: number): Promise<JwksFetchResult> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return fetchFailed(`The key set URI is not a valid URL: ${uri}`, 'not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fetchFailed(`The key set URI must use http or https: ${uri}`, 'not an http(s) URL');
  }

  const signal = AbortSignal.timeout(Math.max(1, timeoutMs));
  let response: Response;
  try {
    response = await fetchImpl(url, { signal, headers: { accept: 'application/json' }, redirect: 'manual' });
  } catch (error) {
    const cause = describeFetchError(error, timeoutMs);
    return fetchFailed(`Could not fetch the key set from ${uri}: ${cause}.`, cause);
  }
  if (!response.ok) {
    await discard(response);
    return fetchFailed(`Fetching the key set from ${uri} returned HTTP ${response.status}.`, `HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discard(response);
    return invalid(`The key set at ${uri} is larger than ${maxBytes} bytes.`, `larger than ${maxBytes} bytes`);
  }

  let text: string | undefined;
  try {
    text = await readLimited(response, maxBytes);
  } catch (error) {
    const cause = describeFetchError(error, timeoutMs);
    return fetchFailed(`Could not read the key set from ${uri}: ${cause}.`, cause);
  }
  if (text === undefined) return invalid(`The key set at ${uri} is larger than ${maxBytes} bytes.`, `larger than ${maxBytes} bytes`);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid(`The key set at ${uri} is not JSON.`, 'not JSON');
  }
  if (!isKeySet(json)) return invalid(`The key set at ${uri} has no "keys" array of JWK objects.`, 'no "keys" array');
  return { ok: true, jwks: json };
}

/** The body as text, or undefined once it exceeds `maxBytes` (then the stream is cancelled). */
async function readLimited(response: Response, maxBytes: number): Promise<string | undefined> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  if (typeof value !== 'object' || value === null) return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((k) => typeof k === 'object' && k !== null && !Array.isArray(k));
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** A short cause for a failed fetch: timeout, or the network error code (ECONNREFUSED, ENOTFOUND…). */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    const cause = (error as { cause?: unknown }).cause;
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    if (typeof code === 'string') return code;
    return error.message;
  }
  return 'unknown error';
}

function fetchFailed(message: string, cause: string): { ok: false; error: JwksError } {
  return { ok: false, error: { code: 'jwks-fetch-failed', message, cause } };
}

function invalid(message: string, cause: string): { ok: false; error: JwksError } {
  return { ok: false, error: { code: 'jwks-invalid', message, cause } };
}
