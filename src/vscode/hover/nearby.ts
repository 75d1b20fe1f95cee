// What the hover finds around the cursor. Pure: no `vscode` import; hoverProvider.ts hands it
// bounded windows of the document, never the whole text.
//
// "Add as Session" where it makes sense: a session is a refresh token plus the pool and client
// it belongs to. So the link appears
// - on a Cognito refresh token (with the ID/access tokens next to it when there are some), and
// - on an ID or access token only when a refresh token sits near it (an AuthenticationResult,
//   `aws cognito-idp initiate-auth` output, an Amplify localStorage dump, a log line).
// An ID or access token alone cannot make a session (nothing to refresh with): no link.
// Which tokens belong together is a guess (a refresh token names no pool or client): the
// nearest of each kind, on the same line first, and ID/access tokens only of the same pool and
// client. "Add Session" shows what it read before it stores anything.
// What the link hands to "Add Session" is the source text around those tokens, as if the user
// had selected and pasted it, so the paste parser also sees the labels next to them
// (`client_id=…`, `--region`, `CognitoIdentityServiceProvider.<client>.<user>.deviceKey`).
import { decodeToken, findTokenAt, scanTokens } from '../../core/token/index';
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
  /** Tokens examined in that neighbourhood. */
  tokens: 64,
  /** Lines of context (labels) added above and below the tokens, and their longest length. */
  contextLines: 3,
  contextLineChars: 512,
  /** On a very long line, characters kept before the first and after the last token. */
  lineChars: 256,
} as const;

const SESSION_KINDS: ReadonlySet<TokenKind> = new Set(['id', 'access', 'refresh']);

interface Member {
  found: FoundToken;
  token: DecodedToken;
}

/**
 * The text "Add as Session" should receive for the token `found` (in `text`, decoded as
 * `token`), or undefined when no refresh token belongs to it. `text` is a bounded neighbourhood
 * of the document (a few lines, or a window of one long line).
 */
export function sessionPasteNear(text: string, found: FoundToken, token: DecodedToken, options?: DecodeOptions): string | undefined {
  if (!isSessionToken(token)) return undefined;
  const scan = scanTokens(text, { maxTokens: NEARBY_LIMITS.tokens });
  // Nearest first: on the same line before the lines around, then by the characters between.
  const lineOf = lineIndex(text);
  const hoveredLine = lineOf(found.start);
  const distance = (t: FoundToken): [number, number] => [
    Math.abs(lineOf(t.start) - hoveredLine),
    t.start >= found.end ? t.start - found.end : found.start - t.end,
  ];
  const others = scan.tokens
    .filter((t) => t.start !== found.start)
    .map((t) => ({ t, d: distance(t) }))
    .sort((a, b) => a.d[0] - b.d[0] || a.d[1] - b.d[1])
    .map(({ t }) => t);

  const group = new Map<TokenKind, Member>([[token.cognito.kind, { found, token }]]);
  for (const other of others) {
    if (group.size === SESSION_KINDS.size) break;
    const decoded = decodeToken(other.raw, options);
    if (!decoded.ok || !isSessionToken(decoded.token)) continue;
    const kind = decoded.token.cognito.kind;
    if (group.has(kind) || !fits(decoded.token, group)) continue;
    group.set(kind, { found: other, token: decoded.token });
  }
  if (!group.has('refresh')) return undefined;

  const members = [...group.values()].map((m) => m.found);
  const from = Math.min(...members.map((m) => m.start));
  const to = Math.max(...members.map((m) => m.end));
  const inGroup = (t: FoundToken) => members.some((m) => m.start === t.start);
  const strangers = scan.tokens.filter((t) => !inGroup(t));
  return expandToContext(text, from, to, strangers).trim();
}

function isSessionToken(token: DecodedToken): boolean {
  return token.cognito.isCognito && SESSION_KINDS.has(token.cognito.kind) && !token.unsigned;
}

/**
 * An ID or access token joins the group only if it names the same pool and client as the ID or
 * access tokens already in it (a refresh token names neither: any one may join).
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

/**
 * [from, to) widened to whole lines (at most `lineChars` more on each side of a long line),
 * then by up to `contextLines` short lines above and below that hold no other token.
 */
function expandToContext(text: string, from: number, to: number, strangers: readonly FoundToken[]): string {
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
  return text.slice(lo, hi);
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
