// Text from tokens, shown so that it cannot disguise itself. Shared by every presenter of a
// claim or header value: the inspector webview (which marks each character, see
// webview/dom.ts), the hover and the decoded-token documents (which write it as `\u202e`).
//
// What is made visible, and why:
// - C0 and C1 control characters, DEL: a line break would let a value start a markdown block
//   or a new log line; the others are invisible.
// - Bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069): they reorder what
//   follows, so "Invoice\u202Efdp.exe" reads "Invoiceexe.pdf".
// - Line and paragraph separators (U+2028, U+2029).
// - Zero-width and invisible characters: soft hyphen U+00AD, combining grapheme joiner U+034F,
//   Hangul fillers U+115F, U+1160, U+3164, U+FFA0, Khmer U+17B4-U+17B5, Mongolian selectors
//   and vowel separator U+180B-U+180F, U+200B-U+200D, word joiner and invisible operators
//   U+2060-U+2064, deprecated format characters U+206A-U+206F, the BOM U+FEFF, interlinear
//   annotation U+FFF9-U+FFFB, and the tag characters U+E0000-U+E007F (invisible ASCII copies).
// Variation selectors (U+FE00-U+FE0F) stay: emoji need them and they cannot hide text.
//
// The pattern is one character class (no quantifier, no alternation), so it runs in linear
// time on any input.

const HIDDEN_SOURCE = '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}]';

// Compiled once (a hover renders dozens of values: compiling per call was a quarter of its time).
// Sharing the global one is safe: `replace` and `matchAll` start at index 0 and leave
// `lastIndex` at 0 (matchAll iterates a copy); `test`, which would move it, uses HIDDEN_ANY.
// Each listed code point stands alone (escaped, matched one at a time): nothing is combined.
// eslint-disable-next-line no-misleading-character-class
const HIDDEN_ALL = new RegExp(HIDDEN_SOURCE, 'gu');
// eslint-disable-next-line no-misleading-character-class -- as above
const HIDDEN_ANY = new RegExp(HIDDEN_SOURCE, 'u');

// eslint-disable-next-line no-misleading-character-class -- as above
const HIDDEN_ONE = new RegExp(`^${HIDDEN_SOURCE}$`, 'u');

/** True if `char` (one code point) is one that `visible` escapes. */
export function isHiddenChar(char: string): boolean {
  return HIDDEN_ONE.test(char);
}

/** True if `text` holds any character `visible` escapes. */
export function hasHiddenChars(text: string): boolean {
  return HIDDEN_ANY.test(text);
}

/** `\n`, `\r`, `\t`, or `\uXXXX` (`\u{XXXXX}` above the BMP), lower-case hex. */
export function escapeChar(char: string): string {
  switch (char) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  const cp = char.codePointAt(0) ?? 0;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

const NAMES: Record<number, string> = {
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
  0xad: 'soft hyphen',
  0x061c: 'Arabic letter mark (bidi)',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark (bidi)',
  0x200f: 'right-to-left mark (bidi)',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding (bidi)',
  0x202b: 'right-to-left embedding (bidi)',
  0x202c: 'pop directional formatting (bidi)',
  0x202d: 'left-to-right override (bidi)',
  0x202e: 'right-to-left override (bidi)',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate (bidi)',
  0x2067: 'right-to-left isolate (bidi)',
  0x2068: 'first strong isolate (bidi)',
  0x2069: 'pop directional isolate (bidi)',
  0xfeff: 'zero-width no-break space (BOM)',
};

/** "U+202E right-to-left override (bidi)": what a marked character is, for a tooltip. */
export function describeChar(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[cp] ?? (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? 'control character' : 'invisible character');
  return `U+${hex} ${name}`;
}

/** Every hidden character of `text` written as an escape: it can neither break a line nor reorder what is shown. */
export function visible(text: string): string {
  return text.replace(HIDDEN_ALL, escapeChar);
}

/** A run of ordinary text, or one hidden character to show as a marked escape. */
export type VisiblePart = { text: string } | { hidden: string; escape: string; description: string };

/** `text` split into ordinary runs and hidden characters (for presenters that mark them). */
export function visibleParts(text: string): VisiblePart[] {
  const parts: VisiblePart[] = [];
  let last = 0;
  for (const m of text.matchAll(HIDDEN_ALL)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ hidden: m[0], escape: escapeChar(m[0]), description: describeChar(m[0]) });
    last = at + m[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
  return parts;
}

/** `text` cut to at most `max` UTF-16 units, never inside a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}
