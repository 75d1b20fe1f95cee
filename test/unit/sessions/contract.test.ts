// The fields added for the token endpoint, device SRP and the claim diff: stored, validated, bounded;
// records written before them still load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHistory, parseSession, serializeHistory, serializeSession, SESSION_FORMAT, type HistoryEvent, type SessionRecord } from '../../../src/core/sessions';
import { sampleRecord } from './fixtures';

function withFields(session: Record<string, unknown>, secrets: Record<string, unknown> = {}): string {
  const base = sampleRecord();
  return serializeSession({ ...base, session: { ...base.session, ...session } as SessionRecord['session'], secrets: { ...base.secrets, ...secrets } as SessionRecord['secrets'] }, 3);
}

function invalidPath(text: string): string | undefined {
  const r = parseSession(text);
  return r.ok ? undefined : r.error.path;
}

const event: HistoryEvent = {
  at: '2025-05-01T10:01:00.000Z',
  operation: 'TokenEndpoint',
  outcome: 'success',
  rotated: true,
  oldFingerprint: 'aaaa1111',
  newFingerprint: 'bbbb2222',
  latencyMs: 5,
  changes: {
    id: {
      changes: [
        { claim: 'auth_time', kind: 'kept', before: '2025-05-01T10:00:00Z', after: '2025-05-01T10:00:00Z' },
        { claim: 'cognito:groups', kind: 'changed', after: '+b' },
        { claim: 'custom:tier', kind: 'added', after: 'gold' },
      ],
      omitted: 3,
    },
    access: { changes: [{ claim: 'scope', kind: 'removed', before: '' }] },
  },
};

describe('session contract: token endpoint, device SRP secrets, claim diff', () => {
  it('round-trips the new session and secret fields', () => {
    const text = withFields(
      { refreshMethod: 'TokenEndpoint', effectiveMethod: 'TokenEndpoint', oauthDomain: 'https://demo.auth.us-east-1.amazoncognito.com', oauthClientAuth: 'client_secret_post' },
      { deviceGroupKey: '-abcDEF123', devicePassword: 'device-password-value' },
    );
    const r = parseSession(text);
    assert.ok(r.ok);
    assert.equal(r.record.session.refreshMethod, 'TokenEndpoint');
    assert.equal(r.record.session.oauthDomain, 'https://demo.auth.us-east-1.amazoncognito.com');
    assert.equal(r.record.session.oauthClientAuth, 'client_secret_post');
    assert.equal(r.record.secrets.deviceGroupKey, '-abcDEF123');
    assert.equal(r.record.secrets.devicePassword, 'device-password-value');
    assert.equal(parseSession(withFields({ oauthDomain: 'http://127.0.0.1:9229' })).ok, true);
  });

  it('still loads records written before the new fields (version 1 and 2)', () => {
    const base = sampleRecord();
    const v2 = JSON.stringify({ format: SESSION_FORMAT, version: 2, rev: 4, session: base.session, secrets: base.secrets });
    const r2 = parseSession(v2);
    assert.ok(r2.ok);
    assert.equal(r2.record.session.oauthDomain, undefined);
    const v1 = JSON.stringify({ format: SESSION_FORMAT, version: 1, session: base.session, secrets: base.secrets, history: [{ ...event, changes: undefined, operation: 'InitiateAuth' }] });
    assert.equal(parseSession(v1).ok, true);
  });

  it('accepts only an http(s) origin as the OAuth domain', () => {
    for (const bad of [
      'https://demo.auth.us-east-1.amazoncognito.com/',
      'https://demo.auth.us-east-1.amazoncognito.com/oauth2',
      'https://demo.example?x=1',
      'https://user:pw@demo.example',
      'ftp://demo.example',
      'javascript:alert(1)',
      'demo.example',
      `https://${'a'.repeat(2100)}.example`,
    ]) {
      assert.equal(invalidPath(withFields({ oauthDomain: bad })), 'session.oauthDomain', bad);
    }
    assert.equal(invalidPath(withFields({ oauthClientAuth: 'private_key_jwt' })), 'session.oauthClientAuth');
    assert.equal(invalidPath(withFields({ refreshMethod: 'OAuth' })), 'session.refreshMethod');
  });

  it('bounds the device secrets', () => {
    assert.equal(invalidPath(withFields({}, { deviceGroupKey: 'x'.repeat(4097) })), 'secrets.deviceGroupKey');
    assert.equal(invalidPath(withFields({}, { devicePassword: '' })), 'secrets.devicePassword');
    assert.equal(parseSession(withFields({}, { devicePassword: 'x'.repeat(4096) })).ok, true);
  });

  it('round-trips a history event with its claim diff and bounds it', () => {
    assert.deepEqual(parseHistory(serializeHistory([event])), { ok: true, events: [event] });
    const bad = (changes: unknown): string | undefined => {
      const r = parseHistory(serializeHistory([{ ...event, changes } as unknown as HistoryEvent]));
      return r.ok ? undefined : r.error.path;
    };
    assert.equal(bad({ id: { changes: [{ claim: 'x', kind: 'renamed' }] } }), 'events[0].changes.id.changes[0].kind');
    assert.equal(bad({ id: { changes: [{ claim: 'x'.repeat(129), kind: 'added' }] } }), 'events[0].changes.id.changes[0].claim');
    assert.equal(bad({ access: { changes: [{ claim: 'x', kind: 'changed', after: 'v'.repeat(201) }] } }), 'events[0].changes.access.changes[0].after');
    assert.equal(bad({ id: { changes: Array.from({ length: 65 }, () => ({ claim: 'x', kind: 'added' })) } }), 'events[0].changes.id.changes');
    assert.equal(bad({ id: { changes: [], omitted: -1 } }), 'events[0].changes.id.omitted');
    assert.equal(bad({ id: [] }), 'events[0].changes.id');
    assert.equal(bad([]), 'events[0].changes');
  });
});
