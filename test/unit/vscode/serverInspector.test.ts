// The inspector's part of the server view (src/vscode/inspector/viewModel.ts): a refresh's
// stored claim changes in the history timeline, and a token too large for common request
// headers said in its tab's notes (with its size and the claim taking most room).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from '../../../src/core/sessions/index';
import { claimChanges, historyView, tokenView, type ViewContext } from '../../../src/vscode/inspector/viewModel';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(claims)}.c2ln`;
const ctx: ViewContext = { now: Date.now(), clockSkewSeconds: 60, verifications: new Map(), revealed: new Set(), busy: { refresh: false, verify: false } };

test('a refresh with stored claim changes shows them in its timeline entry, kept claims left out', () => {
  const event = {
    at: '2026-12-01T12:00:00.000Z',
    operation: 'GetTokensFromRefreshToken',
    outcome: 'success',
    rotated: true,
    oldFingerprint: 'aaaa',
    newFingerprint: 'bbbb',
    latencyMs: 12,
    changes: {
      id: { changes: [{ claim: 'auth_time', kind: 'kept', after: '2026-12-01T11:00:00Z' }, { claim: 'cognito:groups', kind: 'changed', after: '+beta' }] },
      access: { changes: [{ claim: 'scope', kind: 'changed', after: '+openid' }, { claim: 'custom:x', kind: 'removed', before: '1' }] },
    },
  } as unknown as HistoryEvent;
  const [entry] = historyView([event]);
  const id = entry!.notes.find((n) => n.code === 'claims-id');
  const access = entry!.notes.find((n) => n.code === 'claims-access');
  assert.equal(id?.text, 'ID token claims: cognito:groups +beta');
  assert.equal(access?.text, 'Access token claims: scope +openid, -custom:x');
  // Without changes (an old record, a failed attempt) nothing is added.
  const [plain] = historyView([{ ...event, changes: undefined } as HistoryEvent]);
  assert.deepEqual(plain!.notes, []);
});

test('stored diffs are read defensively: a plain list, a TokenDiff, or garbage', () => {
  assert.deepEqual(claimChanges([{ claim: 'a', kind: 'added', after: '1' }]), [{ claim: 'a', kind: 'added', after: '1' }]);
  assert.deepEqual(claimChanges({ changes: [{ claim: 'a', kind: 'kept' }, { claim: 'b', kind: 'removed' }] }).map((c) => c.claim), ['b']);
  assert.deepEqual(claimChanges({ changes: 'x' }), []);
  assert.deepEqual(claimChanges([null, 3, { claim: 1, kind: 'added' }]), []);
  assert.deepEqual(claimChanges(undefined), []);
});

test('a token past 8 KB says so in its notes; a small one does not', () => {
  const small = tokenView('id', jwt({ sub: 'u', token_use: 'id' }), ctx);
  assert.ok(!small.notes.some((n) => n.includes('request headers')));
  const big = tokenView('id', jwt({ sub: 'u', token_use: 'id', 'cognito:groups': Array.from({ length: 400 }, (_, i) => `group-number-${i}`) }), ctx);
  const note = big.notes.find((n) => n.startsWith('Too large for some request headers'));
  assert.ok(note, JSON.stringify(big.notes));
  assert.match(note, /[\d,]+ bytes; over .*8 KB per header.* by [\d,]+ bytes; cognito:groups takes [\d,]+ bytes \(\d+%\)\.$/);
});
