/**
 * Decides whether a run of token characters (`[A-Za-z0-9_-.]`) that starts at
 * a candidate is a compact JWS or JWE. One native pass finds the run's end and
 * native searches its dots; structure (dots, segment lengths) is checked before
 * the header is decoded, so most look-alikes cost no decoding at all.
 */
import { MAX_HEADER_SEGMENT_LENGTH, MAX_TOKEN_LENGTH, MIN_HEADER_SEGMENT_LENGTH } from './limits';
import { decodeBase64Url, hasBase64UrlLength, headerShape, mayBeJoseHeader, parseJsonObject } from './segment';
import type { FoundToken, TokenFormat } from './types';

const DOT = 0x2e;

/**
 * Module-local bindings for the per-token path: compiled file by file to CommonJS (tsx, which runs
 * the tests and the benchmark), each use of an imported binding is a getter call.
 */
const MAX_LENGTH: number = MAX_TOKEN_LENGTH;
const MIN_HEADER: number = MIN_HEADER_SEGMENT_LENGTH;
const MAX_HEADER: number = MAX_HEADER_SEGMENT_LENGTH;
const isBase64UrlLength: (length: number) => boolean = hasBase64UrlLength;

/**
 * A run of token characters (base64url and dots), from `lastIndex` on: a single character class
 * under `*`, sticky, so it is linear (nothing can backtrack) and runs as native code. One call
 * per candidate, whatever the run holds (a loop per segment cost a regex call per dot, and a
 * word such as `eyJhbGciOiJSUzI1NiJ9...` in documentation has four); over a 1-2 KB token it
 * reads as fast as the bare regex of the benchmark does.
 */
const RUN = /[A-Za-z0-9_.-]*/y;

/**
 * Matches runs for one scan: remembers where the last run ended and where the next dot is
 * (header verdicts are remembered across scans, see `HeaderCache`), so a candidate costs no
 * allocation.
 */
export class RunMatcher {
  /** End (exclusive) of the last run matched, never beyond its `limit`: where the next candidate may start. */
  runEnd = 0;
  private readonly headers = SHARED_HEADERS;
  /**
   * The text searched for dots last, from where, and the first dot found there (-1: none up to its
   * end). Candidates come in order, so a search that ran past its run (to the next dot of the
   * text) answers the next candidates too: each character is searched once per scan.
   */
  private dotText: string | undefined;
  private dotFrom = 0;
  private dotAt = -1;

  /**
   * Match the run starting at `start` (the caller has checked the boundary and
   * the prefix), reading no further than `limit`.
   *
   * Trailing dots are sentence punctuation ("… was eyJ….x.y.") unless they are
   * the empty signature of an unsecured (`alg: none`) JWS.
   */
  match(text: string, start: number, limit: number): FoundToken | undefined {
    // Bounded (findTokenAt's window): everything runs on the window `text[start, limit)` (a slice
    // shares the text's characters: no copy), so nothing reads past `limit`.
    const bounded = limit !== text.length;
    const subject = bounded ? text.slice(start, limit) : text;
    const base = bounded ? start : 0;
    const run = RUN;
    run.lastIndex = start - base;
    run.test(subject);
    const runEnd = run.lastIndex + base;
    this.runEnd = runEnd;

    let end = runEnd;
    while (end > start && text.charCodeAt(end - 1) === DOT) end--;
    if (end - start > MAX_LENGTH) return undefined;
    // The dots inside [start, end): a token has one to four.
    const d0 = this.dotAfter(subject, start - base, bounded) + base;
    if (d0 < start || d0 >= end) return undefined;
    const trailingDots = runEnd - end;
    const d1 = this.dotAfter(subject, d0 + 1 - base, bounded) + base;
    if (d1 < start || d1 >= end) return matchShape(text, start, end, 1, d0, -1, -1, -1, trailingDots, this.headers);
    const d2 = this.dotAfter(subject, d1 + 1 - base, bounded) + base;
    if (d2 < start || d2 >= end) return matchShape(text, start, end, 2, d0, d1, -1, -1, trailingDots, this.headers);
    const d3 = this.dotAfter(subject, d2 + 1 - base, bounded) + base;
    if (d3 < start || d3 >= end) return undefined; // three dots: no compact token has four parts
    const d4 = this.dotAfter(subject, d3 + 1 - base, bounded) + base;
    if (d4 >= start && d4 < end) return undefined; // five dots or more
    return matchShape(text, start, end, 4, d0, d1, d2, d3, trailingDots, this.headers);
  }

  /**
   * `subject.indexOf('.', from)`, answered by the last search when it still can (see `dotAt`).
   * A window (`bounded`) is searched on its own: it ends where the window does.
   */
  private dotAfter(subject: string, from: number, bounded: boolean): number {
    if (bounded) return subject.indexOf('.', from);
    if (subject === this.dotText && from >= this.dotFrom && (this.dotAt === -1 || this.dotAt >= from)) return this.dotAt;
    const at = subject.indexOf('.', from);
    this.dotText = subject;
    this.dotFrom = from;
    this.dotAt = at;
    return at;
  }
}

/**
 * The shapes a compact token can have, by number of dots:
 *   4  JWE  header.key.iv.ciphertext.tag  (key empty for "dir"/"ECDH-ES"; the rest never)
 *   2  JWS  header.payload.signature      (signature non-empty: trailing dots were trimmed)
 *   1  JWS  header.payload.               (unsecured, alg "none": keeps its final dot)
 */
function matchShape(
  text: string,
  start: number,
  end: number,
  dotCount: number,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
  trailingDots: number,
  headers: HeaderCache,
): FoundToken | undefined {
  const headerLength = d0 - start;
  if (headerLength < MIN_HEADER || headerLength > MAX_HEADER) return undefined;

  let format: TokenFormat;
  let tokenEnd = end;
  let unsecured = false;
  if (dotCount === 4) {
    const ok = isSegment(d0 + 1, d1, true) && isSegment(d1 + 1, d2, false) && isSegment(d2 + 1, d3, false) && isSegment(d3 + 1, end, false);
    if (!ok) return undefined;
    format = 'jwe';
  } else if (dotCount === 3) {
    return undefined;
  } else if (dotCount === 2) {
    if (!(isSegment(d0 + 1, d1, false) && isSegment(d1 + 1, end, false))) return undefined;
    format = 'jws';
  } else {
    if (trailingDots === 0 || !isSegment(d0 + 1, end, false)) return undefined;
    format = 'jws';
    tokenEnd = end + 1;
    unsecured = true;
  }

  const declared = headers.read(text, start, d0);
  if (declared === undefined || declared.format !== format) return undefined;
  if (unsecured && declared.alg.toLowerCase() !== 'none') return undefined;
  return { raw: text.slice(start, tokenEnd), start, end: tokenEnd, format };
}

function isSegment(from: number, to: number, allowEmpty: boolean): boolean {
  const length = to - from;
  return length === 0 ? allowEmpty : isBase64UrlLength(length);
}

interface DeclaredHeader {
  format: TokenFormat;
  alg: string;
}

/** What the header segment `text[start, end)` declares, or undefined when it is not a JOSE header. */
function readHeader(text: string, start: number, end: number): DeclaredHeader | undefined {
  const bytes = decodeBase64Url(text, start, end);
  if (bytes === undefined || !mayBeJoseHeader(bytes)) return undefined;
  const json = parseJsonObject(bytes);
  if (!json.ok) return undefined;
  const shape = headerShape(json.value);
  return shape.ok ? { format: shape.format, alg: shape.alg } : undefined;
}

/**
 * Memo of header verdicts, bounded in entries and key length. A verdict depends on the header's
 * text alone, so one memo serves every scan and every hover: real files repeat a few headers
 * (one per signing key of a pool), broken ones included.
 */
class HeaderCache {
  private static readonly MAX_ENTRIES = 256;
  private static readonly MAX_KEY_LENGTH = 1024;
  private readonly verdicts = new Map<string, DeclaredHeader | null>();

  read(text: string, start: number, end: number): DeclaredHeader | undefined {
    if (end - start > HeaderCache.MAX_KEY_LENGTH) return readHeader(text, start, end);
    const key = text.slice(start, end);
    const known = this.verdicts.get(key);
    if (known !== undefined) return known ?? undefined;
    const verdict = readHeader(text, start, end);
    if (this.verdicts.size >= HeaderCache.MAX_ENTRIES) this.verdicts.clear();
    this.verdicts.set(key, verdict ?? null);
    return verdict;
  }
}

const SHARED_HEADERS = new HeaderCache();
