// The token-free session views behind the tree and the status bar: labels, states, the
// clock that re-renders them, and that no token survives into a view.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { sessionFromAuthenticationResult } from '../../../src/core/sessions/index';
import { expiryLabel, msUntilLabelChanges, shortCountdown, summarizeEntry, tokenState, viewOf, EXPIRING_SECONDS } from '../../../src/vscode/sessions/view';
import { renderVerifyReport } from '../../../src/vscode/sessions/verifyReport';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(claims)}.c2lnbmF0dXJlc2lnbmF0dXJl`;
const REFRESH = `${b64({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' })}.${'a'.repeat(300)}.${'b'.repeat(16)}.${'c'.repeat(500)}.${'d'.repeat(22)}`;

test('expiry labels read like the issue asks', () => {
  assert.equal(expiryLabel(NOW + 12 * 60_000 + 500, NOW), 'expires in 12 min');
  assert.equal(expiryLabel(NOW - 3 * 3600_000, NOW), 'expired 3 h ago');
  assert.equal(expiryLabel(NOW + 45_000, NOW), 'expires in 45 s');
  assert.equal(shortCountdown(NOW + 12 * 60_000 + 1, NOW), '12m');
  assert.equal(shortCountdown(NOW + 65 * 60_000, NOW), '1h5m');
  assert.equal(shortCountdown(NOW - 1, NOW), 'expired');
});

test('token states: valid, expiring under five minutes, expired, missing', () => {
  assert.equal(tokenState({ present: true, expiresAt: NOW + 3600_000 }, NOW), 'valid');
  assert.equal(tokenState({ present: true, expiresAt: NOW + (EXPIRING_SECONDS - 1) * 1000 }, NOW), 'expiring');
  assert.equal(tokenState({ present: true, expiresAt: NOW - 1 }, NOW), 'expired');
  assert.equal(tokenState({ present: false }, NOW), 'missing');
  assert.equal(tokenState({ present: true, format: 'jwe' }, NOW), 'no-expiry');
});

test('the clock wakes exactly when a label changes, never sooner than 250 ms', () => {
  // 12 min 30 s left: "12 min" until 11:59.999 left.
  assert.equal(msUntilLabelChanges(NOW + 12 * 60_000 + 30_000, NOW), 30_001);
  // 45.5 s left: seconds resolution.
  assert.equal(msUntilLabelChanges(NOW + 45_500, NOW), 501);
  // 30.5 s ago: "30 s ago" until 31 s.
  assert.equal(msUntilLabelChanges(NOW - 30_500, NOW), 500);
  // 3 h ago: minute resolution ("3 h 1 min ago").
  assert.equal(msUntilLabelChanges(NOW - 3 * 3600_000, NOW), 60_000);
  assert.ok(msUntilLabelChanges(NOW + 1, NOW) >= 250);
  // Applying the wait really changes the label, and one millisecond less does not.
  for (const left of [12 * 60_000 + 30_000, 45_500, 3 * 3600_000 + 7_000]) {
    const exp = NOW + left;
    const wait = msUntilLabelChanges(exp, NOW);
    assert.notEqual(expiryLabel(exp, NOW + wait), expiryLabel(exp, NOW), `left ${left}`);
    assert.equal(expiryLabel(exp, NOW + wait - 2), expiryLabel(exp, NOW), `left ${left}`);
  }
});

test('a view holds fingerprints and expiry times, never a token or the client secret', () => {
  const sec = NOW / 1000;
  const idToken = jwt({ token_use: 'id', aud: 'client1', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC', exp: sec + 600, iat: sec, 'cognito:username': 'u1' });
  const accessToken = jwt({ token_use: 'access', client_id: 'client1', exp: sec + 120, iat: sec });
  const created = sessionFromAuthenticationResult({
    label: 'Alice',
    region: 'us-east-1',
    userPoolId: 'us-east-1_AbC',
    clientId: 'client1',
    clientSecret: 'topSecretClientSecretValue1234567890',
    authenticationResult: { IdToken: idToken, AccessToken: accessToken, RefreshToken: REFRESH, ExpiresIn: 3600 },
    now: NOW,
  });
  assert.ok(created.ok);
  const view = viewOf(created.record);
  assert.equal(view.accessToken.expiresAt, NOW + 120_000);
  assert.equal(view.idToken.expiresAt, NOW + 600_000);
  assert.equal(view.refreshToken.format, 'jwe');
  assert.equal(view.refreshToken.heldSince, NOW);
  assert.equal(view.hasClientSecret, true);
  const text = JSON.stringify([view, summarizeEntry(view)]);
  for (const secret of [idToken, accessToken, REFRESH, 'topSecretClientSecretValue1234567890']) assert.ok(!text.includes(secret));
  assert.doesNotMatch(text, /eyJ/);
});

test('the verify report is plain text: claim values as written, hidden characters escaped', () => {
  const text = renderVerifyReport('Token', {
    status: 'failed',
    ok: false,
    checks: [{ name: 'issuer', status: 'fail', detail: 'iss is "|x| # `y` a_b Invoice\u202efdp.exe"' }],
  });
  assert.match(text, /NOT verified/);
  assert.ok(text.includes('issuer  FAIL     iss is "|x| # `y` a_b Invoice'), text);
  assert.ok(!text.includes('\u202e'), 'the bidi override is not in the text');
  assert.ok(!text.includes('\\_'), 'no markdown escapes');
});

test('a key set that could not be fetched reads "could not check", not "failed"', () => {
  const text = renderVerifyReport('Token', {
    status: 'unchecked',
    ok: false,
    jwksUri: 'http://127.0.0.1:1/us-east-1_X/.well-known/jwks.json',
    error: { code: 'jwks-unreachable', message: 'The key set could not be fetched.', cause: 'ECONNREFUSED' },
    checks: [{ name: 'signature', status: 'skip', detail: 'not checked' }],
  });
  assert.match(text, /could not check: keys unreachable at http:\/\/127\.0\.0\.1:1\/us-east-1_X\/\.well-known\/jwks\.json \(ECONNREFUSED\)/);
  assert.doesNotMatch(text, /NOT verified/);
});

test('an ID token over a common header limit carries its size warning in the view (no second read of the store)', () => {
  const sec = NOW / 1000;
  const groups = Array.from({ length: 400 }, (_, i) => `group-number-${i}`);
  const idToken = jwt({ token_use: 'id', aud: 'client1', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC', exp: sec + 600, iat: sec, 'cognito:groups': groups });
  const accessToken = jwt({ token_use: 'access', client_id: 'client1', exp: sec + 120, iat: sec });
  const created = sessionFromAuthenticationResult({
    label: 'Many groups',
    region: 'us-east-1',
    userPoolId: 'us-east-1_AbC',
    clientId: 'client1',
    authenticationResult: { IdToken: idToken, AccessToken: accessToken, RefreshToken: REFRESH, ExpiresIn: 3600 },
    now: NOW,
  });
  assert.ok(created.ok);
  const view = viewOf(created.record);
  assert.match(view.idToken.sizeWarning ?? '', /^\d[\d,]* bytes: over .*8 KB.* by [\d,]+ bytes; cognito:groups takes \d+%$/);
  assert.equal(view.accessToken.sizeWarning, undefined);
  assert.equal(view.refreshToken.sizeWarning, undefined);
  assert.doesNotMatch(JSON.stringify(view), /eyJ/);
});
