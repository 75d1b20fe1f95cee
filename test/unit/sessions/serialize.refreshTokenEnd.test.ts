// The refresh token's absolute end in a history event's changes, and the session's known refresh
// token validity (issue 11, item 3): optional fields added after version 2 shipped. They round-trip,
// they are validated, and values written before them still load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHistory, parseSession, serializeHistory, serializeSession, type HistoryEvent } from '../../../src/core/sessions';
import { sampleRecord } from './fixtures';

const refresh: HistoryEvent = {
  at: '2026-12-01T10:00:00.000Z',
  operation: 'GetTokensFromRefreshToken',
  outcome: 'success',
  rotated: true,
  oldFingerprint: 'abcd1234',
  newFingerprint: 'efgh5678',
  latencyMs: 12,
  changes: {
    id: { changes: [{ claim: 'auth_time', kind: 'kept', before: '2026-11-30T12:00:00Z', after: '2026-11-30T12:00:00Z' }] },
    refreshToken: { signInAt: '2026-11-30T12:00:00Z', validitySeconds: 2592000, validitySource: 'client-configuration', endsAt: '2026-12-30T12:00:00Z' },
  },
};

/** A history value exactly as the version before this field wrote it (changes with id and access only). */
const WRITTEN_BEFORE =
  '{"format":"cognito-token-debugger/history","version":1,"n":2,"events":[' +
  '{"at":"2026-12-01T09:00:00.000Z","operation":"InitiateAuth","outcome":"success","rotated":false,"oldFingerprint":"abcd1234","latencyMs":30,' +
  '"changes":{"id":{"changes":[{"claim":"auth_time","kind":"kept","before":"2026-11-30T12:00:00Z","after":"2026-11-30T12:00:00Z"},{"claim":"exp","kind":"changed","before":"2026-12-01T09:00:00Z","after":"2026-12-01T10:00:00Z (+60 min)"}]},' +
  '"access":{"changes":[],"omitted":0}}},' +
  '{"at":"2026-12-01T09:30:00.000Z","operation":"GetTokensFromRefreshToken","outcome":"error","rotated":false,"oldFingerprint":"abcd1234","errorName":"NotAuthorizedException","latencyMs":8}]}';

/** A session record as the version before refreshTokenValidity wrote it. */
const SESSION_WRITTEN_BEFORE =
  '{"format":"cognito-token-debugger/session","version":2,"rev":3,"session":{"id":"s-old","label":"Old","region":"us-east-1","userPoolId":"us-east-1_Demo123","clientId":"client123","refreshMethod":"auto","rotationHint":{"enabled":true,"graceSeconds":10},"createdAt":"2026-11-30T12:00:00.000Z","updatedAt":"2026-12-01T09:00:00.000Z"},' +
  '"secrets":{"refreshToken":"rt-made-up"}}';

describe('refresh token end in the history', () => {
  it('round-trips with the event', () => {
    assert.deepEqual(parseHistory(serializeHistory([refresh])), { ok: true, events: [refresh] });
  });

  it('the end with an unknown validity (sign-in only) round-trips', () => {
    const e: HistoryEvent = { ...refresh, changes: { refreshToken: { signInAt: '2026-11-30T12:00:00Z' } } };
    assert.deepEqual(parseHistory(serializeHistory([e])), { ok: true, events: [e] });
  });

  it('a history written before the field still loads, with no refresh token end', () => {
    const parsed = parseHistory(WRITTEN_BEFORE);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.events.length, 2);
    assert.equal(parsed.events[0]?.changes?.id?.changes.length, 2);
    assert.equal(parsed.events[0]?.changes?.refreshToken, undefined);
  });

  it('a malformed end is an invalid field, named without its value', () => {
    for (const bad of [
      { signInAt: 'not a date' },
      { signInAt: '2026-11-30T12:00:00Z', validitySeconds: -1 },
      { signInAt: '2026-11-30T12:00:00Z', validitySeconds: 2592000, validitySource: 'a token' },
      { signInAt: '2026-11-30T12:00:00Z', endsAt: 12 },
      'eyJhbGciOi',
    ]) {
      const text = serializeHistory([{ ...refresh, changes: { refreshToken: bad as never } }]);
      const parsed = parseHistory(text);
      assert.ok(!parsed.ok, JSON.stringify(bad));
      assert.equal(parsed.error.code, 'invalid-field');
      assert.match(parsed.error.path ?? '', /changes\.refreshToken/);
      assert.ok(!parsed.error.message.includes('eyJhbGciOi') && !parsed.error.message.includes('a token'), parsed.error.message);
    }
  });
});

describe("the session's refresh token validity", () => {
  it('round-trips', () => {
    const base = sampleRecord('s1');
    const record = { ...base, session: { ...base.session, refreshTokenValidity: { seconds: 2592000, source: 'sandbox' as const } } };
    assert.deepEqual(parseSession(serializeSession(record, 4)), { ok: true, record: { ...record, rev: 4 } });
  });

  it('a record written before the field still loads, without it', () => {
    const parsed = parseSession(SESSION_WRITTEN_BEFORE);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.record.session.refreshTokenValidity, undefined);
    assert.equal(parsed.record.rev, 3);
  });

  it('a malformed validity makes the record broken, naming the field', () => {
    for (const bad of [{ seconds: 0, source: 'sandbox' }, { seconds: 3600 }, { seconds: 3600, source: 'guess' }, 3600]) {
      const value = JSON.parse(SESSION_WRITTEN_BEFORE) as { session: Record<string, unknown> };
      value.session['refreshTokenValidity'] = bad;
      const parsed = parseSession(JSON.stringify(value));
      assert.ok(!parsed.ok, JSON.stringify(bad));
      assert.equal(parsed.error.code, 'invalid-field');
      assert.match(parsed.error.path ?? '', /session\.refreshTokenValidity/);
    }
  });
});
