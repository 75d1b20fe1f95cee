// Fuzz of the session deserializer (issue 8, "Fuzz": the session deserializer), the history
// parser and the history append: what SecretStorage hands back may be anything another version,
// another window or a corrupted profile wrote. Properties: never throws; a refusal never quotes
// the stored secrets in its message; a record survives serialize -> parse unchanged; an append to
// any stored text yields a history that parses, within its limit, ending with the new events.
// A short seeded run by default; CTD_LONG=1 runs 100,000 cases per property. CTD_SEED replays.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { HistoryEvent } from '../../../src/core/sessions';
import { appendHistory, parseHistory, parseSession, serializeSession } from '../../../src/core/sessions/serialize';
import { REFRESH_TOKEN, sampleRecord } from './fixtures';

const LONG = process.env.CTD_LONG === '1';
const RUNS = LONG ? 100_000 : 1_000;
const SEED = Number(process.env.CTD_SEED ?? 20261202);
let cases = 0;
after(() => console.log(`sessions fuzz: ${cases} cases (seed ${SEED})`));

const SECRET = 'super-secret-value-123456';
const base = JSON.parse(serializeSession({ ...sampleRecord('s1'), rev: 3 })) as Record<string, unknown>;

/** Every path of a JSON value, to replace one of them. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...prefix, k]))];
}
const PATHS = paths(base).filter((p) => p.length > 0);

function replaced(path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', '[]', 'null', '{"format":"cognito-token-debugger/session"}', `"${REFRESH_TOKEN}"`, '{"__proto__":{"x":1}}'),
  fc.nat({ max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.nat({ max: 100_000 }).map((n) => `{"a":"${'x'.repeat(n)}"}`),
);

function refusalIsClean(result: ReturnType<typeof parseSession>): void {
  if (result.ok) return;
  assert.equal(typeof result.error.message, 'string');
  assert.ok(!result.error.message.includes(REFRESH_TOKEN) && !result.error.message.includes(SECRET), result.error.message);
}

describe('session deserializer fuzz', () => {
  it(`parseSession: any text, never a throw, never a secret in its refusal (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        cases++;
        refusalIsClean(parseSession(text, { expectedId: 's1' }));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`parseSession: a stored record with one field replaced by any JSON value (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), jsonValue, (path, value) => {
        cases++;
        const result = parseSession(JSON.stringify(replaced(path, value)), { expectedId: 's1' });
        refusalIsClean(result);
        if (result.ok) assert.equal(result.record.session.id.length > 0, true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`serialize -> parse keeps a record (labels and client metadata of any text; ${RUNS} cases)`, () => {
    let kept = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 16 }), fc.string({ maxLength: 32 }), { maxKeys: 4 }), fc.nat({ max: 1_000_000 }), (label, clientMetadata, rev) => {
        cases++;
        const record = sampleRecord('s1', {});
        const withFields = { ...record, session: { ...record.session, label, clientMetadata } };
        const result = parseSession(serializeSession({ ...withFields, rev }), { expectedId: 's1' });
        if (!result.ok) return; // a value the model refuses (checked above not to throw)
        assert.equal(result.record.session.label, label);
        assert.deepEqual({ ...result.record.session.clientMetadata }, { ...clientMetadata });
        assert.equal(result.record.rev, rev);
        assert.equal(result.record.secrets.refreshToken, REFRESH_TOKEN);
        kept++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Most generated records are valid ones: the round trip was checked, not skipped.
    assert.ok(kept > RUNS / 2, `only ${kept} of ${RUNS} records round-tripped`);
  });

  it(`appendHistory on any stored text: a parseable history within its limit, ending with the new events (${RUNS} cases)`, () => {
    const event = (i: number): HistoryEvent => ({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(), operation: 'GetTokensFromRefreshToken', outcome: 'success', rotated: false, oldFingerprint: String(i).padStart(8, '0'), latencyMs: i });
    fc.assert(
      fc.property(fc.option(hostileText, { nil: undefined }), fc.nat({ max: 5 }), fc.nat({ max: 60 }), (text, count, limit) => {
        cases++;
        const events = Array.from({ length: count }, (_, i) => event(i));
        const out = appendHistory(text, events, limit);
        const parsed = parseHistory(out);
        assert.ok(parsed.ok, out.slice(0, 200));
        assert.ok(parsed.events.length <= limit);
        const tail = events.slice(Math.max(0, events.length - limit));
        assert.deepEqual(parsed.events.slice(parsed.events.length - tail.length).map((e) => e.oldFingerprint), tail.map((e) => e.oldFingerprint));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
