// One rule for "were this session's tokens revoked?" (issue 7 item 10), shared by the
// inspector, the tree and the status bar: src/shared/revocation.ts.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { revocationOf, type RevocationHistoryEvent } from '../../../src/shared/revocation';

const refresh = (at: string, outcome: 'success' | 'error' = 'success'): RevocationHistoryEvent => ({ at, operation: 'GetTokensFromRefreshToken', outcome });
const revoke = (at: string, outcome: 'success' | 'error' = 'success'): RevocationHistoryEvent => ({ at, operation: 'RevokeToken', outcome });

test('a successful RevokeToken after the tokens were received revokes them', () => {
  const history = [refresh('2026-01-01T10:00:00.000Z'), revoke('2026-01-01T10:13:00.000Z')];
  const r = revocationOf(history, undefined, '2026-01-01T10:00:00.200Z');
  assert.ok(r);
  assert.equal(r.at, '2026-01-01T10:13:00.000Z');
  assert.equal(r.source, 'revoke');
  assert.match(r.text, /revoked/);
});

test('a failed RevokeToken, or one before the tokens were received, does not', () => {
  assert.equal(revocationOf([revoke('2026-01-01T10:13:00.000Z', 'error')], undefined, '2026-01-01T10:00:00.000Z'), undefined);
  // Signed in again after the revoke: the new tokens are not revoked.
  assert.equal(revocationOf([revoke('2026-01-01T10:13:00.000Z')], undefined, '2026-01-01T11:00:00.000Z'), undefined);
  assert.equal(revocationOf([], undefined, '2026-01-01T11:00:00.000Z'), undefined);
});

test('a refresh that succeeded after the revoke clears it (tokens received time unknown)', () => {
  assert.ok(revocationOf([revoke('2026-01-01T10:13:00.000Z')], undefined, undefined));
  assert.equal(revocationOf([revoke('2026-01-01T10:13:00.000Z'), refresh('2026-01-01T10:20:00.000Z')], undefined, undefined), undefined);
  // A failed refresh after the revoke changes nothing.
  assert.ok(revocationOf([revoke('2026-01-01T10:13:00.000Z'), refresh('2026-01-01T10:20:00.000Z', 'error')], undefined, undefined));
});

test('a last error that says the token was revoked counts, after the tokens were received', () => {
  const lastError = { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked', at: '2026-01-01T10:20:00.000Z' };
  const r = revocationOf([refresh('2026-01-01T10:20:00.000Z', 'error')], lastError, '2026-01-01T10:00:00.000Z');
  assert.equal(r?.source, 'reported');
  assert.equal(r?.at, lastError.at);
  assert.equal(revocationOf([], { ...lastError, message: 'Access Token has been revoked' }, undefined)?.source, 'reported');
  // Other NotAuthorized messages, other exceptions, and older errors do not.
  assert.equal(revocationOf([], { ...lastError, message: 'Refresh Token has expired' }, undefined), undefined);
  assert.equal(revocationOf([], { ...lastError, name: 'InvalidParameterException' }, undefined), undefined);
  assert.equal(revocationOf([], lastError, '2026-01-01T11:00:00.000Z'), undefined);
});

test('malformed times never throw and never revoke', () => {
  assert.equal(revocationOf([revoke('not a date')], { name: 'NotAuthorizedException', message: 'revoked', at: 'nope' }, 'also not'), undefined);
  // A message of a million characters is read in linear time (one word pattern).
  assert.equal(revocationOf([], { name: 'NotAuthorizedException', message: 'revoke'.repeat(200_000), at: '2026-01-01T10:00:00.000Z' }, undefined), undefined);
});

test('a GlobalSignOut this extension made revokes the tokens held then, with its own sentence; a later sign-in is not', () => {
  const signOut: RevocationHistoryEvent = { at: '2026-01-01T10:30:00.000Z', operation: 'GlobalSignOut', outcome: 'success' };
  const r = revocationOf([refresh('2026-01-01T10:00:00.000Z'), signOut], undefined, '2026-01-01T10:00:00.200Z');
  assert.ok(r);
  assert.equal(r.source, 'revoke');
  assert.match(r.text, /GlobalSignOut/);
  assert.equal(revocationOf([signOut], undefined, '2026-01-01T11:00:00.000Z'), undefined);
  assert.equal(revocationOf([{ ...signOut, outcome: 'error' }], undefined, '2026-01-01T10:00:00.000Z'), undefined);
});
