import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHistory, parseSession, serializeHistory, serializeSession, SESSION_FORMAT, SESSION_SCHEMA_VERSION } from '../../../src/core/sessions';
import { REFRESH_TOKEN, sampleRecord } from './fixtures';

function stored(mutate: (value: Record<string, unknown>) => void): string {
  const value = JSON.parse(serializeSession(sampleRecord())) as Record<string, unknown>;
  mutate(value);
  return JSON.stringify(value);
}

describe('serializeSession / parseSession', () => {
  it('round-trips a full record', () => {
    const record = sampleRecord('s1', {
      history: [
        {
          at: '2025-05-01T10:01:00.000Z',
          operation: 'GetTokensFromRefreshToken',
          outcome: 'error',
          rotated: false,
          oldFingerprint: 'abcd1234',
          errorName: 'NotAuthorizedException',
          errorMessage: 'Invalid Refresh Token.',
          httpStatus: 400,
          latencyMs: 12,
          notes: ['response-lost', 'retry-within-grace'],
        },
      ],
      lastError: { name: 'NotAuthorizedException', message: 'Invalid Refresh Token.', at: '2025-05-01T10:01:00.000Z', operation: 'InitiateAuth' },
    });
    const text = serializeSession(record, 7);
    const value = JSON.parse(text) as { format: string; version: number; rev: number; history?: unknown };
    assert.equal(value.format, SESSION_FORMAT);
    assert.equal(value.version, SESSION_SCHEMA_VERSION);
    assert.equal(value.rev, 7);
    assert.equal(value.history, undefined, 'version 2 keeps history in a value of its own');
    assert.deepEqual(parseSession(text), { ok: true, record: { ...record, history: [], rev: 7 } });
    assert.deepEqual(parseHistory(serializeHistory(record.history)), { ok: true, events: record.history });
  });

  it('reads a version 1 value, history included (migration)', () => {
    const record = sampleRecord('s1', { history: [{ at: '2025-05-01T10:01:00.000Z', operation: 'InitiateAuth', outcome: 'success', rotated: false, oldFingerprint: 'abcd1234', latencyMs: 3 }] });
    const v1 = JSON.stringify({ format: SESSION_FORMAT, version: 1, session: record.session, secrets: record.secrets, history: record.history });
    assert.deepEqual(parseSession(v1), { ok: true, record: { ...record, rev: 0, legacyHistory: true } });
  });

  it('reports invalid JSON without quoting the input', () => {
    const text = `{"secrets":{"refreshToken":"${REFRESH_TOKEN}"`;
    const result = parseSession(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.code, 'invalid-json');
    assert.ok(!result.error.message.includes('fake-refresh-token'));
  });

  it('refuses values that are not sessions', () => {
    for (const text of ['null', '[]', '42', '{"format":"something-else","version":1}']) {
      const result = parseSession(text);
      assert.equal(result.ok ? 'ok' : result.error.code, 'not-a-session', text);
    }
  });

  it('reports a newer schema version with the version found', () => {
    const result = parseSession(stored((v) => (v['version'] = SESSION_SCHEMA_VERSION + 1)));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.code, 'unsupported-version');
    assert.equal(result.error.version, SESSION_SCHEMA_VERSION + 1);
    assert.match(result.error.message, /newer version/);
  });

  it('names the invalid field and never its value', () => {
    const cases: Array<[(v: Record<string, unknown>) => void, string]> = [
      [(v) => delete (v['secrets'] as Record<string, unknown>)['refreshToken'], 'secrets.refreshToken'],
      [(v) => ((v['session'] as Record<string, unknown>)['refreshMethod'] = 'OAuth'), 'session.refreshMethod'],
      [(v) => ((v['session'] as Record<string, unknown>)['rotationHint'] = { enabled: true, graceSeconds: 61 }), 'session.rotationHint.graceSeconds'],
      [(v) => ((v['session'] as Record<string, unknown>)['createdAt'] = 'yesterday'), 'session.createdAt'],
      [(v) => ((v['version'] = 1), (v['history'] = {})), 'history'],
      [(v) => ((v['version'] = 1), (v['history'] = [{ at: '2025-05-01T10:00:00Z', operation: 'InitiateAuth', outcome: 'success', rotated: false, oldFingerprint: 'x', latencyMs: 1, notes: ['bogus'] }])), 'history[0].notes[0]'],
      [(v) => (v['rev'] = -1), 'rev'],
      [(v) => ((v['secrets'] as Record<string, unknown>)['idToken'] = 42), 'secrets.idToken'],
    ];
    for (const [mutate, path] of cases) {
      const result = parseSession(stored(mutate));
      assert.equal(result.ok, false, path);
      if (result.ok) continue;
      assert.equal(result.error.code, 'invalid-field', path);
      assert.equal(result.error.path, path);
      assert.ok(!result.error.message.includes(REFRESH_TOKEN));
    }
  });

  it('detects an entry stored under another id', () => {
    const result = parseSession(serializeSession(sampleRecord('a')), { expectedId: 'b' });
    assert.equal(result.ok ? 'ok' : result.error.code, 'id-mismatch');
  });
});
