// A multi-line .env pasted into a one-line input box arrives as one line: the browser's
// <input> drops the line breaks (Chromium) or turns them into spaces (Firefox). So
//   REFRESH_TOKEN=eyJ…tagID_TOKEN=eyJ…sigCLIENT_ID=abc
// and `REFRESH_TOKEN=… ID_TOKEN=…` reach the parser, and the token scanner then reads the
// refresh token with "ID_TOKEN" glued to its end. This splits such a line back into lines:
// - at whitespace followed by `NAME=` (any env-style name), and
// - where a known name (`ID_TOKEN`, `REFRESH_TOKEN`, `CLIENT_ID`, `AWS_REGION`, with the
//   prefixes apps use: `COGNITO_`, `VITE_`, `NEXT_PUBLIC_`, …) is glued to the value before it.
// Glued names are found by their known spelling only (upper case, as .env files write them);
// a value that itself ends in such a spelling (a token ending in "AWS_" before "REGION=") would
// be cut one name too early, which the token's failing decode then shows. Linear: one pass over
// the line, each `=` looks back at most MAX_NAME characters.

/** Longest variable name considered. */
const MAX_NAME = 96;
/** Most assignments read from one line. */
const MAX_ASSIGNMENTS = 10_000;

/** Names a .env holds for a session, as the last words of a variable name. */
const KNOWN_NAMES = ['ID_TOKEN', 'ACCESS_TOKEN', 'REFRESH_TOKEN', 'CLIENT_ID', 'USER_POOL_ID', 'REGION', 'DEVICE_KEY', 'EXPIRES_IN', 'TOKEN_TYPE'];
/** Words that may come before a known name (`VITE_USER_POOL_ID`, `NEXT_PUBLIC_COGNITO_CLIENT_ID`). */
const PREFIX_WORDS = new Set(['AWS', 'COGNITO', 'VITE', 'NEXT', 'PUBLIC', 'REACT', 'APP', 'EXPO', 'NUXT', 'USER', 'POOL', 'WEB', 'AMPLIFY', 'AUTH', 'SANDBOX', 'LOCAL', 'DEV', 'TEST', 'STAGING', 'PROD']);
/** Longest first, so `PUBLIC` is not taken for the end of `NEXT_PUBLIC`'s word. */
const PREFIX_LIST = [...PREFIX_WORDS].sort((a, b) => b.length - a.length);
const TOKEN_NAMES = ['ID_TOKEN', 'ACCESS_TOKEN', 'REFRESH_TOKEN'];

function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}
function isUpperNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}
function hasLowerCase(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return true;
  }
  return false;
}
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0;
}

/**
 * The line split back into `NAME=value` lines, or undefined when it is not a flattened .env:
 * it has a line break, fewer than two assignments, or no token variable.
 */
export function unflattenEnv(text: string): string | undefined {
  if (text.includes('\n') || text.includes('\r')) return undefined;
  const starts: number[] = [];
  let sawToken = false;
  for (let eq = text.indexOf('='); eq !== -1 && starts.length < MAX_ASSIGNMENTS; eq = text.indexOf('=', eq + 1)) {
    // The run of name characters just before `=` (bounded), and its upper-case tail.
    let runStart = eq;
    while (runStart > 0 && eq - runStart <= MAX_NAME && isNameChar(text.charCodeAt(runStart - 1))) runStart--;
    const bounded = runStart === 0 || !isNameChar(text.charCodeAt(runStart - 1));
    const before = runStart === 0 ? -1 : text.charCodeAt(runStart - 1);
    const c0 = text.charCodeAt(runStart);
    let start: number | undefined;
    const glued = gluedNameStart(text, eq);
    if (runStart < eq && bounded && (before === -1 || isSpace(before)) && !(c0 >= 0x30 && c0 <= 0x39)) {
      // `… NAME=value`: whitespace-separated; a known name glued to a word (`# stagingREFRESH_TOKEN=`) starts at the name.
      start = glued !== undefined && hasLowerCase(text, runStart, glued) ? glued : runStart;
    } else {
      start = glued; // `…valueNAME=value`
    }
    if (start === undefined) continue;
    if (starts.length > 0 && start <= (starts[starts.length - 1] ?? -1)) continue;
    starts.push(start);
    const name = text.slice(start, eq).toUpperCase();
    if (TOKEN_NAMES.some((n) => name.endsWith(n))) sawToken = true;
  }
  if (starts.length < 2 || !sawToken) return undefined;
  const lines: string[] = [];
  const head = text.slice(0, starts[0]).trim();
  if (head !== '') lines.push(head);
  for (let i = 0; i < starts.length; i++) {
    const line = text.slice(starts[i], starts[i + 1] ?? text.length).trim();
    if (line !== '') lines.push(line);
  }
  return lines.join('\n');
}

/** Where a known upper-case name glued to the value before the `=` at `eq` begins. */
function gluedNameStart(text: string, eq: number): number | undefined {
  let upper = eq;
  while (upper > 0 && eq - upper < MAX_NAME && isUpperNameChar(text.charCodeAt(upper - 1))) upper--;
  const tail = text.slice(upper, eq);
  const base = KNOWN_NAMES.find((n) => tail.endsWith(n));
  if (base === undefined) return undefined;
  let start = eq - base.length;
  // Extend over known prefix words (`VITE_` + `USER_POOL_ID`), which may be glued to the value too.
  for (;;) {
    if (text[start - 1] !== '_') break;
    const end = start - 1;
    const word = PREFIX_LIST.find((w) => end - w.length >= upper && text.startsWith(w, end - w.length));
    if (word === undefined) break;
    start = end - word.length;
  }
  return start;
}
