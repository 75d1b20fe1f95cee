// appendHistory appends to the stored history value as a string (no parse of what is kept) and
// cuts the oldest events beyond the limit by scanning just past them. Property: any sequence of
// appends gives exactly what parsing, appending and trimming gives; older shapes still append.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { appendBounded, HISTORY_FORMAT, parseHistory, serializeHistory, type HistoryEvent } from '../../../src/core/sessions';
import { appendHistory } from '../../../src/core/sessions/serialize';

const hostile = fc.array(fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', 'a', 'é', '\u2028', ' ', ':'), { maxLength: 12 }).map((xs) => xs.join(''));

const eventArb: fc.Arbitrary<HistoryEvent> = fc.record({
  at: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }).map((t) => new Date(t).toISOString()),
  operation: fc.constantFrom('GetTokensFromRefreshToken', 'InitiateAuth', 'TokenEndpoint', 'RevokeToken'),
  outcome: fc.constantFrom('success', 'error'),
  rotated: fc.boolean(),
  oldFingerprint: fc.integer({ min: 0, max: 0xffffffff }).map((x) => x.toString(16).padStart(8, '0')),
  latencyMs: fc.nat(5000),
  errorMessage: hostile.filter((x) => x.length > 0),
  changes: fc.record({ id: fc.record({ changes: fc.array(fc.record({ claim: hostile.filter((x) => x.length > 0), kind: fc.constantFrom('added', 'removed', 'changed', 'kept'), after: hostile }), { maxLength: 3 }) }) }),
}) as fc.Arbitrary<HistoryEvent>;

function events(text: string): HistoryEvent[] {
  const parsed = parseHistory(text);
  assert.ok(parsed.ok, text);
  return parsed.events;
}

describe('appendHistory', () => {
  it('equals parse + append + trim for any sequence of appends and limits (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(eventArb, { maxLength: 4 }), { maxLength: 12 }), fc.integer({ min: 0, max: 8 }), (batches, limit) => {
        let text: string | undefined;
        let model: HistoryEvent[] = [];
        for (const batch of batches) {
          text = appendHistory(text, batch, limit);
          model = appendBounded(model, batch, limit);
          assert.deepEqual(events(text), JSON.parse(JSON.stringify(model)));
        }
      }),
      { numRuns: Number(process.env.CTD_LONG ? 20_000 : 500) },
    );
  });

  it('appends to a value written before the count existed, and to a broken or foreign one by starting anew', () => {
    const e = (i: number): HistoryEvent => ({ at: new Date(1_800_000_000_000 + i).toISOString(), operation: 'InitiateAuth', outcome: 'success', rotated: false, oldFingerprint: `0000000${i}`, latencyMs: i });
    const old = JSON.stringify({ format: HISTORY_FORMAT, version: 1, events: [e(1), e(2)] });
    assert.deepEqual(events(appendHistory(old, [e(3)], 2)).map((x) => x.latencyMs), [2, 3]);
    assert.deepEqual(events(appendHistory('{"not":"a history"}', [e(4)], 5)).map((x) => x.latencyMs), [4]);
    assert.deepEqual(events(appendHistory('garbage', [e(5)], 5)).map((x) => x.latencyMs), [5]);
    // A value in the new shape whose body does not scan (corrupted): parsed, and started anew when that fails.
    const broken = serializeHistory([e(1), e(2)]).replace('{"at"', '"at"');
    assert.deepEqual(events(appendHistory(broken, [e(6)], 1)).map((x) => x.latencyMs), [6]);
  });

  it('the cost of an append does not grow with the kept history (the kept part is never parsed)', () => {
    // Not timed: a kept body that is not valid JSON at all is carried over untouched, which a
    // parse of it could not do. (The scan reads only the events it drops.)
    const value = `{"format":${JSON.stringify(HISTORY_FORMAT)},"version":1,"n":3,"events":[{"a":1},{"b":"}"},NOT JSON]}`;
    const next = appendHistory(value, [{ at: '2026-01-01T00:00:00.000Z', operation: 'InitiateAuth', outcome: 'success', rotated: false, oldFingerprint: 'ffffffff', latencyMs: 1 }], 3);
    assert.ok(next.includes('{"b":"}"},NOT JSON,{"at"'), next);
    assert.ok(next.includes('"n":3,'));
  });
});
