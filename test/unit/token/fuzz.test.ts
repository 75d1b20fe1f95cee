/**
 * Robustness: random text and mutations of real tokens must never make the
 * scanner or the decoder throw, and what they return must be consistent.
 * Deterministic (seeded) so a failure reproduces.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, findTokenAt, findTokens, type FoundToken } from '../../../src/core/token';
import { mulberry32 as rng } from '../../fixtures/random';
import { accessTokenClaims, createSigningKey, idTokenClaims, refreshTokenJwe, signToken, unsecuredToken } from '../../fixtures/tokens/factory';


const ALPHABETS = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.',
  'eyJw.',
  ' \n\t"\'%\\u{}[]:,=&?#/',
  '\u0000\uffff\ud800\udc00é漢🙂',
];

let samples: string[] = [];

before(async () => {
  const key = await createSigningKey();
  samples = [
    await signToken(key, idTokenClaims()),
    await signToken(key, accessTokenClaims()),
    await refreshTokenJwe(),
    unsecuredToken({ sub: 'x' }),
  ];
});

function randomString(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const alphabet = ALPHABETS[Math.floor(next() * ALPHABETS.length)] ?? '';
    out += alphabet[Math.floor(next() * alphabet.length)] ?? '';
  }
  return out;
}

function mutate(next: () => number, token: string): string {
  const pos = Math.floor(next() * (token.length + 1));
  switch (Math.floor(next() * 6)) {
    case 0:
      return token.slice(0, pos); // truncate
    case 1:
      return token.slice(pos); // drop a prefix
    case 2:
      return token.slice(0, pos) + randomString(next, 1 + Math.floor(next() * 4)) + token.slice(pos); // insert
    case 3:
      return token.slice(0, pos) + token.slice(pos + 1 + Math.floor(next() * 8)); // delete
    case 4:
      return token.slice(0, pos) + '.' + token.slice(pos); // extra dot
    default:
      return token.replace(/\./g, next() < 0.5 ? '' : '..'); // break the part structure
  }
}

function assertConsistent(text: string, found: FoundToken[]): void {
  let previousEnd = 0;
  for (const token of found) {
    assert.equal(text.slice(token.start, token.end), token.raw);
    assert.ok(token.start >= previousEnd, 'tokens are ordered and disjoint');
    previousEnd = token.end;
    // Whatever the scanner accepts has a decodable JOSE header.
    const decoded = decodeToken(token.raw);
    if (!decoded.ok) assert.ok(!['bad-header-json', 'bad-header', 'not-a-jwt', 'internal'].includes(decoded.error.code), decoded.error.code);
  }
}

void describe('fuzz', () => {
  void it('random strings never throw', () => {
    const next = rng(0xc0ffee);
    for (let i = 0; i < 2000; i++) {
      const text = randomString(next, Math.floor(next() * 300));
      const found = findTokens(text);
      assertConsistent(text, found);
      const decoded = decodeToken(text);
      assert.equal(typeof decoded.ok, 'boolean');
      if (!decoded.ok) assert.notEqual(decoded.error.code, 'internal');
      findTokenAt(text, Math.floor(next() * (text.length + 2)) - 1);
    }
  });

  void it('truncations and mutations of real tokens never throw', () => {
    const next = rng(42);
    for (let i = 0; i < 3000; i++) {
      const sample = samples[i % samples.length] ?? '';
      const mutated = mutate(next, next() < 0.3 ? mutate(next, sample) : sample);
      const decoded = decodeToken(mutated);
      if (!decoded.ok) {
        assert.notEqual(decoded.error.code, 'internal');
        assert.ok(!decoded.error.message.includes(mutated.slice(0, 20)) || mutated.length < 20);
      }
      const text = `x ${mutated} y`;
      assertConsistent(text, findTokens(text));
      findTokenAt(text, Math.floor(next() * text.length));
    }
  });

  void it('every token found in a random document is found again from each of its offsets', () => {
    const next = rng(7);
    const parts: string[] = [];
    for (let i = 0; i < 300; i++) {
      parts.push(next() < 0.3 ? (samples[Math.floor(next() * samples.length)] ?? '') : randomString(next, Math.floor(next() * 40)));
    }
    const text = parts.join(next() < 0.5 ? ' ' : '"');
    const found = findTokens(text);
    assertConsistent(text, found);
    for (const token of found) {
      const offset = token.start + Math.floor(next() * (token.end - token.start + 1));
      assert.deepEqual(findTokenAt(text, offset), token);
    }
  });
});
