// The loose JSON reader's double-quoted strings: strict JSON ones are decoded natively (a fast
// path, src/core/import/looseJson.ts), the rest by the reader's own escapes. Both must read
// every string the same way the reader always has.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLoose } from '../../../src/core/import/looseJson';
import { jsonParses } from '../../fixtures/countParses';

const LONG = process.env.CTD_LONG === '1';

void describe('parseLoose, double-quoted strings', () => {
  void it(`any JSON string reads as JSON.parse reads it (${LONG ? 100_000 : 2_000} cases)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const json = JSON.stringify(s);
        const r = parseLoose(json);
        assert.ok(r.ok);
        assert.equal(r.value, s);
        const inObject = parseLoose(`{"k": ${json}, 'j': 'x'}`);
        assert.ok(inObject.ok);
        assert.deepEqual({ ...(inObject.value as object) }, { k: s, j: 'x' });
      }),
      { numRuns: LONG ? 100_000 : 2_000, seed: 20261202 },
    );
  });

  void it('what JSON refuses is still read loosely: a raw tab, \\x and \\v escapes, a line continuation', () => {
    assert.deepEqual(parseLoose('"a\tb"'), { ok: true, value: 'a\tb', end: 5 });
    assert.equal((parseLoose('"\\x41\\v"') as { value: unknown }).value, 'A\v');
    assert.equal((parseLoose('"a\\\nb"') as { value: unknown }).value, 'ab');
    assert.equal(parseLoose('"a\nb"').ok, false, 'a raw line break ends nothing');
    assert.equal(parseLoose('"abc').ok, false, 'unterminated');
  });

  void it('a million escapes: one native decode (no rope of a piece per escape)', async () => {
    const text = `"${'\\\\'.repeat(500_000)}"`;
    let r: ReturnType<typeof parseLoose> | undefined;
    const parses = await jsonParses(() => true, () => (r = parseLoose(text)));
    assert.ok(r?.ok && typeof r.value === 'string' && r.value.length === 500_000);
    assert.equal(parses, 1);
  });
});
