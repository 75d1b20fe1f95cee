// serializeSession writes JSON.stringify's text of the versioned value, with the tokens quoted
// once: a refresh writes its (unchanged) refresh token on every refresh, and quoting a token
// again is the most expensive part of that write.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import type { SessionRecord } from '../../../src/core/sessions';
import { parseSession, serializeSession, SESSION_FORMAT } from '../../../src/core/sessions/serialize';
import { sampleRecord } from './fixtures';

/** What serializeSession documents: JSON.stringify of the version 2 value. */
const reference = (record: SessionRecord, rev: number) =>
  JSON.stringify({
    format: SESSION_FORMAT,
    version: 2,
    rev,
    session: record.session,
    secrets: record.secrets,
    ...(record.lastError ? { lastError: record.lastError } : {}),
  });

/** How many times `run` called JSON.stringify on `value` itself. */
function stringifiesOf(value: unknown, run: () => void): number {
  const original = JSON.stringify;
  let count = 0;
  JSON.stringify = ((v: unknown, ...rest: unknown[]) => {
    if (v === value) count++;
    return (original as (...a: unknown[]) => string)(v, ...rest);
  }) as typeof JSON.stringify;
  try {
    run();
  } finally {
    JSON.stringify = original;
  }
  return count;
}

const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), minLength: 250, maxLength: 600 }));
const secretValue = fc.oneof(anyString, fc.double(), fc.integer(), fc.constant(undefined), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));

describe('serializeSession', () => {
  it('is JSON.stringify of the version 2 value, whatever the secrets hold, quoted before or not', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.constantFrom('refreshToken', 'idToken', 'accessToken', '1', '__proto__', 'a"b'), fc.string()), secretValue).chain((d) => fc.constantFrom({ ...d }, d)),
        fc.option(fc.record({ name: anyString, message: anyString, at: fc.constant('2025-05-01T10:00:00.000Z'), operation: fc.constant('InitiateAuth' as const) })),
        fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.double()),
        (secrets, lastError, rev) => {
          const record = { ...sampleRecord('q'), secrets: secrets as unknown as SessionRecord['secrets'], ...(lastError ? { lastError } : {}) } as SessionRecord;
          assert.equal(serializeSession(record, rev), reference(record, rev));
          assert.equal(serializeSession(record, rev), reference(record, rev), 'again, from what was quoted');
        },
      ),
      { numRuns: 3000 },
    );
    const plain = sampleRecord('p');
    assert.equal(serializeSession(plain), reference(plain, 0));
    assert.equal(parseSession(serializeSession(plain, 4)).ok, true);
  });

  it('quotes a long token once while it is among the last ones quoted', () => {
    const token = `eyJ${'a'.repeat(1200)}.${Math.random()}`;
    const record = sampleRecord('t', { secrets: { refreshToken: token, idToken: 'a.b.c' } });
    assert.equal(stringifiesOf(token, () => {
      for (let i = 0; i < 4; i++) serializeSession(record, i);
    }), 1);
    // A short secret is not kept.
    assert.equal(stringifiesOf('a.b.c', () => {
      serializeSession(record, 1);
      serializeSession(record, 2);
    }), 2);
  });
});
