// What the hover finds around the cursor. Pure: no `vscode` import; hoverProvider.ts hands it
// bounded windows of the document, never the whole text.
//
// "Add as Session" where it makes sense: a session is a refresh token plus the pool and client
// it belongs to. So the link appears
// - on a Cognito refresh token (with the ID/access tokens that provably belong to it), and
// - on an ID or access token only when a refresh token provably belongs to it.
// An ID or access token alone cannot make a session (nothing to refresh with): no link.
//
// Tokens are paired only when they provably belong together (issue 7 item 3: a refresh token
// was paired with an unrelated token two lines up, whose issuer then chose the endpoint):
// - they are fields of one structured container: one JSON object (an AuthenticationResult,
//   an OAuth2 token response: `"IdToken": "…"` and `"RefreshToken": "…"` at the same level),
//   one `AuthenticationResult:` block of `aws … --output yaml`, one AUTHENTICATIONRESULT line
//   of `--output text`, or one Amplify key set (`CognitoIdentityServiceProvider.<client>.<user>.*`);
// - or their claims say so: the same issuer and client, or the same `origin_jti` (one sign-in).
// Being near each other proves nothing (a .env, a log): then the refresh token goes alone and
// Add Session asks for what it does not know. Other tokens inside the handed-over text are
// replaced by a placeholder, so the paste holds the group's tokens and nothing else.
// What the link hands to "Add Session" is the source text around those tokens, as if the user
// had selected and pasted it, so the paste parser also sees the labels next to them
// (`client_id=…`, `--region`, `CognitoIdentityServiceProvider.<client>.<user>.deviceKey`).
import { decodeToken, findTokenAt, MAX_TOKEN_LENGTH, scanTokens } from '../../core/token/index';
import type { DecodedToken, DecodeOptions, DecodeResult, FoundToken, TokenKind } from '../../core/token/index';

export interface TokenAt {
  /** Offsets relative to the text searched. */
  found: FoundToken;
  result: DecodeResult;
}

/** The token under `offset` in `text`, decoded. */
export function tokenAt(text: string, offset: number, options?: DecodeOptions): TokenAt | undefined {
  const found = findTokenAt(text, offset);
  if (!found) return undefined;
  return { found, result: decodeToken(found.raw, options) };
}

/** Bounds of the neighbourhood search. */
export const NEARBY_LIMITS = {
  /** Lines above and below the hovered one that the provider reads. */
  lines: 10,
  /**
   * Characters read before and after the hovered token, whatever the length of its line: a fixed
   * budget, so a hover on a 10 MB minified line reads (and scans) what one in a 1 KB file does.
   * An AuthenticationResult's other two tokens and their labels take about 3 KB (ID tokens
   * with many groups more: a token cut by the budget is left out, and the rest pairs as usual).
   */
  chars: 4096,
  /** Tokens examined in that neighbourhood. */
  tokens: 64,
  /** Lines of context (labels) added above and below the tokens, and their longest length. */
  contextLines: 3,
  contextLineChars: 512,
  /** On a very long line, characters kept before the first and after the last token. */
  lineChars: 256,
} as const;

/** Characters the hover reads on each side of the cursor on the hovered line. */
export const LINE_WINDOW = MAX_TOKEN_LENGTH + 64;

/**
 * The most characters one hover reads of a document, whatever its size or line length: the
 * window of the hovered line and, for a Cognito token, its neighbourhood (the token and
 * NEARBY_LIMITS.chars on each side, see `neighbourhoodRange`). hoverProvider.ts reads no more;
 * test/integration/suite/perf.test.ts counts it in the real host. (Here rather than in
 * hoverProvider.ts, which dist/extension.js evaluates at activation: this file is in a chunk.)
 */
export const HOVER_READ_LIMIT = 2 * LINE_WINDOW + MAX_TOKEN_LENGTH + 2 * NEARBY_LIMITS.chars;

/** Where the lines of a document start and end (VS Code's line model, or an index over a string). */
export interface LineOffsets {
  readonly lineCount: number;
  /** Offset of the first character of `line`. */
  lineStart(line: number): number;
  /** Offset just past the last character of `line`, before its line break. */
  lineEnd(line: number): number;
}

/**
 * The part of the document the neighbourhood of a token is read from: `NEARBY_LIMITS.lines` lines
 * above and below the token's `line`, and no more than `NEARBY_LIMITS.chars` characters before
 * `tokenStart` and after `tokenEnd` (document offsets). At most the token and twice the budget.
 */
export function neighbourhoodRange(line: number, tokenStart: number, tokenEnd: number, lines: LineOffsets): { start: number; end: number } {
  const first = Math.max(0, line - NEARBY_LIMITS.lines);
  const last = Math.min(lines.lineCount - 1, line + NEARBY_LIMITS.lines);
  return {
    start: Math.max(lines.lineStart(first), tokenStart - NEARBY_LIMITS.chars),
    end: Math.min(lines.lineEnd(last), tokenEnd + NEARBY_LIMITS.chars),
  };
}

const SESSION_KINDS: ReadonlySet<TokenKind> = new Set(['id', 'access', 'refresh']);

interface Member {
  found: FoundToken;
  token: DecodedToken;
}

/** What replaces a token that does not belong to the group in the text handed to Add Session. */
export const OTHER_TOKEN_PLACEHOLDER = '<another token, left out>';

/**
 * The text "Add as Session" should receive for the token `found` (in `text`, decoded as
 * `token`), or undefined when no refresh token belongs to it. `text` is a bounded neighbourhood
 * of the document (a few lines, or a window of one long line).
 */
export function sessionPasteNear(text: string, found: FoundToken, token: DecodedToken, options?: DecodeOptions): string | undefined {
  if (!isSessionToken(token)) return undefined;
  const scan = scanTokens(text, { maxTokens: NEARBY_LIMITS.tokens });
  // Alone, an ID or access token makes no session (nothing to refresh with): the common case of
  // a hover costs the scan and nothing more.
  if (token.cognito.kind !== 'refresh' && !scan.tokens.some((t) => t.start !== found.start)) return undefined;
  // Nearest first: on the same line before the lines around, then by the characters between.
  const lineOf = lineIndex(text);
  const hoveredLine = lineOf(found.start);
  const distance = (t: FoundToken): [number, number] => [
    Math.abs(lineOf(t.start) - hoveredLine),
    t.start >= found.end ? t.start - found.end : found.start - t.end,
  ];
  const candidates: Member[] = [];
  for (const { t } of scan.tokens
    .filter((t) => t.start !== found.start)
    .map((t) => ({ t, d: distance(t) }))
    .sort((a, b) => a.d[0] - b.d[0] || a.d[1] - b.d[1])) {
    const decoded = decodeToken(t.raw, options);
    if (decoded.ok && isSessionToken(decoded.token)) candidates.push({ found: t, token: decoded.token });
  }

  const group = new Map<TokenKind, Member>([[token.cognito.kind, { found, token }]]);
  // A candidate joins when it provably belongs to a member; a second pass lets one join through another.
  for (let pass = 0; pass < SESSION_KINDS.size - 1; pass++) {
    for (const c of candidates) {
      if (group.size === SESSION_KINDS.size) break;
      const kind = c.token.cognito.kind;
      if (group.has(kind) || !fits(c.token, group)) continue;
      if ([...group.values()].some((m) => belongTogether(text, m, c))) group.set(kind, c);
    }
  }
  if (!group.has('refresh')) return undefined;

  const members = [...group.values()].map((m) => m.found);
  const from = Math.min(...members.map((m) => m.start));
  const to = Math.max(...members.map((m) => m.end));
  const inGroup = (t: FoundToken) => members.some((m) => m.start === t.start);
  const strangers = scan.tokens.filter((t) => !inGroup(t));
  const { lo, hi } = expandToContext(text, from, to, strangers);
  return withoutStrangers(text, lo, hi, strangers).trim();
}

function isSessionToken(token: DecodedToken): boolean {
  return token.cognito.isCognito && SESSION_KINDS.has(token.cognito.kind) && !token.unsigned;
}

/**
 * An ID or access token joins the group only if it names the same pool and client as the ID or
 * access tokens already in it.
 */
function fits(candidate: DecodedToken, group: Map<TokenKind, Member>): boolean {
  if (candidate.cognito.kind === 'refresh') return true;
  for (const { token } of group.values()) {
    if (token.cognito.kind === 'refresh') continue;
    const a = token.cognito;
    const b = candidate.cognito;
    if (a.userPoolId !== undefined && b.userPoolId !== undefined && a.userPoolId !== b.userPoolId) return false;
    if (a.clientId !== undefined && b.clientId !== undefined && a.clientId !== b.clientId) return false;
  }
  return true;
}

/** The proofs that two tokens come from one sign-in (see the top of the file). */
export function belongTogether(text: string, x: Member, y: Member): boolean {
  const a = x.found.start < y.found.start ? x : y;
  const b = a === x ? y : x;
  const ca = a.token.cognito;
  const cb = b.token.cognito;
  if (ca.originJti !== undefined && ca.originJti === cb.originJti) return true;
  if (ca.issuer !== undefined && ca.clientId !== undefined && ca.issuer === cb.issuer && ca.clientId === cb.clientId) return true;
  const la = labelBefore(text, a.found.start);
  const lb = labelBefore(text, b.found.start);
  if (la === undefined || lb === undefined) return false;
  return sameAmplifyUser(la.key, lb.key) || sameJsonObject(text, a.found, la, b.found, lb) || sameYamlResult(text, la, lb) || sameCliTextLine(text, a.found, b.found);
}

interface Label {
  key: string;
  /** Offset of the key (of its opening quote when quoted). */
  keyStart: number;
  /** The key is in double quotes and followed by `:` (a JSON member). */
  jsonMember: boolean;
  /** The token value is in double quotes. */
  quotedValue: boolean;
  /** Unquoted key followed by `:` (YAML). */
  yaml: boolean;
}

const MAX_KEY = 512;
const TOKEN_FIELDS = new Set(['idtoken', 'accesstoken', 'refreshtoken']);

/** The key labelling the value that starts at `start`: `"IdToken": "`, `IdToken: `, `key\t`, `KEY=`. */
function labelBefore(text: string, start: number): Label | undefined {
  let i = start;
  const quotedValue = text[i - 1] === '"';
  if (quotedValue) i--;
  // The separator: spaces/tabs around one `:` or `=`, or a tab alone.
  let sep = '';
  while (i > 0 && start - i < 32) {
    const c = text[i - 1];
    if (c === ' ' || c === '\t') {
      if (c === '\t' && sep === '') sep = '\t';
      i--;
    } else if ((c === ':' || c === '=') && (sep === '' || sep === '\t')) {
      sep = c;
      i--;
    } else break;
  }
  if (sep === '') return undefined;
  const keyEnd = i;
  const quotedKey = text[keyEnd - 1] === '"';
  let k = quotedKey ? keyEnd - 1 : keyEnd;
  const stop = quotedKey ? (c: string) => c === '"' || c === '\n' : (c: string) => /[\s"'`{}[\],;:=&?#]/.test(c);
  const bodyEnd = k;
  while (k > 0 && bodyEnd - k < MAX_KEY && !stop(text[k - 1] ?? '')) k--;
  if (k === bodyEnd) return undefined;
  if (quotedKey && text[k - 1] !== '"') return undefined;
  const key = text.slice(k, bodyEnd);
  return { key, keyStart: quotedKey ? k - 1 : k, jsonMember: quotedKey && sep === ':', quotedValue, yaml: !quotedKey && sep === ':' };
}

function normalise(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

const AMPLIFY_PREFIX = 'CognitoIdentityServiceProvider.';

/** `CognitoIdentityServiceProvider.<client>.<user>.idToken` and `.refreshToken` of the same client and user. */
function sameAmplifyUser(a: string, b: string): boolean {
  const parse = (key: string) => {
    if (!key.startsWith(AMPLIFY_PREFIX)) return undefined;
    const rest = key.slice(AMPLIFY_PREFIX.length);
    const dot = rest.indexOf('.');
    const last = rest.lastIndexOf('.');
    if (dot <= 0 || last <= dot + 1) return undefined;
    const field = rest.slice(last + 1);
    return TOKEN_FIELDS.has(field.toLowerCase()) ? rest.slice(0, last) : undefined;
  };
  const pa = parse(a);
  return pa !== undefined && pa === parse(b);
}

/**
 * `"IdToken": "<a>", …, "RefreshToken": "<b>"` as members of one JSON object: both keys are
 * token fields in quotes, and between the two members the brackets balance without ever closing
 * the object they are in, with a comma between them at that level.
 */
function sameJsonObject(text: string, a: FoundToken, la: Label, b: FoundToken, lb: Label): boolean {
  if (!la.jsonMember || !lb.jsonMember || !la.quotedValue || !lb.quotedValue) return false;
  if (!TOKEN_FIELDS.has(normalise(la.key)) || !TOKEN_FIELDS.has(normalise(lb.key))) return false;
  if (text[a.end] !== '"') return false;
  let depth = 0;
  let comma = false;
  for (let i = a.end + 1; i < lb.keyStart; i++) {
    const c = text[i];
    if (c === '"') {
      // Skip a string (with its escapes).
      i++;
      while (i < lb.keyStart && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= lb.keyStart) return false;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth < 0) return false;
    } else if (c === ',' && depth === 0) comma = true;
  }
  return depth === 0 && comma && b.start > lb.keyStart;
}

/** Two `Field: <token>` lines of one `AuthenticationResult:` block (`aws … --output yaml`). */
function sameYamlResult(text: string, la: Label, lb: Label): boolean {
  if (!la.yaml || !lb.yaml || !TOKEN_FIELDS.has(normalise(la.key)) || !TOKEN_FIELDS.has(normalise(lb.key))) return false;
  const indentOf = (lineStartAt: number) => {
    let n = 0;
    while (text[lineStartAt + n] === ' ') n++;
    return n;
  };
  const startA = lineStart(text, la.keyStart);
  const startB = lineStart(text, lb.keyStart);
  const indent = indentOf(startA);
  if (indent === 0 || indent !== la.keyStart - startA || indentOf(startB) !== indent || lb.keyStart - startB !== indent) return false;
  // Every line between is inside the block.
  for (let s = lineEnd(text, startA) + 1; s < startB; s = lineEnd(text, s) + 1) {
    if (text.slice(s, lineEnd(text, s)).trim() !== '' && indentOf(s) < indent) return false;
  }
  // The block's header: the nearest line above with less indentation.
  for (let s = startA; s > 0; ) {
    s = lineStart(text, s - 1);
    const line = text.slice(s, lineEnd(text, s));
    if (line.trim() === '' || indentOf(s) >= indent) continue;
    return normalise(line) === 'authenticationresult' && line.trimEnd().endsWith(':');
  }
  return false;
}

/** One `AUTHENTICATIONRESULT<TAB>…` line of `aws … --output text`. */
function sameCliTextLine(text: string, a: FoundToken, b: FoundToken): boolean {
  const s = lineStart(text, a.start);
  if (lineStart(text, b.start) !== s) return false;
  return text.slice(s, s + 40).trimStart().startsWith('AUTHENTICATIONRESULT');
}

/** `text[lo, hi)` with every stranger token inside replaced by the placeholder. */
function withoutStrangers(text: string, lo: number, hi: number, strangers: readonly FoundToken[]): string {
  const inside = strangers.filter((t) => t.start < hi && t.end > lo).sort((x, y) => x.start - y.start);
  let out = '';
  let at = lo;
  for (const t of inside) {
    out += text.slice(at, Math.max(at, t.start)) + OTHER_TOKEN_PLACEHOLDER;
    at = Math.max(at, Math.min(hi, t.end));
  }
  return out + text.slice(at, hi);
}

/**
 * [from, to) widened to whole lines (at most `lineChars` more on each side of a long line),
 * then by up to `contextLines` short lines above and below that hold no other token.
 */
function expandToContext(text: string, from: number, to: number, strangers: readonly FoundToken[]): { lo: number; hi: number } {
  const { contextLines, contextLineChars, lineChars } = NEARBY_LIMITS;
  const holdsStranger = (lo: number, hi: number) => strangers.some((t) => t.start < hi && t.end > lo);

  let lo = lineStart(text, from);
  if (from - lo > lineChars) lo = from - lineChars;
  let hi = lineEnd(text, to);
  if (hi - to > lineChars) hi = to + lineChars;

  for (let i = 0; i < contextLines && lo > 0 && text.charCodeAt(lo - 1) === 0x0a; i++) {
    const start = lineStart(text, lo - 1);
    if (lo - 1 - start > contextLineChars || holdsStranger(start, lo)) break;
    lo = start;
  }
  for (let i = 0; i < contextLines && hi < text.length && text.charCodeAt(hi) === 0x0a; i++) {
    const end = lineEnd(text, hi + 1);
    if (end - (hi + 1) > contextLineChars || holdsStranger(hi, end)) break;
    hi = end;
  }
  return { lo, hi };
}

/** A function giving the (0-based) line of an offset in `text`. */
function lineIndex(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return (offset) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((breaks[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl;
}
