/**
 * Character classes and segment decoding shared by the scanner and the decoder.
 * The base64url decoder is our own, table-driven and reading straight from the
 * source text: the scanner runs it on every candidate header, where slicing and
 * regex-based decoding would dominate. Every failure gets its own typed reason.
 */

import { Buffer, isUtf8 } from 'node:buffer';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 1 for `[A-Za-z0-9_-]`, 2 for `.`, 0 otherwise (ASCII only; anything above 127 is 0). */
export const CHAR_CLASS = new Uint8Array(128);
/** Base64url digit values, -1 for anything else. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  const code = ALPHABET.charCodeAt(i);
  CHAR_CLASS[code] = 1;
  DIGIT[code] = i;
}
CHAR_CLASS[0x2e] = 2;

/** `[A-Za-z0-9_-]`. */
export function isBase64UrlCode(code: number): boolean {
  return code < 128 && CHAR_CLASS[code] === 1;
}

/** A base64url string (unpadded) can never have length 4n+1. */
export function hasBase64UrlLength(length: number): boolean {
  return length % 4 !== 1;
}

/**
 * The longest base64url run from `lastIndex`: one character class under `*`, sticky, so it is
 * linear (nothing to backtrack into) and runs as native code, several times faster than a
 * charCodeAt loop over a 1-2 KB token.
 */
const BASE64URL_RUN = /[A-Za-z0-9_-]*/y;

/** Index of the first character that is not base64url, or -1. */
export function firstNonBase64Url(segment: string): number {
  const run = BASE64URL_RUN;
  run.lastIndex = 0;
  run.test(segment);
  const end = run.lastIndex;
  return end === segment.length ? -1 : end;
}

/**
 * Decode unpadded base64url `text[start, end)`, or undefined when a character
 * is outside the alphabet or the length is impossible. Leftover bits of the
 * last digit are ignored, like RFC 4648's forgiving decoders (and jose's).
 */
export function decodeBase64Url(text: string, start = 0, end = text.length): Uint8Array | undefined {
  const length = end - start;
  if (length < 0 || !hasBase64UrlLength(length)) return undefined;
  const out = new Uint8Array((length * 3) >> 2);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? (DIGIT[code] ?? -1) : -1;
    if (digit < 0) return undefined;
    acc = ((acc << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export type SegmentFailure = 'bad-base64' | 'bad-utf8' | 'bad-json' | 'not-an-object';

export type SegmentJson =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: SegmentFailure };

/**
 * Decode a base64url segment that must hold a JSON object (a JOSE header or JWT claims).
 * The characters are checked here (node's decoder would skip bad ones); then node's native
 * base64url decoder does the work, which is several times faster than ours on a payload.
 */
export function decodeJsonObjectSegment(segment: string): SegmentJson {
  if (segment.length === 0 || !hasBase64UrlLength(segment.length) || firstNonBase64Url(segment) !== -1) {
    return { ok: false, reason: 'bad-base64' };
  }
  return parseJsonObject(Buffer.from(segment, 'base64url'));
}

/** Strict UTF-8 (a BOM is kept, and then refused by JSON.parse), then JSON, then "is a plain object". */
export function parseJsonObject(bytes: Uint8Array): SegmentJson {
  if (!isUtf8(bytes)) return { ok: false, reason: 'bad-utf8' };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'bad-json' };
  }
  if (!isPlainObject(value)) return { ok: false, reason: 'not-an-object' };
  return { ok: true, value };
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;

/**
 * Cheap necessary conditions for a JOSE header, checked on the bytes before
 * any UTF-8 or JSON work: `{` first, `}` last (bar trailing whitespace) and a
 * `"alg"` member name somewhere. Rejects truncated and junk headers without
 * letting JSON.parse throw, which is the expensive part of a rejection.
 */
export function mayBeJoseHeader(bytes: Uint8Array): boolean {
  if (bytes[0] !== OPEN_BRACE) return false;
  let last = bytes.length - 1;
  while (last > 0 && isJsonWhitespace(bytes[last] ?? 0)) last--;
  if (bytes[last] !== CLOSE_BRACE) return false;
  for (let i = 1; i + 4 < last; i++) {
    if (bytes[i] === QUOTE && bytes[i + 1] === 0x61 && bytes[i + 2] === 0x6c && bytes[i + 3] === 0x67 && bytes[i + 4] === QUOTE) {
      return true;
    }
  }
  return false;
}

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a decoded header says about the format, or why it is not a JOSE header. */
export type HeaderShape =
  | { ok: true; format: 'jws' | 'jwe'; alg: string }
  | { ok: false; reason: 'missing-alg' | 'bad-enc' };

/** A JOSE header needs a string `alg`; a JWE header also a string `enc` (RFC 7515/7516). */
export function headerShape(header: Record<string, unknown>): HeaderShape {
  const { alg, enc } = header;
  if (typeof alg !== 'string' || alg.length === 0) return { ok: false, reason: 'missing-alg' };
  if (enc === undefined) return { ok: true, format: 'jws', alg };
  if (typeof enc !== 'string' || enc.length === 0) return { ok: false, reason: 'bad-enc' };
  return { ok: true, format: 'jwe', alg };
}
