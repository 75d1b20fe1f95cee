import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Url, decodeJsonObjectSegment, mayBeJoseHeader } from '../../../src/core/token/segment';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

void describe('decodeBase64Url', () => {
  void it('matches Node for every length and byte value', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 13) % 256);
      const encoded = Buffer.from(bytes).toString('base64url');
      assert.deepEqual(decodeBase64Url(encoded), bytes, `length ${length}`);
    }
  });

  void it('decodes a range of a larger string without slicing', () => {
    const encoded = Buffer.from('{"alg":"RS256"}').toString('base64url');
    const text = `xx${encoded}.yy`;
    assert.deepEqual(decodeBase64Url(text, 2, 2 + encoded.length), utf8('{"alg":"RS256"}'));
  });

  void it('rejects foreign characters, padding and impossible lengths', () => {
    for (const bad of ['ab+c', 'ab/c', 'YQ==', 'a', 'abcde', 'ab c', 'abé']) {
      assert.equal(decodeBase64Url(bad), undefined, bad);
    }
    assert.deepEqual(decodeBase64Url(''), new Uint8Array(0));
    assert.equal(decodeBase64Url('abcd', 3, 1), undefined);
  });
});

void describe('decodeJsonObjectSegment', () => {
  const seg = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');
  void it('gives a typed reason for each failure', () => {
    assert.deepEqual(decodeJsonObjectSegment(seg('{"a":1}')), { ok: true, value: { a: 1 } });
    assert.deepEqual(decodeJsonObjectSegment(''), { ok: false, reason: 'bad-base64' });
    assert.deepEqual(decodeJsonObjectSegment('a$'), { ok: false, reason: 'bad-base64' });
    assert.deepEqual(decodeJsonObjectSegment(seg(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]))), { ok: false, reason: 'bad-utf8' });
    assert.deepEqual(decodeJsonObjectSegment(seg('{a:1}')), { ok: false, reason: 'bad-json' });
    assert.deepEqual(decodeJsonObjectSegment(seg('[1]')), { ok: false, reason: 'not-an-object' });
    assert.deepEqual(decodeJsonObjectSegment(seg('null')), { ok: false, reason: 'not-an-object' });
  });
});

void describe('mayBeJoseHeader', () => {
  void it('accepts JSON-object-shaped bytes naming "alg", with whitespace', () => {
    assert.equal(mayBeJoseHeader(utf8('{"alg":"RS256"}')), true);
    assert.equal(mayBeJoseHeader(utf8('{\n  "kid": "k",\n  "alg": "RS256"\n}\n')), true);
  });

  void it('rejects truncated, non-object and alg-less headers before any parsing', () => {
    for (const text of ['{"alg":"RS256"', '["alg"]', '{"typ":"JWT"}', '{"al":"g"}', ' {"alg":1}', '{}', '{"alg']) {
      assert.equal(mayBeJoseHeader(utf8(text)), false, text);
    }
  });
});
