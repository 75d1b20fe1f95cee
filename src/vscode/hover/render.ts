// What the token hover says, as markdown. Pure: no `vscode` import, unit-tested in plain node;
// hoverProvider.ts only wraps the two strings in MarkdownStrings.
//
// The hover is two markdown strings, so that no claim value is ever rendered where icons or
// commands work:
// - `summary`: title, expiry, warnings and the command links. Rendered with theme icons and
//   trusted for HOVER_COMMANDS only. It holds no claim value: only fixed text, numbers the
//   core computed, and the raw token (base64url characters) inside the link arguments.
// - `details`: the Cognito classification, the header and the payload. No icons, no trust;
//   every value sits in a code span or a fenced block it cannot leave (see `mdCode`, `fenced`),
//   with line breaks, other control and bidi characters shown as escapes, and long values cut.
import type { DecodedToken } from '../../core/token/index';
import { formatRelative, MAX_TOKEN_LENGTH } from '../../core/token/index';
import { HEADER_LIMITS, NEAR_SHARE, tokenSize } from '../../core/token/size';
import { formatLocalAndUtc } from '../../shared/format';
import type { CopyFormat } from '../../shared/protocol';
import { visible } from '../../shared/visible';
import { mdCode, tokenTitle } from '../decode/renderDecoded';
import { sizeWarning } from '../sessions/sizeText';

/** The commands the hover links to (the shared contract), and the only ones its markdown may run. */
export const HOVER_COMMANDS = {
  openInspector: 'cognitoTokenDebugger.openInspector',
  verifyToken: 'cognitoTokenDebugger.verifyToken',
  addSession: 'cognitoTokenDebugger.addSession',
  copyToken: 'cognitoTokenDebugger.copyHoveredToken',
} as const;

/** The links a hover may hold: one per command, and the copy command in its three forms. */
export type HoverLink = 'openInspector' | 'verifyToken' | 'addSession' | 'copyRaw' | 'copyBearer' | 'copyCurl' | 'copyClaim';

const LINK_COMMAND: Record<HoverLink, string> = {
  openInspector: HOVER_COMMANDS.openInspector,
  verifyToken: HOVER_COMMANDS.verifyToken,
  addSession: HOVER_COMMANDS.addSession,
  copyRaw: HOVER_COMMANDS.copyToken,
  copyBearer: HOVER_COMMANDS.copyToken,
  copyCurl: HOVER_COMMANDS.copyToken,
  copyClaim: HOVER_COMMANDS.copyToken,
};

/**
 * Where the hovered token is: the document and its range (lines and characters, 0-based), all
 * the copy links carry. The copy command reads the token from there, so the links hold no token.
 */
export interface HoverCopyTarget {
  uri: string;
  range: [startLine: number, startCharacter: number, endLine: number, endCharacter: number];
}

/** What a copy link passes to HOVER_COMMANDS.copyToken. */
export interface CopyLinkArgs extends HoverCopyTarget {
  format: HoverCopyFormat;
}

const COPY_FORMATS: readonly CopyFormat[] = ['raw', 'bearer', 'curl'];

/** The copy command's argument as a copy link builds it, or undefined: anything else is refused. */
export function parseCopyArgs(arg: unknown): CopyLinkArgs | undefined {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return undefined;
  const { uri, range, format } = arg as Record<string, unknown>;
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 4096) return undefined;
  if (typeof format !== 'string' || !(HOVER_COPY_FORMATS as readonly string[]).includes(format)) return undefined;
  if (!Array.isArray(range) || range.length !== 4 || !range.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return undefined;
  const [sl, sc, el, ec] = range as [number, number, number, number];
  // A token lies on one line, and is no longer than the engine accepts.
  if (sl !== el || ec <= sc || ec - sc > MAX_TOKEN_LENGTH) return undefined;
  return { uri, range: [sl, sc, el, ec], format: format as HoverCopyFormat };
}

/** What a hover copy link copies: the token in one of its forms, or a claim the user picks. */
export type HoverCopyFormat = CopyFormat | 'claim';
const HOVER_COPY_FORMATS: readonly HoverCopyFormat[] = [...COPY_FORMATS, 'claim'];

/** Budgets that keep the hover small whatever the token holds. */
export const HOVER_LIMITS = {
  /** Characters of one claim value (JSON) shown before it is cut. */
  valueChars: 160,
  /** Characters of one claim name. */
  keyChars: 64,
  /** Payload claims listed; the rest are counted. */
  claims: 40,
  /** Header parameters listed. */
  headerParams: 12,
  /** Groups or scopes listed in the classification. */
  listItems: 10,
  /**
   * Characters of the summary markdown (it carries the token in its links). VS Code cuts any
   * markdown string at 100,000 characters, which would break a link: links that do not fit
   * are left out, in the order addSession, verifyToken, openInspector.
   */
  summaryChars: 95_000,
} as const;

export interface HoverInput {
  token: DecodedToken;
  /**
   * Text to hand to "Add Session" (a refresh token, or ID/access and refresh tokens found next
   * to each other with the lines around them); undefined: no "Add as Session" link.
   */
  sessionPaste?: string;
  /** The zone times are shown in (minutes east of UTC); default: the extension host's. */
  utcOffsetMinutes?: number;
  /** Where the token is, for the copy links; undefined: no copy links. */
  copyTarget?: HoverCopyTarget;
}

export interface TokenHoverMarkdown {
  summary: string;
  details: string;
  /** The links the summary holds. */
  links: HoverLink[];
}

// ---------------------------------------------------------------------------------------------
// Expiry

export interface ExpiryPhrase {
  /** A codicon id. */
  icon: 'pass' | 'error' | 'warning' | 'clock' | 'question';
  /** "expires in 12 min", "expired 3 h ago", ... */
  text: string;
  /** A second sentence when the state needs one (skew, encrypted claims). */
  note?: string;
}

/**
 * The token's expiry as a person says it, with the clock-skew tolerance the decode applied:
 * "expires in 12 min", "expired 3 h ago", "not valid until …". Never contains a claim value.
 */
export function expiryPhrase(token: DecodedToken, utcOffsetMinutes?: number): ExpiryPhrase {
  const v = token.validity;
  const skew = `the ${v.clockSkewSeconds} s clock-skew tolerance (setting cognitoTokenDebugger.clockSkewSeconds)`;
  const left = v.secondsLeft;
  switch (v.state) {
    case 'expired':
      return { icon: 'error', text: `expired ${left === undefined ? '' : formatRelative(left)}`.trim() };
    case 'valid':
      if (left !== undefined && left <= 0) {
        return { icon: 'warning', text: `expired ${formatRelative(left)}`, note: `Still accepted within ${skew}.` };
      }
      return {
        icon: v.withinSkew ? 'warning' : 'pass',
        text: left === undefined ? 'valid' : `expires ${formatRelative(left)}`,
        ...(v.withinSkew ? { note: `Its issue time lies in the future: valid only within ${skew}.` } : {}),
      };
    case 'not-yet-valid': {
      const from = v.validFrom;
      if (from === undefined) return { icon: 'clock', text: 'not valid yet' };
      // validFrom is the later of nbf and iat: the time claim it came from says how far off it is.
      const claim = token.times.find((t) => t.epochSeconds * 1000 === from);
      return {
        icon: 'clock',
        text: `not valid until ${isoSeconds(from, utcOffsetMinutes)}${claim ? ` (${claim.relative})` : ''}`,
        note: `Its nbf or iat lies in the future beyond ${skew}: a clock is off.`,
      };
    }
    case 'no-expiry':
      return { icon: 'warning', text: 'no expiry', note: 'The token has no exp claim (Cognito ID and access tokens always have one).' };
    case 'unknown':
      if (token.format === 'jwe') {
        return token.cognito.kind === 'refresh'
          ? {
              icon: 'question',
              text: 'expiry unknown',
              note: 'A refresh token is encrypted: only Cognito can read it. It lasts as long as the app client\'s refresh-token validity (30 days by default) unless revoked.',
            }
          : { icon: 'question', text: 'expiry unknown', note: 'The claims are encrypted: only the intended recipient can read them.' };
      }
      return { icon: 'question', text: 'validity unknown', note: 'An exp, nbf or iat claim is not a number of seconds.' };
  }
}

/** "2026-12-01 14:05:09 (local, UTC+01:00) · 13:05:09 UTC" (src/shared/format.ts). */
function isoSeconds(ms: number, offsetMinutes?: number): string {
  return offsetMinutes === undefined ? formatLocalAndUtc(ms) : formatLocalAndUtc(ms, offsetMinutes);
}

// ---------------------------------------------------------------------------------------------
// Values as text that cannot escape or disguise itself

// `visible` (src/shared/visible.ts) is the one definition of what is escaped, shared with the
// inspector and the decoded-token documents.
export { visible };

/** `value` cut to `max` characters (never inside a surrogate pair), with what was cut. */
export function cut(value: string, max: number): { text: string; cut: boolean } {
  if (value.length <= max) return { text: value, cut: false };
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: `${value.slice(0, end)}…`, cut: true };
}

// Most values need no escaping at all: printable ASCII holds no hidden character, no line
// break and (without a backtick) nothing that could leave a code span. One native pass says so,
// and such a value is used as it is; anything else takes the full path (`visible`, `mdCode`).
// Sticky, one character class under `*`: linear, nothing to backtrack into.
const PRINTABLE_ASCII = /[\x20-\x7e]*/y;
const PRINTABLE_ASCII_NO_BACKTICK = /[\x20-\x5f\x61-\x7e]*/y;

function whole(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  pattern.test(value);
  return pattern.lastIndex === value.length;
}

/** `visible(value)`, without the work when nothing in it is hidden (printable ASCII). */
function shown(value: string): string {
  return whole(PRINTABLE_ASCII, value) ? value : visible(value);
}

/** A claim value as a code span: visible, cut, and unable to leave the span. */
function span(value: string, max: number = HOVER_LIMITS.valueChars): string {
  const text = cut(value, max).text;
  // Plain and backtick-free: the span `mdCode` would build, without its passes.
  if (whole(PRINTABLE_ASCII_NO_BACKTICK, text)) return `\`${text}\``;
  return mdCode(cut(visible(value), max).text);
}

/** One-line JSON of a claim value, visible and cut, with a note when it was cut. */
function jsonValue(value: unknown, max: number): { text: string; note?: string } {
  if (typeof value === 'string') {
    // A cut string keeps its closing quote, so the highlighting of the lines below stays right.
    const c = cut(value, max);
    const text = shown(JSON.stringify(c.text));
    return c.cut ? { text, note: `cut: ${value.length.toLocaleString('en-US')} characters` } : { text };
  }
  let json: string;
  try {
    json = shown(JSON.stringify(value) ?? 'null');
  } catch {
    json = '"(unprintable)"';
  }
  const c = cut(json, max);
  if (!c.cut) return { text: c.text };
  const size = Array.isArray(value)
    ? `${value.length.toLocaleString('en-US')} items`
    : `${json.length.toLocaleString('en-US')} characters of JSON`;
  return { text: c.text, note: `cut: ${size}` };
}

/** A fenced block that no line of `body` can close: the fence is longer than any backtick run. */
export function fenced(language: string, body: string): string {
  if (body.indexOf('`') === -1) return `\`\`\`${language}\n${body}\n\`\`\``;
  const longest = Math.max(2, ...(body.match(/`+/g) ?? ['']).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}

// ---------------------------------------------------------------------------------------------
// Command links

/**
 * A `command:` URI whose arguments survive VS Code's handling of a clicked link: the opener
 * parses the URI (which percent-decodes the query once) and then runs JSON.parse on
 * decodeURIComponent(query), a second decoding. Encoding twice makes a `%` in a pasted text
 * arrive unchanged; parentheses are encoded too, so the URI cannot end the markdown link early.
 */
export function commandUri(command: string, args: readonly unknown[], token?: string): string {
  return `command:${command}?${encodeJson(args, token)}`;
}

/**
 * `encodeQuery(JSON.stringify(value))`. Arrays, plain objects and strings that need no escaping
 * (a token: base64url and dots) are written directly in their twice-encoded JSON form, so a
 * link costs one native pass over the token (none for `token`, a decoded token's raw text,
 * whose every segment the decoder checked to be base64url) instead of a JSON string, two
 * encodings and a search of the result; anything else takes the general path.
 */
function encodeJson(value: unknown, token?: string): string {
  if (typeof value === 'string') {
    return value === token || whole(UNCHANGED, value) ? `%2522${value}%2522` : encodeQuery(JSON.stringify(value));
  }
  if (Array.isArray(value)) {
    let out = '%255B';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'string' && !isPlainObject(item) && !Array.isArray(item)) return encodeQuery(JSON.stringify(value));
      out += (i > 0 ? '%252C' : '') + encodeJson(item, token);
    }
    return `${out}%255D`;
  }
  if (isPlainObject(value)) {
    let out = '%257B';
    let first = true;
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (typeof item !== 'string' && !isPlainObject(item) && !Array.isArray(item)) return encodeQuery(JSON.stringify(value));
      out += `${first ? '' : '%252C'}${encodeJson(key)}%253A${encodeJson(item, token)}`;
      first = false;
    }
    return `${out}%257D`;
  }
  return encodeQuery(JSON.stringify(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  // No toJSON (JSON.stringify would call it): only literals such as `{ token }`.
  return (proto === Object.prototype || proto === null) && !('toJSON' in value);
}

/** The characters neither encoding changes (sticky, one class under `*`: linear). */
const UNCHANGED = /[A-Za-z0-9_.~-]*/y;

/**
 * Both encodings work character by character and leave `[A-Za-z0-9_.~-]` as it is, so only the
 * runs of other characters are encoded: a token (base64url and dots, most of a link's length) is
 * copied, not encoded twice and searched for parentheses. A run never splits a surrogate pair
 * (both halves are outside the unchanged set), so the result is the same as encoding the whole.
 */
function encodeQuery(json: string): string {
  return json.replace(ENCODED_RUN, encodeTwice);
}

/** One class under `+`, global: linear. */
const ENCODED_RUN = /[^A-Za-z0-9_.~-]+/g;

function encodeTwice(run: string): string {
  return encodeURIComponent(encodeURIComponent(run)).replace(/[()'*!]/g, (c) => `%25${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Undoes `commandUri` the way VS Code does (for tests): URI-decode the query, then decodeURIComponent, then JSON. */
export function commandArgs(uriQuery: string): unknown {
  return JSON.parse(decodeURIComponent(uriQuery));
}

const LINK_TEXT: Record<HoverLink, { icon: string; label: string; title: string }> = {
  openInspector: { icon: 'inspect', label: 'Open in Inspector', title: 'Show every claim, explained, in the token inspector' },
  verifyToken: { icon: 'workspace-trusted', label: 'Verify Signature', title: "Check the signature against the user pool's JWKS, and the claims" },
  addSession: { icon: 'add', label: 'Add as Session', title: 'Add a session from this refresh token (and the ID and access tokens next to it)' },
  copyRaw: { icon: 'copy', label: 'Copy', title: 'Copy the token to the clipboard' },
  copyBearer: { icon: 'copy', label: 'Copy as Header', title: 'Copy as an Authorization: Bearer header line' },
  copyCurl: { icon: 'terminal', label: 'Copy as curl', title: 'Copy as a curl command (replace its <URL>)' },
  copyClaim: { icon: 'symbol-field', label: 'Copy a Claim…', title: "Pick one of the token's claims and copy its value" },
};

function link(which: HoverLink, args: readonly unknown[], token: string): string {
  const t = LINK_TEXT[which];
  return `[$(${t.icon}) ${t.label}](${commandUri(LINK_COMMAND[which], args, token)} "${t.title}")`;
}

/** Which links make sense for this token, in order of importance. */
function wantedLinks(input: HoverInput): { which: HoverLink; args: unknown[] }[] {
  const { token } = input;
  const out: { which: HoverLink; args: unknown[] }[] = [{ which: 'openInspector', args: [{ token: token.raw }] }];
  // Only a signed token of a user pool can be checked against the pool's JWKS: a JWE (refresh
  // token) cannot, an unsigned one has nothing to check, another issuer has no known key set.
  if (token.format === 'jws' && !token.unsigned && token.cognito.isCognito) out.push({ which: 'verifyToken', args: [token.raw] });
  if (input.sessionPaste !== undefined) out.push({ which: 'addSession', args: [input.sessionPaste] });
  const target = input.copyTarget;
  if (target !== undefined) {
    const at = { uri: target.uri, range: [...target.range] };
    out.push({ which: 'copyRaw', args: [{ ...at, format: 'raw' }] });
    // A refresh token is never sent in an Authorization header (the copy command refuses it too).
    if (token.cognito.kind !== 'refresh' && token.format === 'jws') {
      out.push({ which: 'copyBearer', args: [{ ...at, format: 'bearer' }] }, { which: 'copyCurl', args: [{ ...at, format: 'curl' }] });
    }
    if (token.payload !== undefined) out.push({ which: 'copyClaim', args: [{ ...at, format: 'claim' }] });
  }
  return out;
}

/**
 * Below this many characters no limit is near: the `Authorization: Bearer ` line (22 characters
 * more) stays under NEAR_SHARE of the smallest limit. 64 characters of margin for that prefix.
 */
export const SIZE_CHECK_FROM = Math.floor(Math.min(...HEADER_LIMITS.map((l) => l.bytes)) * NEAR_SHARE) - 64;

interface SizeNote {
  exceeded: boolean;
  bytes: number;
  /** The size line the tree shows (sessions/sizeText.ts): size, limit, the claim taking most room. */
  text: string;
}

/**
 * A signed token near or over common request-header limits, or undefined. Tokens too short to
 * come near any limit (every usual one) skip the measure, which decodes the payload again to
 * find the largest claim. A refresh token is never sent in a header.
 */
function sizeNote(token: DecodedToken): SizeNote | undefined {
  if (token.format !== 'jws' || token.cognito.kind === 'refresh' || token.raw.length < SIZE_CHECK_FROM) return undefined;
  const size = tokenSize(token.raw);
  const text = sizeWarning(size);
  return text === undefined ? undefined : { exceeded: size.level === 'exceeded', bytes: size.bytes, text };
}

// ---------------------------------------------------------------------------------------------
// The hover

export function renderTokenHover(input: HoverInput): TokenHoverMarkdown {
  const { token } = input;
  const expiry = expiryPhrase(token, input.utcOffsetMinutes);
  const lines: string[] = [];

  const titleIcon = token.unsigned ? 'warning' : token.format === 'jwe' ? 'lock' : 'key';
  const title = `${token.unsigned ? 'UNSIGNED ' : ''}${tokenTitle(token)}`;
  const format = token.format === 'jwe' && !title.includes('JWE') ? ' · encrypted (JWE)' : '';
  // A signed token's claims are only as good as its signature, which a hover does not check.
  const unchecked = token.format === 'jws' && !token.unsigned ? ' · signature not checked' : '';
  lines.push(`$(${titleIcon}) **${title}**${format} · $(${expiry.icon}) ${expiry.text}${unchecked}`);
  if (token.unsigned) {
    lines.push(
      '',
      `$(warning) **Unsigned: \`alg\` is \`none\`.** Nothing vouches for these claims; a server that accepts this token accepts anyone's.` +
        (token.cognito.isCognito ? ' Cognito never issues unsigned tokens: this one was made or altered by hand.' : ''),
    );
  }
  if (expiry.note) lines.push('', expiry.note);
  const size = sizeNote(token);
  // Numbers only here (the summary holds no claim value); the claim taking most room is named in
  // the details, inert.
  if (size !== undefined) {
    const what = size.exceeded ? 'Too large for some request headers' : 'Near the size limit of some request headers';
    lines.push('', `$(warning) **${what}** (${size.bytes.toLocaleString('en-US')} bytes): see Size below.`);
  }
  const head = lines.join('\n');

  // Links, most important first, while the summary stays within its budget.
  const links: HoverLink[] = [];
  const rendered: string[] = [];
  const dropped: HoverLink[] = [];
  let length = head.length + 200;
  for (const want of wantedLinks(input)) {
    const l = link(want.which, want.args, token.raw);
    if (length + l.length + 3 > HOVER_LIMITS.summaryChars) {
      dropped.push(want.which);
      continue;
    }
    length += l.length + 3;
    rendered.push(l);
    links.push(want.which);
  }
  let summary = rendered.length > 0 ? `${head}\n\n${rendered.join(' · ')}` : head;
  if (dropped.length > 0) {
    const instead: Record<HoverLink, string> = {
      openInspector: 'run **Cognito: Decode Token** with the cursor on it',
      verifyToken: 'verify it from the inspector',
      addSession: 'paste the tokens into **Cognito: Add Session**',
      copyRaw: 'copy it from the inspector',
      copyBearer: 'copy it from the inspector',
      copyCurl: 'copy it from the inspector',
      copyClaim: 'copy claims from the inspector',
    };
    summary += `\n\n$(info) Too large to carry in more links: ${dropped.map((d) => instead[d]).join('; ')}.`;
  }

  return { summary, details: renderDetails(token, input.utcOffsetMinutes, size?.text), links };
}

function renderDetails(token: DecodedToken, utcOffsetMinutes: number | undefined, size: string | undefined): string {
  const c = token.cognito;
  const facts: string[] = [];
  if (c.isCognito) {
    if (c.userPoolId) {
      const where = c.issuerKind === 'compatible' ? ' · Cognito-compatible endpoint (not AWS)' : '';
      facts.push(`**User pool** ${span(c.userPoolId)}${c.region ? ` · region ${span(c.region)}` : ''}${where}`);
    }
    if (c.clientId) facts.push(`**App client** ${span(c.clientId)}`);
    if (c.username) facts.push(`**Username** ${span(c.username)}${c.sub && c.sub !== c.username ? ` · sub ${span(c.sub)}` : ''}`);
    else if (c.sub) facts.push(`**Subject** ${span(c.sub)}`);
    if (c.groups?.length) facts.push(`**Groups** ${list(c.groups, ', ')}`);
    if (c.scopes?.length) facts.push(`**Scopes** ${list(c.scopes, ' ')}`);
  } else if (token.payload !== undefined) {
    facts.push('Not recognised as a Cognito token (its issuer is not a user pool).');
    if (typeof token.payload.iss === 'string') facts.push(`**Issuer** ${span(token.payload.iss)}`);
  }

  const out: string[] = [];
  // A backslash at the end of a line is a hard line break: one fact per line, no list bullets.
  if (facts.length > 0) out.push(facts.join('\\\n'), '');
  // Its own paragraph: the claim name in it is text from the token, inert in a code span.
  if (size !== undefined) out.push(`**Size** ${span(size, 2 * HOVER_LIMITS.valueChars)}`, '');

  out.push('**Header**', '', fenced('json', headerLine(token.header)), '');
  if (token.payload !== undefined) {
    out.push('**Payload**', '', fenced('jsonc', payloadLines(token, utcOffsetMinutes)));
  } else {
    out.push(
      c.kind === 'refresh'
        ? '**Payload** encrypted: use it with `GetTokensFromRefreshToken` or `InitiateAuth` (`REFRESH_TOKEN_AUTH`).'
        : '**Payload** encrypted: only the intended recipient can read it.',
    );
  }
  return out.join('\n');
}

function list(items: readonly string[], separator: string): string {
  const shown = items.slice(0, HOVER_LIMITS.listItems).map((g) => span(g, 64));
  const more = items.length - shown.length;
  return shown.join(separator) + (more > 0 ? ` and ${more.toLocaleString('en-US')} more` : '');
}

function headerLine(header: Record<string, unknown>): string {
  const entries = Object.entries(header);
  const parts = entries.slice(0, HOVER_LIMITS.headerParams).map(([k, v]) => `${claimName(k)}: ${jsonValue(v, 80).text}`);
  const more = entries.length - HOVER_LIMITS.headerParams;
  return `{ ${parts.join(', ')}${more > 0 ? `, … ${more} more` : ''} }`;
}

function claimName(key: string): string {
  return cut(shown(JSON.stringify(key)), HOVER_LIMITS.keyChars).text;
}

function payloadLines(token: DecodedToken, utcOffsetMinutes: number | undefined): string {
  const payload = token.payload ?? {};
  const times = new Map(token.times.map((t) => [t.claim as string, t]));
  const entries = Object.entries(payload);
  const shown = entries.slice(0, HOVER_LIMITS.claims);
  const more = entries.length - shown.length;
  const lines = ['{'];
  shown.forEach(([key, value], i) => {
    const v = jsonValue(value, HOVER_LIMITS.valueChars);
    const time = times.get(key);
    const notes = [time ? `${isoSeconds(time.epochSeconds * 1000, utcOffsetMinutes)}, ${time.relative}` : undefined, v.note].filter(Boolean);
    const comma = i < shown.length - 1 || more > 0 ? ',' : '';
    lines.push(`  ${claimName(key)}: ${v.text}${comma}${notes.length > 0 ? ` // ${notes.join('; ')}` : ''}`);
  });
  if (more > 0) lines.push(`  // … ${more.toLocaleString('en-US')} more claims: open the token in the inspector`);
  lines.push('}');
  return lines.join('\n');
}
