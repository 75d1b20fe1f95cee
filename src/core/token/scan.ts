/**
 * Finds compact JWS/JWE tokens in arbitrary text (logs, JSON, .env files,
 * HTTP headers, URLs, markdown, minified bundles).
 *
 * How it stays fast and linear:
 * - Every JOSE header is a JSON object holding "alg", so its bytes start with
 *   `{` and then `"` or JSON whitespace (space, tab, LF, CR). In base64url that
 *   is one of seven three-letter prefixes (see `PREFIX_THIRD`): `eyJ`, `eyI`,
 *   `eyL` (`{"`), `eyA` (`{ `), `ewk` (`{\t`), `ewo` (`{\n`), `ew0` (`{\r`).
 * - The positions of those prefixes come from `CandidateFinder` (candidates.ts: a WebAssembly
 *   SIMD loop testing sixteen positions at once, each character once), so JavaScript sees about
 *   one position per 500 characters of logs instead of every `y` and `w`. Without WebAssembly
 *   SIMD, the scan jumps between the letters `y` (then between the `w`s) with `indexOf` (a
 *   native single-character search) and checks the letters around each hit through tables.
 * - A candidate must start a token "run" (characters `[A-Za-z0-9_-.]`), and
 *   the scan resumes after that run whatever the verdict, so no character is
 *   examined by more than one candidate.
 * - Each run costs one forward pass (native, see `RUN` in match.ts); runs longer than `MAX_TOKEN_LENGTH` are
 *   never decoded, and at most one header per run is (see match.ts). Nothing is
 *   allocated for a candidate that is not a token.
 */
import { DEFAULT_MAX_TOKENS, MAX_TOKEN_LENGTH, MIN_HEADER_SEGMENT_LENGTH } from './limits';
import { CandidateFinder } from './candidates';
import { RunMatcher } from './match';
import { CHAR_CLASS } from './segment';
import type { FindTokenAtOptions, FindTokensOptions, FoundToken, ScanResult } from './types';

/**
 * Module-local bindings for the hot loops: compiled file by file to CommonJS (tsx, which runs the
 * tests and the benchmark), each use of an imported binding is a getter call.
 */
const TOKEN_CHARS: Uint8Array = CHAR_CLASS;
const MIN_HEADER_LENGTH: number = MIN_HEADER_SEGMENT_LENGTH;

const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;
const LOWER_E = 0x65;
const LOWER_Y = 0x79;
const LOWER_W = 0x77;

/**
 * Third letters of a header prefix, by second letter: 1 after `ey`, 2 after `ew`.
 * - `{"` + a byte of valid UTF-8: `eyI` (0x00-0x3F, e.g. a digit or an empty
 *   key), `eyJ` (0x40-0x7F, every ASCII letter and `_`), `eyL` (0xC0-0xFF, a
 *   UTF-8 lead byte). `eyK` (0x80-0xBF) would be a continuation byte, which
 *   the strict UTF-8 decoding of the header rejects anyway.
 * - `{` + whitespace + (whitespace or `"`, all below 0x40): `eyA` after a space,
 *   `ewk` after a tab, `ewo` after LF, `ew0` after CR.
 */
const PREFIX_THIRD = new Uint8Array(128);
for (const c of 'AIJL') PREFIX_THIRD[c.charCodeAt(0)] = 1;
for (const c of 'ko0') PREFIX_THIRD[c.charCodeAt(0)] = 2;

/**
 * Characters an escape may put between a real boundary and a token:
 * `\u0022` is the longest (6). findTokenAt looks this far into a run.
 */
const MAX_ESCAPE_LENGTH = 6;

/** Every token in `text`, in order, up to `maxTokens`. Never throws. */
export function findTokens(text: string, options?: FindTokensOptions): FoundToken[] {
  return scanTokens(text, options).tokens;
}

/** Like `findTokens`, and says whether `maxTokens` cut the result short. Never throws. */
export function scanTokens(text: string, options?: FindTokensOptions): ScanResult {
  if (typeof text !== 'string') return { tokens: [], truncated: false };
  const limit = normalizeLimit(options?.maxTokens);
  // Keep one more than needed, to tell whether `maxTokens` cut the result.
  const found = CandidateFinder.available ? scanCandidates(text, limit + 1) : scanLetters(text, limit + 1);
  if (found.length > limit) return { tokens: found.slice(0, limit), truncated: true };
  return { tokens: found, truncated: false };
}

/**
 * The scan without the WebAssembly stage (for runtimes without WebAssembly SIMD, and for the tests
 * that compare both). Same contract as `scanTokens`.
 */
export function scanTokensWithoutSimd(text: string, options?: FindTokensOptions): ScanResult {
  if (typeof text !== 'string') return { tokens: [], truncated: false };
  const limit = normalizeLimit(options?.maxTokens);
  const found = scanLetters(text, limit + 1);
  if (found.length > limit) return { tokens: found.slice(0, limit), truncated: true };
  return { tokens: found, truncated: false };
}

/**
 * Tokens in order, at most `max`, from the positions `CandidateFinder` reports (a superset of the
 * prefixes, checked here against the text). One pass: a candidate that may start a token (one
 * with a boundary before it) is the only one of its run (see `hasBoundaryBefore`), and the scan
 * resumes after that run whatever the verdict.
 */
function scanCandidates(text: string, max: number): FoundToken[] {
  const tokens: FoundToken[] = [];
  const third = PREFIX_THIRD;
  const length = text.length;
  const finder = new CandidateFinder(text);
  let matcher: RunMatcher | undefined;
  for (let candidate = finder.next(0); candidate !== -1; ) {
    const second = text.charCodeAt(candidate + 1);
    const code = text.charCodeAt(candidate + 2);
    if (
      text.charCodeAt(candidate) === LOWER_E &&
      code < 128 &&
      third[code] === (second === LOWER_Y ? 1 : second === LOWER_W ? 2 : 0) &&
      // A header has at least MIN_HEADER_SEGMENT_LENGTH base64url characters: words such as
      // "eyJ" or "eyJhbG…" cut short end before that, and cost no run match.
      isBase64UrlCode(text.charCodeAt(candidate + 3)) &&
      isBase64UrlCode(text.charCodeAt(candidate + MIN_HEADER_LENGTH - 1)) &&
      hasBoundaryBefore(text, candidate)
    ) {
      matcher ??= new RunMatcher();
      const found = matcher.match(text, candidate, length);
      if (found !== undefined) {
        tokens.push(found);
        if (tokens.length >= max) return tokens;
      }
      // Resume after the run: no character is examined by two candidates.
      candidate = finder.next(matcher.runEnd + 1);
      continue;
    }
    candidate = finder.next(candidate + 1);
  }
  return tokens;
}

/**
 * Without the WebAssembly stage: one pass per second letter. A candidate that may start a token
 * never lies inside another candidate's run, so the passes cannot disagree, and merging their
 * sorted results gives the tokens in order.
 */
function scanLetters(text: string, max: number): FoundToken[] {
  const ey = scanLetter(text, 'y', 1, max, NONE);
  const ew = scanLetter(text, 'w', 2, max, ey);
  return ew.length === 0 ? ey : ey.length === 0 ? ew : mergeByStart(ey, ew);
}

const NONE: readonly FoundToken[] = [];

/**
 * Tokens whose prefix has `letter` second (`kind` in `PREFIX_THIRD`), in order, at most `max`.
 * `indexOf` of one character is a native memchr; each hit costs a few table loads. `skip`
 * (sorted) are the other pass's tokens: no candidate of this pass lies inside one (see
 * scanTokens), so a hit inside one jumps to its end instead of visiting each of its letters.
 */
function scanLetter(text: string, letter: 'y' | 'w', kind: number, max: number, skip: readonly FoundToken[]): FoundToken[] {
  const tokens: FoundToken[] = [];
  const third = PREFIX_THIRD;
  const length = text.length;
  let matcher: RunMatcher | undefined;
  // skip[next] is the first of the other pass's tokens that may hold or follow `at`.
  let next = 0;
  let nextStart = skip.length > 0 ? (skip[0] as FoundToken).start : length;
  for (let at = text.indexOf(letter, 1); at !== -1; ) {
    if (at >= nextStart) {
      while (next < skip.length && (skip[next] as FoundToken).end <= at) next++;
      const other = skip[next];
      if (other !== undefined && other.start <= at) {
        at = text.indexOf(letter, other.end);
        continue;
      }
      nextStart = other !== undefined ? other.start : length;
    }
    const code = text.charCodeAt(at + 1);
    const candidate = at - 1;
    if (
      code < 128 &&
      third[code] === kind &&
      text.charCodeAt(candidate) === LOWER_E &&
      // A header has at least MIN_HEADER_SEGMENT_LENGTH base64url characters: words such as
      // "eyJ" or "eyJhbG…" cut short end before that, and cost no run match.
      isBase64UrlCode(text.charCodeAt(candidate + 3)) &&
      isBase64UrlCode(text.charCodeAt(candidate + MIN_HEADER_SEGMENT_LENGTH - 1)) &&
      hasBoundaryBefore(text, candidate)
    ) {
      matcher ??= new RunMatcher();
      const found = matcher.match(text, candidate, length);
      if (found !== undefined) {
        tokens.push(found);
        if (tokens.length >= max) return tokens;
      }
      // Resume after the run: no character is examined by two candidates.
      at = text.indexOf(letter, matcher.runEnd + 1);
      continue;
    }
    at = text.indexOf(letter, at + 1);
  }
  return tokens;
}

function mergeByStart(a: FoundToken[], b: FoundToken[]): FoundToken[] {
  const out: FoundToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push((a[i] as FoundToken).start <= (b[j] as FoundToken).start ? (a[i++] as FoundToken) : (b[j++] as FoundToken));
  while (i < a.length) out.push(a[i++] as FoundToken);
  while (j < b.length) out.push(b[j++] as FoundToken);
  return out;
}

/**
 * The token that covers `offset` or touches it (`start <= offset <= end`),
 * examining at most `window` characters on each side. Never throws.
 */
export function findTokenAt(text: string, offset: number, options?: FindTokenAtOptions): FoundToken | undefined {
  if (typeof text !== 'string' || typeof offset !== 'number' || Number.isNaN(offset)) return undefined;
  const at = Math.min(Math.max(Math.floor(offset), 0), text.length);
  const window = normalizeWindow(options?.window) + MAX_ESCAPE_LENGTH;
  const lo = Math.max(0, at - window);
  const hi = Math.min(text.length, at + window);

  let runStart = at;
  while (runStart > lo && isTokenCode(text.charCodeAt(runStart - 1))) runStart--;
  // The run goes on past the window: whatever it holds is longer than we look.
  if (runStart === lo && lo > 0 && isTokenCode(text.charCodeAt(lo - 1))) return undefined;

  // As in the full scan, the first candidate of a run decides for the whole run.
  // It sits at the run start, or just after an escape such as %22 or \u0022.
  const lastCandidate = Math.min(runStart + MAX_ESCAPE_LENGTH, at);
  for (let c = runStart; c <= lastCandidate; c++) {
    if (!startsWithCandidatePrefix(text, c) || !hasBoundaryBefore(text, c)) continue;
    const matcher = new RunMatcher();
    const token = matcher.match(text, c, hi);
    const runEnd = matcher.runEnd;
    if (runEnd === hi && hi < text.length && isTokenCode(text.charCodeAt(hi))) return undefined;
    return token !== undefined && token.start <= at && at <= token.end ? token : undefined;
  }
  return undefined;
}

/**
 * Whether a token may start at `i`: the previous character is not a token
 * character, or it ends an escape sequence (`%22eyJ…` in URLs, `\neyJ…` or
 * `\u0022eyJ…` in JSON and source strings).
 */
function hasBoundaryBefore(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text.charCodeAt(i - 1);
  if (!isTokenCode(prev)) return true;
  if (i >= 2 && text.charCodeAt(i - 2) === BACKSLASH) return true;
  if (i >= 3 && text.charCodeAt(i - 3) === PERCENT && isHexCode(text.charCodeAt(i - 2)) && isHexCode(prev)) {
    return true;
  }
  return (
    i >= 6 &&
    text.charCodeAt(i - 6) === BACKSLASH &&
    text.charCodeAt(i - 5) === LOWER_U &&
    isHexCode(text.charCodeAt(i - 4)) &&
    isHexCode(text.charCodeAt(i - 3)) &&
    isHexCode(text.charCodeAt(i - 2)) &&
    isHexCode(prev)
  );
}

/** One of the seven header prefixes (see `PREFIX_THIRD`) at `i`. */
function startsWithCandidatePrefix(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== LOWER_E) return false;
  const next = text.charCodeAt(i + 1);
  const kind = next === LOWER_Y ? 1 : next === LOWER_W ? 2 : 0;
  const third = text.charCodeAt(i + 2);
  return kind !== 0 && third < 128 && PREFIX_THIRD[third] === kind;
}

/** `[A-Za-z0-9_-]`. */
function isBase64UrlCode(code: number): boolean {
  return code < 128 && TOKEN_CHARS[code] === 1;
}

/** `[A-Za-z0-9_-]` or `.`. */
function isTokenCode(code: number): boolean {
  return code < 128 && TOKEN_CHARS[code] !== 0;
}

function isHexCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

function normalizeLimit(maxTokens: number | undefined): number {
  if (typeof maxTokens !== 'number' || Number.isNaN(maxTokens)) return DEFAULT_MAX_TOKENS;
  return Math.max(0, Math.floor(maxTokens));
}

function normalizeWindow(window: number | undefined): number {
  if (typeof window !== 'number' || Number.isNaN(window)) return MAX_TOKEN_LENGTH;
  return Math.min(Math.max(0, Math.floor(window)), MAX_TOKEN_LENGTH);
}
