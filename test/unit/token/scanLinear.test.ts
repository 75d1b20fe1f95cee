/**
 * The scanner is linear, measured in work rather than time (timings belong to `npm run bench`):
 * on adversarial inputs of 10k, 100k and 1M characters, every character lies in at most one run
 * the run matcher reads, the run matcher is called at most once per 14 characters, the SIMD stage
 * (candidates.ts) copies and tests each character once, and the native searches (`indexOf`: the
 * dots of each run, and without the SIMD stage the letters of the two passes) read each character
 * a bounded number of times. A quadratic scanner (a dot search that re-reads the rest of the text
 * for each candidate, a run read again from inside itself, a chunk tested again for each
 * candidate) fails these counts at 10k characters already (seen: match.ts with its dot-search
 * memo turned off; candidates.ts filling a chunk from each position asked for).
 */
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64url } from 'jose';
import { findTokenAt, findTokens, MAX_TOKEN_LENGTH } from '../../../src/core/token';
import { CandidateFinder } from '../../../src/core/token/candidates';
import { RunMatcher } from '../../../src/core/token/match';
import { scanTokensWithoutSimd } from '../../../src/core/token/scan';
import { b64json, createSigningKey, idTokenClaims, signToken } from '../../fixtures/tokens/factory';

interface Work {
  /** Calls of RunMatcher.match. */
  runs: number;
  /** Characters of the runs it read (runEnd - start, summed). */
  runChars: number;
  /** Characters String.prototype.indexOf read (from `position` to the hit, or to the end). */
  searched: number;
  /** Characters the SIMD stage copied and tested (CandidateFinder.fill, summed). */
  tested: number;
}

const work: Work = { runs: 0, runChars: 0, searched: 0, tested: 0 };
const realMatch = RunMatcher.prototype.match;
const realIndexOf = String.prototype.indexOf;
const realFill = CandidateFinder.prototype.fill;

function count(): void {
  work.runs = 0;
  work.runChars = 0;
  work.searched = 0;
  work.tested = 0;
  RunMatcher.prototype.match = function (this: RunMatcher, text: string, start: number, limit: number) {
    const found = realMatch.call(this, text, start, limit);
    work.runs++;
    work.runChars += this.runEnd - start;
    return found;
  };
  String.prototype.indexOf = function (this: string, search: string, position?: number) {
    const at = realIndexOf.call(this, search, position);
    const from = Math.max(0, Math.min(this.length, Math.floor(position ?? 0)));
    work.searched += (at === -1 ? this.length : at + search.length) - from;
    return at;
  };
  CandidateFinder.prototype.fill = function (this: CandidateFinder, from: number) {
    realFill.call(this, from);
    work.tested += this.chunkEnd - this.chunkStart;
  };
}

function restore(): void {
  RunMatcher.prototype.match = realMatch;
  String.prototype.indexOf = realIndexOf;
  CandidateFinder.prototype.fill = realFill;
}

let validToken = '';
before(async () => {
  validToken = await signToken(await createSigningKey(), idTokenClaims());
});

/** Units repeated to the wanted length; each is hostile to one shortcut a scanner could take. */
function adversarial(): Array<[string, string]> {
  const header = b64json({ alg: 'RS256', kid: 'k' });
  return [
    ['documentation words, no dot anywhere', 'eyJhbGciOiJSUzI1NiJ9 '],
    ['documentation words with trailing dots', 'eyJhbGciOiJSUzI1NiJ9... '],
    ['one run of prefixes without separators', 'eyJ'],
    ['prefixes glued by dots', '.eyJhbGciOiJSUzI1NiJ9'],
    ['a header followed by many dots', ` ${header}.${'a.'.repeat(40)}`],
    ['URL-escaped boundaries', '%22eyJhbGciOiJSUzI1NiJ9.'],
    ['JSON-escaped boundaries', '\\u0022eyJhbGciOiJSUzI1NiJ9.e30.'],
    ['pretty-printed (ew…) headers cut short', `${base64url.encode('{\n  "alg": "RS256"\n}')} ewok `],
    ['header look-alikes that decode', ` ${b64json({ typ: 'JWT' })}.${b64json({ sub: 'x' })}.c2ln`],
    ['the fuzz alphabet', 'eyJw.eJyw.yeJw..eyJwe.'],
    ['real tokens, one after another', ` ${validToken}`],
  ];
}

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

void describe('findTokens does linear work on adversarial input', () => {
  beforeEach(count);
  afterEach(restore);

  for (const size of [10_000, 100_000, 1_000_000]) {
    void it(`${size.toLocaleString('en-US')} characters`, () => {
      assert.equal(CandidateFinder.available, true, 'the SIMD stage runs here');
      for (const [name, unit] of adversarial()) {
        const text = repeatTo(unit, size);
        count();
        const found = findTokens(text, { maxTokens: Number.POSITIVE_INFINITY });
        const seen = { ...work };
        restore();
        assert.ok(found.every((t) => text.slice(t.start, t.end) === t.raw), name);
        assert.ok(seen.runChars <= text.length, `${name}: runs read ${seen.runChars} characters of ${text.length}`);
        assert.ok(seen.runs * 14 <= text.length + 14, `${name}: ${seen.runs} run matches`);
        assert.ok(seen.tested <= text.length, `${name}: the SIMD stage tested ${seen.tested} characters of ${text.length}`);
        // The dot searches read the text once.
        assert.ok(seen.searched <= 2 * text.length + 64, `${name}: indexOf read ${seen.searched} characters of ${text.length}`);
      }
    });

    void it(`${size.toLocaleString('en-US')} characters, without the SIMD stage`, () => {
      for (const [name, unit] of adversarial()) {
        const text = repeatTo(unit, size);
        count();
        const found = scanTokensWithoutSimd(text, { maxTokens: Number.POSITIVE_INFINITY }).tokens;
        const seen = { ...work };
        restore();
        assert.ok(found.every((t) => text.slice(t.start, t.end) === t.raw), name);
        assert.ok(seen.runChars <= text.length, `${name}: runs read ${seen.runChars} characters of ${text.length}`);
        assert.ok(seen.runs * 14 <= text.length + 14, `${name}: ${seen.runs} run matches`);
        assert.equal(seen.tested, 0, `${name}: no SIMD stage`);
        // The two letter passes read the text once each; the dot searches of each pass once more.
        assert.ok(seen.searched <= 4 * text.length + 64, `${name}: indexOf read ${seen.searched} characters of ${text.length}`);
      }
    });
  }
});

void describe('findTokenAt reads a bounded window whatever the text', () => {
  beforeEach(count);
  afterEach(restore);

  void it('at 1,000 offsets of a 1M-character adversarial text', () => {
    for (const [name, unit] of adversarial()) {
      const text = repeatTo(unit, 1_000_000);
      let worst = 0;
      for (let k = 0; k < 1000; k++) {
        const offset = Math.floor((k * text.length) / 1000);
        count();
        findTokenAt(text, offset);
        worst = Math.max(worst, work.searched, work.runChars);
        restore();
      }
      assert.ok(worst <= 2 * (MAX_TOKEN_LENGTH + 64), `${name}: one call read ${worst} characters`);
    }
  });
});
