// What the inspector's copy buttons put on the clipboard: a token as it is, as an
// `Authorization: Bearer` header line, or as a curl command. Pure (no `vscode` import): the panel
// writes the result with vscode.env.clipboard, and the webview never receives it.
import type { CopyFormat, TokenSlot } from '../../shared/protocol';

/**
 * The curl line's URL: a placeholder the user replaces. Deliberately not a real host (not even
 * example.com): a line pasted and run unedited must fail in curl ("bad hostname") instead of
 * sending a live token somewhere.
 */
export const CURL_URL_PLACEHOLDER = '<URL>';

/**
 * The characters a bearer token may have (RFC 6750 `b64token`: ALPHA DIGIT - . _ ~ + / then `=`
 * padding). A JWT always fits; anything else (a space, a line break that would start a second
 * header, a quote) is refused for the header forms. Linear: one character class, one anchored run.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function isHeaderSafe(token: string): boolean {
  return token.length > 0 && B64TOKEN.test(token);
}

/** POSIX shell single quotes: the text exactly, whatever it holds (`'` becomes `'\''`). */
export function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}

export function bearerHeader(token: string): string {
  return `Authorization: Bearer ${token}`;
}

export function curlLine(token: string, url: string = CURL_URL_PLACEHOLDER): string {
  return `curl -H ${shellQuote(bearerHeader(token))} ${shellQuote(url)}`;
}

/** The clipboard text for `format`, or an Error saying why this token cannot be copied that way. */
export function copyText(slot: TokenSlot, raw: string, format: CopyFormat): string | Error {
  if (format === 'raw') return raw;
  if (slot === 'refresh') return new Error('A refresh token is never sent in an Authorization header: copy it as it is.');
  if (!isHeaderSafe(raw)) return new Error('This token has characters an Authorization header cannot carry (spaces, line breaks or quotes): copy it as it is.');
  return format === 'bearer' ? bearerHeader(raw) : curlLine(raw);
}

/** "the ID token as a curl line", for the log and the webview's status (never the token). */
export function describeCopy(slot: TokenSlot, format: CopyFormat): string {
  const what = slot === 'id' ? 'ID token' : slot === 'access' ? 'access token' : slot === 'refresh' ? 'refresh token' : 'token';
  return format === 'raw' ? `the ${what}` : format === 'bearer' ? `the ${what} as an Authorization header` : `the ${what} as a curl command`;
}
