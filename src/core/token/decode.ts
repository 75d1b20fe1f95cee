/**
 * Decodes one compact token for display: header, claims (JWS only), Cognito
 * classification, time claims and validity. Decoding is not verification:
 * nothing here checks a signature (see verify.ts).
 */
import { classifyToken } from './classify';
import { MAX_TOKEN_LENGTH } from './limits';
import { decodeJsonObjectSegment, firstNonBase64Url, hasBase64UrlLength, headerShape, type SegmentFailure } from './segment';
import { assessValidity, readTimeClaims, resolveClock } from './time';
import type { DecodeOptions, DecodeResult, TokenError, TokenErrorCode, TokenFormat, TokenPart } from './types';

const JWS_PARTS: readonly TokenPart[] = ['header', 'payload', 'signature'];
const JWE_PARTS: readonly TokenPart[] = ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag'];

/** Room for whitespace, a `Bearer ` prefix and quotes around a token of the maximum length. */
const INPUT_SLACK = 4096;

/**
 * Decode `raw`, tolerating what a paste tends to carry: surrounding whitespace,
 * an `Authorization` scheme (`Bearer `) and wrapping quotes. Never throws.
 */
export function decodeToken(raw: string, options?: DecodeOptions): DecodeResult {
  try {
    return decode(raw, options);
  } catch {
    return failure('internal', 'Unexpected error while decoding the token.');
  }
}

function decode(input: string, options: DecodeOptions | undefined): DecodeResult {
  if (typeof input !== 'string') return failure('empty', 'No token given.');
  if (input.length > MAX_TOKEN_LENGTH + INPUT_SLACK) return tooLarge(input.length);
  const raw = normalize(input);
  if (raw.length === 0) return failure('empty', 'No token given.');
  if (raw.length > MAX_TOKEN_LENGTH) return tooLarge(raw.length);

  const segments = raw.split('.');
  let format: TokenFormat;
  if (segments.length === 3) format = 'jws';
  else if (segments.length === 5) format = 'jwe';
  else {
    return failure(
      'not-a-jwt',
      `A compact JWT has 3 dot-separated parts (signed, JWS) or 5 (encrypted, JWE); this has ${segments.length}.`,
    );
  }
  const parts = format === 'jws' ? JWS_PARTS : JWE_PARTS;

  for (let i = 0; i < segments.length; i++) {
    const problem = segmentProblem(segments[i] ?? '', parts[i] ?? 'header', format);
    if (problem !== undefined) return { ok: false, error: problem };
  }

  const headerResult = decodeJsonObjectSegment(segments[0] ?? '');
  if (!headerResult.ok) return { ok: false, error: segmentError(headerResult.reason, 'header') };
  const header = headerResult.value;
  const shape = headerShape(header);
  if (!shape.ok) {
    return failure(
      'bad-header',
      shape.reason === 'missing-alg'
        ? 'The header has no "alg" (algorithm) string, so this is not a JOSE token.'
        : 'The header\'s "enc" (encryption) is not a string.',
      'header',
    );
  }
  if (shape.format !== format) {
    return failure(
      'bad-header',
      format === 'jws'
        ? 'The header has "enc", which marks an encrypted token (JWE), but the token has 3 parts instead of 5.'
        : 'The token has 5 parts like an encrypted token (JWE), but its header has no "enc".',
      'header',
    );
  }

  let payload: Record<string, unknown> | undefined;
  if (format === 'jws') {
    const payloadResult = decodeJsonObjectSegment(segments[1] ?? '');
    if (!payloadResult.ok) return { ok: false, error: segmentError(payloadResult.reason, 'payload') };
    payload = payloadResult.value;
  }

  const clock = resolveClock(options);
  return {
    ok: true,
    token: {
      raw,
      format,
      header,
      payload,
      unsigned: format === 'jws' && shape.alg.toLowerCase() === 'none',
      segments,
      cognito: classifyToken(format, header, payload),
      times: readTimeClaims(payload, clock.nowMs),
      validity: assessValidity(payload, clock),
    },
  };
}

function normalize(input: string): string {
  let s = input.trim();
  const scheme = /^bearer(?:\s+|$)/i.exec(s);
  if (scheme) s = s.slice(scheme[0].length);
  const first = s[0];
  if (s.length >= 2 && (first === '"' || first === "'" || first === '`') && s[s.length - 1] === first) {
    s = s.slice(1, -1).trim();
  }
  return s;
}

/** Structural problems of one part, before any decoding. */
function segmentProblem(segment: string, part: TokenPart, format: TokenFormat): TokenError | undefined {
  if (segment.length === 0) {
    // An unsecured JWS has an empty signature; direct-key JWEs ("dir", "ECDH-ES") an empty encrypted key.
    if (part === 'signature' || part === 'encrypted-key') return undefined;
    return {
      code: format === 'jws' && part === 'payload' ? 'bad-payload-json' : 'not-a-jwt',
      message: `The ${partLabel(part)} is empty.`,
      part,
    };
  }
  const bad = firstNonBase64Url(segment);
  if (bad !== -1) {
    return {
      code: 'bad-base64',
      message: `The ${partLabel(part)} has a character that is not base64url at position ${bad + 1} (allowed: A-Z a-z 0-9 - _).`,
      part,
    };
  }
  if (!hasBase64UrlLength(segment.length)) {
    return {
      code: 'bad-base64',
      message: `The ${partLabel(part)} has an impossible base64url length (${segment.length}); it may be truncated.`,
      part,
    };
  }
  return undefined;
}

function segmentError(reason: SegmentFailure, part: 'header' | 'payload'): TokenError {
  const label = partLabel(part);
  const jsonCode: TokenErrorCode = part === 'header' ? 'bad-header-json' : 'bad-payload-json';
  switch (reason) {
    case 'bad-base64':
      return { code: 'bad-base64', message: `The ${label} is not valid base64url.`, part };
    case 'bad-utf8':
      return { code: jsonCode, message: `The ${label} does not decode to UTF-8 text.`, part };
    case 'bad-json':
      return { code: jsonCode, message: `The ${label} does not decode to JSON.`, part };
    case 'not-an-object':
      return { code: 'not-an-object', message: `The ${label} is JSON but not an object.`, part };
  }
}

function partLabel(part: TokenPart): string {
  return part === 'encrypted-key' ? 'encrypted key' : part === 'iv' ? 'initialization vector' : part;
}

function tooLarge(length: number): DecodeResult {
  return failure(
    'too-large',
    `The input is ${length} characters; tokens longer than ${MAX_TOKEN_LENGTH} are not decoded.`,
  );
}

function failure(code: TokenErrorCode, message: string, part?: TokenPart): DecodeResult {
  return { ok: false, error: part === undefined ? { code, message } : { code, message, part } };
}
