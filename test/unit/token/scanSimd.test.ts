/**
 * The scanner's WebAssembly SIMD stage (src/core/token/candidates.ts) and the `indexOf` scan it
 * replaces where WebAssembly SIMD runs: the stage reports every header prefix, including those at
 * the edges of its 64 KiB chunks and in text with characters above U+00FF (copied as their low
 * byte), and findTokens finds exactly what the scan without it finds.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64url } from 'jose';
import { findTokens, scanTokens, type FoundToken } from '../../../src/core/token';
import { CandidateFinder, CHUNK } from '../../../src/core/token/candidates';
import { scanTokensWithoutSimd } from '../../../src/core/token/scan';
import { mulberry32 as rng } from '../../fixtures/random';
import { accessTokenClaims, b64json, createSigningKey, idTokenClaims, refreshTokenJwe, signToken, unsecuredToken } from '../../fixtures/tokens/factory';

/** The seven header prefixes, as scan.ts defines them. */
const PREFIX = /e(?:y[AIJL]|w[ko0])/g;
const PREFIX_AT_START = /^e(?:y[AIJL]|w[ko0])/;

/** Every position of a prefix in `text`, by a regex (overlaps cannot happen: see scan.ts). */
function prefixPositions(text: string): number[] {
  const out: number[] = [];
  PREFIX.lastIndex = 0;
  for (let m = PREFIX.exec(text); m !== null; m = PREFIX.exec(text)) out.push(m.index);
  return out;
}

/** Every position the finder reports, asking from each reported position + 1. */
function reported(text: string): number[] {
  const finder = new CandidateFinder(text);
  const out: number[] = [];
  for (let at = finder.next(0); at !== -1; at = finder.next(at + 1)) out.push(at);
  return out;
}

/**
 * Characters whose low byte is a prefix letter or a token character (`ť` is U+0165: its low byte
 * is `e`), next to the letters themselves, separators and escapes.
 */
const ALPHABET = 'eywAIJLko0Zz_-.. "%\\u2\u0165\u0179\u0177\u014a\u0149\u0141\u016b\u0130\u{1f642}é漢';

function randomText(next: () => number, length: number, extra: readonly string[] = []): string {
  const letters = Array.from(ALPHABET);
  let out = '';
  while (out.length < length) {
    if (extra.length > 0 && next() < 0.02) out += extra[Math.floor(next() * extra.length)] ?? '';
    else out += letters[Math.floor(next() * letters.length)] ?? '';
  }
  return out;
}

let tokens: string[] = [];

before(async () => {
  const key = await createSigningKey();
  const pretty = `${base64url.encode('{\n  "alg": "RS256"\n}')}.${b64json({ sub: 'pretty' })}.c2lnbmF0dXJl`;
  tokens = [
    await signToken(key, idTokenClaims()),
    await signToken(key, accessTokenClaims()),
    await refreshTokenJwe(),
    unsecuredToken({ sub: 'x' }),
    pretty,
    `${base64url.encode('{\t"alg":"HS256"}')}.${b64json({ sub: 't' })}.c2ln`,
    `${base64url.encode('{\r\n"alg":"HS256"}')}.${b64json({ sub: 'r' })}.c2ln`,
    `${base64url.encode('{ "alg":"HS256"}')}.${b64json({ sub: 's' })}.c2ln`,
  ];
});

function assertSameScan(text: string, maxTokens?: number): FoundToken[] {
  const options = maxTokens === undefined ? undefined : { maxTokens };
  const simd = scanTokens(text, options);
  assert.deepEqual(simd, scanTokensWithoutSimd(text, options));
  return simd.tokens;
}

void describe('CandidateFinder', () => {
  void it('runs here (WebAssembly SIMD): the tests below test the stage, not the fallback', () => {
    assert.equal(CandidateFinder.available, true);
  });

  void it('reports every prefix position, and only positions whose low bytes spell one', () => {
    const next = rng(0x51d);
    for (let i = 0; i < 300; i++) {
      const text = randomText(next, Math.floor(next() * 400));
      const positions = reported(text);
      assert.deepEqual(positions.filter((at) => PREFIX_AT_START.test(text.slice(at, at + 3))), prefixPositions(text));
      const lowBytes = Buffer.from(text, 'latin1').toString('latin1');
      assert.deepEqual(positions, prefixPositions(lowBytes), 'exactly the prefixes of the low bytes');
    }
  });

  void it('sees prefixes at every offset around its chunk boundaries', () => {
    for (const prefix of ['eyJ', 'eyA', 'ewk', 'ewo', 'ew0', 'eyI', 'eyL']) {
      for (const boundary of [CHUNK, 2 * CHUNK, 3 * CHUNK]) {
        for (let at = boundary - 20; at <= boundary + 4; at++) {
          const text = `${' '.repeat(at)}${prefix}${' '.repeat(3 * CHUNK + 40 - at)}`;
          assert.deepEqual(reported(text), [at], `${prefix} at ${at}`);
        }
      }
      // At the very end of the text, and alone.
      assert.deepEqual(reported(`${' '.repeat(CHUNK - 1)}${prefix}`), [CHUNK - 1]);
      assert.deepEqual(reported(prefix), [0]);
      assert.deepEqual(reported(prefix.slice(0, 2)), []);
    }
  });

  void it('answers a position past chunks it skipped, and a text of nothing', () => {
    const text = `eyJ${' '.repeat(5 * CHUNK)}eyJ ew0`;
    const finder = new CandidateFinder(text);
    assert.equal(finder.next(0), 0);
    assert.equal(finder.next(4 * CHUNK + 7), 5 * CHUNK + 3);
    assert.equal(finder.next(5 * CHUNK + 4), 5 * CHUNK + 7);
    assert.equal(finder.next(5 * CHUNK + 8), -1);
    assert.equal(new CandidateFinder('').next(0), -1);
  });

  void it('keeps its chunk when another finder used the shared memory in between', () => {
    const a = `${' '.repeat(100)}eyJ${' '.repeat(100)}ewo`;
    const b = 'ew0 '.repeat(50);
    const first = new CandidateFinder(a);
    assert.equal(first.next(0), 100);
    assert.deepEqual(reported(b).slice(0, 3), [0, 4, 8]);
    assert.equal(first.next(101), 203);
  });
});

void describe('findTokens with the SIMD stage finds what the indexOf scan finds', () => {
  void it('random text with tokens, Latin-1 look-alikes and characters above U+00FF', () => {
    const next = rng(0xbeef);
    for (let i = 0; i < 400; i++) {
      const text = randomText(next, Math.floor(next() * 3000), tokens.map((t) => ` ${t} `));
      assertSameScan(text);
      assertSameScan(text, Math.floor(next() * 3));
    }
  });

  void it('every token kind at every offset around a chunk boundary, in one-byte and two-byte text', () => {
    for (const token of tokens) {
      for (const filler of [' ', '\u{1f642}']) {
        for (let at = CHUNK - token.length - 4; at <= CHUNK + 2; at += token.length > 100 ? 97 : 1) {
          const head = filler.repeat(Math.ceil(at / filler.length)).slice(0, at);
          const text = `${head}"${token}" ${filler.repeat(200)} ${token}`;
          const found = assertSameScan(text);
          assert.deepEqual(
            found.map((t) => t.start),
            [at + 1, text.length - token.length],
            `${token.slice(0, 12)} at ${at}`,
          );
        }
        // Starting at each of the last positions of a chunk.
        for (let at = CHUNK - 4; at <= CHUNK + 1; at++) {
          const text = `${' '.repeat(at)}${token}\n`;
          assert.deepEqual(assertSameScan(text).map((t) => t.start), [at], `${token.slice(0, 12)} at ${at}`);
        }
      }
    }
  });

  void it('a token across a chunk boundary, and a run that ends chunks later', () => {
    const long = `${b64json({ alg: 'HS256' })}.${b64json({ sub: 'x', pad: 'p'.repeat(CHUNK / 2 + 1000) })}.c2ln`;
    assert.ok(long.length > CHUNK / 2);
    const text = `${' '.repeat(CHUNK - 100)}${long} ${tokens[0] ?? ''} ${'eyJ'.repeat(CHUNK)} ${tokens[1] ?? ''}`;
    const found = assertSameScan(text);
    assert.deepEqual(
      found.map((t) => t.raw),
      [long, tokens[0], tokens[1]],
    );
  });

  void it('a prefix spelled by the low bytes of characters above U+00FF is no token', () => {
    // U+0165 is `ť`, whose low byte is `e`: the stage reports it, the scan rejects it.
    const token = tokens[0] ?? '';
    const forged = `\u0165${token.slice(1)}`;
    const text = `a ${forged} b`;
    assert.ok(reported(text).includes(2));
    assert.deepEqual(assertSameScan(text), []);
    // With the real token next to it, offsets are those of the two-byte text.
    const both = `\u{1f642} ${forged} ${token}`;
    assert.deepEqual(assertSameScan(both).map((t) => t.start), [both.length - token.length]);
  });
});

void describe('findTokens without WebAssembly', () => {
  void it('in a node without WebAssembly (--jitless), the stage is unavailable and the scan finds the same tokens', () => {
    const text = `log ${tokens.map((t, i) => (i % 2 === 0 ? `"${t}"` : `Bearer ${t}`)).join('\n')} end`;
    const scan = join(__dirname, '..', '..', '..', 'src', 'core', 'token', 'scan.ts');
    const candidates = join(__dirname, '..', '..', '..', 'src', 'core', 'token', 'candidates.ts');
    const script = [
      `const { CandidateFinder } = require(${JSON.stringify(candidates)});`,
      `const { findTokens } = require(${JSON.stringify(scan)});`,
      `const text = require('node:fs').readFileSync(0, 'utf8');`,
      `process.stdout.write(JSON.stringify({ wasm: typeof WebAssembly, available: CandidateFinder.available, found: findTokens(text) }));`,
    ].join('\n');
    const child = spawnSync(process.execPath, ['--jitless', '--no-warnings', '--import', 'tsx', '-e', script], { input: text, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const out = JSON.parse(child.stdout) as { wasm: string; available: boolean; found: FoundToken[] };
    assert.equal(out.wasm, 'undefined');
    assert.equal(out.available, false);
    assert.equal(out.found.length, tokens.length);
    assert.deepEqual(out.found, findTokens(text));
  });
});
