// The inspector's server actions on the webview protocol (src/shared/protocol.ts): a session
// panel may ask the host to run one of four server-view commands, named by a fixed action;
// anything else (another action, a command id, an extra field) is refused.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage, SERVER_ACTIONS } from '../../../src/shared/protocol';

test('each server action is accepted as exactly that', () => {
  for (const action of SERVER_ACTIONS) {
    const r = parseWebviewMessage({ type: 'request', id: 7, command: 'server', action });
    assert.deepEqual(r, { ok: true, value: { type: 'request', id: 7, command: 'server', action } });
  }
  assert.deepEqual([...SERVER_ACTIONS], ['sessions', 'user', 'config', 'compare']);
});

test('anything else is refused: unknown or missing action, a command id, extra fields', () => {
  const bad = [
    { type: 'request', id: 1, command: 'server', action: 'globalSignOut' },
    { type: 'request', id: 1, command: 'server', action: 'cognitoTokenDebugger.globalSignOut' },
    { type: 'request', id: 1, command: 'server', action: 1 },
    { type: 'request', id: 1, command: 'server' },
    { type: 'request', id: 1, command: 'server', action: 'sessions', sessionId: 'other' },
    { type: 'request', id: 0, command: 'server', action: 'sessions' },
  ];
  const reasons = bad.map((m) => {
    const r = parseWebviewMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m));
    return r.ok ? '' : `${r.reason}:${r.field ?? ''}`;
  });
  assert.deepEqual(reasons, ['bad-field:action', 'bad-field:action', 'bad-field:action', 'missing-field:action', 'unexpected-field:sessionId', 'bad-field:id']);
});
