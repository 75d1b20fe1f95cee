// Removes tokens and secrets from text before it is shown or logged: error
// messages (a proxy page, an emulator or a library may echo the request back)
// and every line of the output channel (src/vscode/log.ts re-exports `redact`).
//
// What goes: JWS / JWE tokens, `Bearer` / `Basic` credentials, the values of
// fields that carry secrets (password, client secret, SECRET_HASH, tokens),
// and long opaque strings (secrets, hashes, keys). What stays: identifiers,
// which the log and the catalog need: catalog ids such as
// `RefreshTokenReuseException/own-retry-after-lost-response`, UUIDs, client
// ids, user pool ids, device keys, fingerprints, paths and words.
//
// Linear in the text length: tokens and opaque runs are found by scanners that
// never look at a character more than a fixed number of times; the two
// regular expressions (secret field names, auth schemes) are literal
// alternations bounded by single-character look-arounds, and every match
// attempt that fails does so within the key it started on.

const JWT_MARK = '[redacted JWT]';
const MARK = '[redacted]';

/** Opaque runs this long or longer are checked for randomness. */
const OPAQUE_MIN = 32;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** base64url: A-Z a-z 0-9 - _ */
function isTokenChar(c: number): boolean {
  return isAlnum(c) || c === 45 || c === 95;
}

/** base64 and base64url without padding: A-Z a-z 0-9 - _ + / */
function isOpaqueChar(c: number): boolean {
  return isTokenChar(c) || c === 43 || c === 47;
}

const DOT = 46;
const EQ = 61;

/**
 * Whether a JOSE header (base64url of `{"`, `{ "` or `{\n`) starts at `i`:
 * `eyJ`, `eyI`, `eyA`, `eyL`, `ewo`, `ewk`, `ew0` (the prefixes the token
 * scanner in src/core/token/scan.ts decodes, so what the hover shows as a
 * token is redacted here too).
 */
function isHeaderPrefix(text: string, i: number): boolean {
  const second = text.charCodeAt(i + 1);
  const third = text.charCodeAt(i + 2);
  if (second === 121 /* y */) return third === 74 || third === 73 || third === 65 || third === 76; // J I A L
  if (second === 119 /* w */) return third === 111 || third === 107 || third === 48; // o k 0
  return false;
}

/** JWS (3 parts) or JWE (5 parts): a JOSE header, then 2 to 4 more dot-separated base64url parts. */
function redactJwts(text: string): string {
  const out: string[] = [];
  let copied = 0;
  let i = text.indexOf('e');
  while (i !== -1) {
    if (!isHeaderPrefix(text, i)) {
      i = text.indexOf('e', i + 1);
      continue;
    }
    let j = i + 3;
    if (i > 0 && isTokenChar(text.charCodeAt(i - 1))) {
      // Inside a longer run: not a token start. Skip the whole run.
      while (j < text.length && isTokenChar(text.charCodeAt(j))) j++;
      i = text.indexOf('e', j);
      continue;
    }
    while (j < text.length && isTokenChar(text.charCodeAt(j))) j++;
    let dots = 0;
    while (dots < 4 && j < text.length && text.charCodeAt(j) === DOT) {
      j++;
      dots++;
      while (j < text.length && isTokenChar(text.charCodeAt(j))) j++;
    }
    if (dots >= 2) {
      // Give back sentence punctuation that empty last parts swallowed.
      let end = j;
      while (end > i && text.charCodeAt(end - 1) === DOT) end--;
      out.push(text.slice(copied, i), JWT_MARK);
      copied = end;
    }
    i = text.indexOf('e', j);
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/** `Bearer <credentials>`, `Basic <credentials>` (16+ characters, so prose like "Basic features" stays). */
const AUTH_SCHEME = /(?<![A-Za-z0-9_-])(Bearer|bearer|BEARER|Basic|basic)([ \t]+)([A-Za-z0-9._~+/=-]{16,})/g;

function redactAuthSchemes(text: string): string {
  return text.replace(AUTH_SCHEME, (_m, scheme: string, space: string) => `${scheme}${space}${MARK}`);
}

/**
 * Names of fields whose value is secret whatever it looks like. A name starts
 * after a non-name character or `_` (so `COGNITO_CLIENT_SECRET=` counts, but
 * `client-with-secret=` is a name, not a secret) and ends at a non-name
 * character (so `token_use` is not `token`).
 */
const SECRET_KEY =
  /(?<![A-Za-z0-9-])(client_?secret|secret_?hash|secret_?access_?key|secret|password|passwd|refresh_?token|access_?token|id_?token|session_?token|security_?token|token|authorization)(?![A-Za-z0-9-])/gi;

/** Keys whose value is redacted only when it is long enough to be a credential ("token: expired" stays). */
const LOOSE_KEYS = new Set(['token']);
const LOOSE_MIN = 8;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39;
}

/** Characters that end a field value: whitespace, quotes , ; & } and line breaks. */
function endsValue(c: number): boolean {
  return c <= 32 || c === 34 || c === 39 || c === 44 || c === 59 || c === 38 || c === 125;
}

function redactSecretFields(text: string): string {
  const out: string[] = [];
  let copied = 0;
  SECRET_KEY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SECRET_KEY.exec(text)) !== null) {
    const key = (m[1] ?? '').toLowerCase().replace(/_/g, '');
    let j = m.index + m[0].length;
    if (j < text.length && isQuote(text.charCodeAt(j))) j++;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    const sep = text.charCodeAt(j);
    if (sep !== 58 && sep !== EQ) {
      SECRET_KEY.lastIndex = Math.max(j, m.index + 1);
      continue;
    }
    j++;
    while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    if (j < text.length && isQuote(text.charCodeAt(j))) j++;
    // `Authorization: Bearer <x>`: the credentials are the value.
    for (const scheme of ['Bearer', 'Basic', 'bearer', 'basic']) {
      if (text.startsWith(scheme, j) && isSpace(text.charCodeAt(j + scheme.length))) {
        j += scheme.length;
        while (j < text.length && isSpace(text.charCodeAt(j))) j++;
        break;
      }
    }
    let end = j;
    while (end < text.length && !endsValue(text.charCodeAt(end))) end++;
    const value = text.slice(j, end);
    const already = value.startsWith('[redacted') || value.startsWith('<redacted');
    const long = !LOOSE_KEYS.has(key) || value.length >= LOOSE_MIN;
    if (value.length > 0 && !already && long) {
      out.push(text.slice(copied, j), MARK);
      copied = end;
    }
    SECRET_KEY.lastIndex = Math.max(end, m.index + 1);
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

interface Classes {
  upper: number;
  lower: number;
  digit: number;
}

function classesOf(text: string, start: number, end: number): Classes {
  const c: Classes = { upper: 0, lower: 0, digit: 0 };
  for (let k = start; k < end; k++) {
    const ch = text.charCodeAt(k);
    if (ch >= 65 && ch <= 90) c.upper++;
    else if (ch >= 97 && ch <= 122) c.lower++;
    else if (ch >= 48 && ch <= 57) c.digit++;
  }
  return c;
}

function allThree(c: Classes): boolean {
  return c.upper > 0 && c.lower > 0 && c.digit > 0;
}

/** Upper case, lower case and digits, or a dense mix of cases (a quarter or more capitals): base64, not a word. */
function looksRandom(c: Classes, length: number): boolean {
  return allThree(c) || (c.lower > 0 && c.upper > 0 && c.upper * 4 >= length);
}

/** A path (`src/core/errors`, `role/service-role/CognitoSmsRole`): short parts, none of them random-looking. */
function isPathLike(text: string, start: number, end: number): boolean {
  let partStart = start;
  let slashes = 0;
  for (let k = start; k <= end; k++) {
    if (k === end || text.charCodeAt(k) === 47) {
      if (k < end) slashes++;
      const length = k - partStart;
      if (length > 24 || (length >= 8 && looksRandom(classesOf(text, partStart, k), length))) return false;
      partStart = k + 1;
    }
  }
  return slashes > 0;
}

/** The longest run of letters and digits that has both (hex hashes, lower-case secrets such as Cognito client secrets). */
function longestMixedAlnum(text: string, start: number, end: number): number {
  let best = 0;
  let k = start;
  while (k < end) {
    while (k < end && !isAlnum(text.charCodeAt(k))) k++;
    const s = k;
    let letters = 0;
    let digits = 0;
    while (k < end && isAlnum(text.charCodeAt(k))) {
      const ch = text.charCodeAt(k);
      if (ch <= 57) digits++;
      else letters++;
      k++;
    }
    if (letters > 0 && digits > 0) best = Math.max(best, k - s);
  }
  return best;
}

/**
 * Whether an opaque run (base64 / base64url / hex characters) is a secret:
 * long, and random-looking: upper case, lower case and digits mixed (base64),
 * or a dense mix of cases (base64 without digits), or 32+ letters and digits
 * without separators (hex, lower-case secrets). Identifiers have separators
 * (UUIDs, catalog ids, pool ids), few capitals (camel case) or are short
 * (client ids: 26).
 */
function isSecretRun(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < OPAQUE_MIN) return false;
  if (longestMixedAlnum(text, start, end) >= OPAQUE_MIN) return true;
  return looksRandom(classesOf(text, start, end), length) && !isPathLike(text, start, end);
}

function redactOpaque(text: string): string {
  const out: string[] = [];
  let copied = 0;
  let k = 0;
  while (k < text.length) {
    if (!isOpaqueChar(text.charCodeAt(k))) {
      k++;
      continue;
    }
    const start = k;
    while (k < text.length && isOpaqueChar(text.charCodeAt(k))) k++;
    if (isSecretRun(text, start, k)) {
      let end = k;
      // base64 padding
      if (end < text.length && text.charCodeAt(end) === EQ) end++;
      if (end < text.length && text.charCodeAt(end) === EQ) end++;
      out.push(text.slice(copied, start), MARK);
      copied = end;
      k = end;
    }
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/**
 * Strips tokens, credentials, secret field values and long opaque strings
 * from any text; keeps identifiers. Total: non-strings give ''.
 */
export function redact(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  return redactOpaque(redactSecretFields(redactAuthSchemes(redactJwts(text))));
}

/** Strips JWT-looking strings, secret fields and long base64 from an error message (the same as `redact`). */
export function redactMessage(message: string): string {
  return redact(message);
}
