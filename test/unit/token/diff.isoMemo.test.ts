// isoSeconds keeps the instants it formatted last (a refresh formats auth_time and the previous
// exp/iat several times): the same instant is formatted once while it is among the last few,
// the text is always what Date gives, and the memo is bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoSeconds } from '../../../src/core/token/diff';

/** How many times `run` formatted a Date as ISO. */
function formats(run: () => void): number {
  const original = Date.prototype.toISOString;
  let count = 0;
  Date.prototype.toISOString = function (this: Date) {
    count++;
    return original.call(this);
  };
  try {
    run();
  } finally {
    Date.prototype.toISOString = original;
  }
  return count;
}

const viaDate = (s: number) => new Date(Math.floor(s) * 1000).toISOString().replace('.000Z', 'Z');

describe('isoSeconds memo', () => {
  it('formats as Date does, fractions dropped', () => {
    for (const s of [0, 1.999, -1.5, 951782400, 4102444799.5, 1764660997, 253402300799]) assert.equal(isoSeconds(s), viaDate(s), String(s));
  });

  it('formats one instant once while it is among the last ones formatted', () => {
    const s = 1_700_000_000 + Math.floor(Math.random() * 1e6);
    assert.equal(formats(() => {
      for (let i = 0; i < 5; i++) assert.equal(isoSeconds(s + 0.25 * (i % 4)), viaDate(s));
    }), 1 + 5 /* viaDate's own */);
  });

  it('is bounded: an instant followed by many others is formatted again', () => {
    const s = 1_600_000_000 + Math.floor(Math.random() * 1e6);
    isoSeconds(s);
    for (let i = 1; i <= 5000; i++) isoSeconds(s + i);
    assert.equal(formats(() => assert.equal(isoSeconds(s), viaDate(s))), 2);
  });
});
