// What the host sends the inspector webview, built from real (test-key) Cognito tokens, a
// session record and the core's catalog: decoded data, explained claims, raw segments only
// once revealed, verification results tied to one token, history newest first.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRecord } from '../../../src/core/sessions/index';
import { fingerprint } from '../../../src/core/sessions/index';
import type { VerifyReport } from '../../../src/core/token/index';
import type { TokenSlot, VerificationView } from '../../../src/shared/protocol';
import {
  displayValue,
  lostTokenState,
  MAX_CLAIM_VALUE_LENGTH,
  missingSessionState,
  MAX_FACT_LENGTH,
  MAX_TITLE_LENGTH,
  offeredLinks,
  panelTitle,
  sessionState,
  tokenState,
  valueToCopy,
  verificationView,
  type ViewContext,
} from '../../../src/vscode/inspector/viewModel';
import {
  accessTokenClaims,
  AWS_POOL_ID,
  CLIENT_ID,
  createSigningKey,
  FIXED_NOW_MS,
  idTokenClaims,
  refreshTokenJwe,
  signToken,
  unsecuredToken,
} from '../../fixtures/tokens/factory';

function ctx(over: Partial<ViewContext> = {}): ViewContext {
  return {
    now: FIXED_NOW_MS,
    clockSkewSeconds: 60,
    verifications: new Map<string, VerificationView>(),
    revealed: new Set<TokenSlot>(),
    busy: { refresh: false, verify: false },
    ...over,
  };
}

async function tokens() {
  const key = await createSigningKey();
  return {
    id: await signToken(key, idTokenClaims()),
    access: await signToken(key, accessTokenClaims()),
    refresh: await refreshTokenJwe(),
  };
}

function record(t: { id: string; access: string; refresh: string }, over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    session: {
      id: 'session-1',
      label: 'Demo',
      region: 'us-east-1',
      userPoolId: AWS_POOL_ID,
      clientId: CLIENT_ID,
      refreshMethod: 'auto',
      rotationHint: { enabled: true, graceSeconds: 10 },
      createdAt: '2025-06-01T11:00:00.000Z',
      updatedAt: '2025-06-01T11:50:00.000Z',
    },
    secrets: { refreshToken: t.refresh, idToken: t.id, accessToken: t.access, clientSecret: 'very-secret-value' },
    history: [
      { at: '2025-06-01T11:40:00.000Z', operation: 'GetTokensFromRefreshToken', outcome: 'success', rotated: true, oldFingerprint: 'aaaa1111', newFingerprint: 'bbbb2222', latencyMs: 120 },
      {
        at: '2025-06-01T11:50:00.000Z',
        operation: 'GetTokensFromRefreshToken',
        outcome: 'error',
        rotated: false,
        oldFingerprint: 'aaaa1111',
        errorName: 'RefreshTokenReuseException',
        errorMessage: 'Refresh token has been reused',
        httpStatus: 400,
        requestId: 'req-1',
        latencyMs: 80,
        notes: ['retry-within-grace'],
      },
    ],
    lastError: { name: 'RefreshTokenReuseException', message: 'Refresh token has been reused', at: '2025-06-01T11:50:00.000Z', operation: 'GetTokensFromRefreshToken', requestId: 'req-1' },
    ...over,
  };
}

test('a session: three tabs of decoded tokens, explained claims, no raw token until revealed', async () => {
  const t = await tokens();
  const state = sessionState(record(t), ctx());
  assert.deepEqual(state.target, { kind: 'session', sessionId: 'session-1' });
  assert.equal(state.title, 'Demo');
  assert.deepEqual(state.tokens.map((x) => [x.slot, x.kind, x.format, x.present]), [
    ['id', 'id', 'jws', true],
    ['access', 'access', 'jws', true],
    ['refresh', 'refresh', 'jwe', true],
  ]);
  const [id, access, refresh] = state.tokens;
  assert.ok(id && access && refresh);
  assert.equal(id.validity?.state, 'valid');
  assert.equal(id.fingerprint, fingerprint(t.id));
  // Every Cognito and standard claim of the fixtures is explained.
  for (const tok of [id, access]) {
    const unexplained = tok.claims.filter((c) => !c.explanation).map((c) => c.name);
    assert.deepEqual(unexplained, [], `${tok.slot}: ${unexplained.join(', ')}`);
  }
  const row = (slot: typeof id, name: string) => slot.claims.find((c) => c.name === name);
  assert.equal(row(id, 'cognito:groups')?.source, 'cognito');
  assert.equal(row(id, 'cognito:groups')?.value, '["admins","developers"]');
  assert.match(row(id, 'aud')?.explanation ?? '', /app client id/);
  assert.match(row(id, 'origin_jti')?.explanation ?? '', /RevokeToken/);
  assert.match(row(access, 'scope')?.explanation ?? '', /aws\.cognito\.signin\.user\.admin/);
  assert.equal(row(id, 'exp')?.epochSeconds, idTokenClaims().exp);
  assert.equal(row(id, 'sub')?.epochSeconds, undefined);
  assert.deepEqual(id.header.map((h) => h.name).sort(), ['alg', 'kid']);
  assert.ok(id.header.every((h) => h.explanation));
  assert.ok(id.facts.some((f) => f.label === 'User pool' && f.value.startsWith(AWS_POOL_ID)));
  // The refresh token: encrypted, its header only, labelled, with five named parts.
  assert.equal(refresh.encrypted, true);
  assert.deepEqual(refresh.claims, []);
  assert.deepEqual(refresh.segments.map((s) => s.part), ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag']);
  assert.match(refresh.notes.join(' '), /encrypted for Cognito/);
  assert.match(refresh.verifyNote ?? '', /only Cognito can decrypt/);
  assert.deepEqual(refresh.header.map((h) => h.name).sort(), ['alg', 'cty', 'enc']);
  // Nothing raw went out: segment lengths only.
  const json = JSON.stringify(state);
  for (const raw of [t.id, t.access, t.refresh]) for (const part of raw.split('.')) if (part.length > 8) assert.ok(!json.includes(part), 'a raw segment was sent');
  assert.ok(!json.includes('very-secret-value'), 'the client secret was sent');
  assert.equal(state.session?.hasClientSecret, true);
  assert.deepEqual(id.segments.map((s) => [s.part, s.length]), t.id.split('.').map((p, i) => [['header', 'payload', 'signature'][i], p.length]));
});

test('revealing a slot sends that token\'s segments, and only that one', async () => {
  const t = await tokens();
  const state = sessionState(record(t), ctx({ revealed: new Set<TokenSlot>(['access']) }));
  const [id, access, refresh] = state.tokens;
  assert.equal(access?.revealed, true);
  assert.equal(access?.segments.map((s) => s.text).join('.'), t.access);
  assert.equal(id?.revealed, false);
  assert.ok(id?.segments.every((s) => s.text === undefined));
  assert.ok(refresh?.segments.every((s) => s.text === undefined));
});

test('history newest first with notes and catalog titles; the last failure explained with its docs link', async () => {
  const state = sessionState(record(await tokens()), ctx());
  assert.deepEqual(state.history.map((h) => h.outcome), ['error', 'success']);
  const [failure, success] = state.history;
  assert.equal(success?.rotated, true);
  assert.equal(success?.newFingerprint, 'bbbb2222');
  assert.equal(failure?.errorName, 'RefreshTokenReuseException');
  assert.ok(failure?.errorTitle && failure.errorTitle.length > 0);
  assert.deepEqual(failure?.notes.map((n) => n.code), ['retry-within-grace']);
  assert.match(failure?.notes[0]?.text ?? '', /grace period/);
  const e = state.lastError;
  assert.ok(e);
  assert.equal(e.id, 'RefreshTokenReuseException');
  assert.equal(e.httpStatus, 400, 'the status comes from the matching history event');
  assert.equal(e.requestId, 'req-1');
  assert.ok(e.likelyCauses.length > 0 && e.whatToDo.length > 0 && e.whatHappened.length > 0);
  assert.match(e.docsUrl, /^https:\/\/docs\.aws\.amazon\.com\//);
  assert.ok(e.retryAdvice.length > 0);
  assert.deepEqual([...offeredLinks(state)], [e.docsUrl]);
});

test('the explanation carries hints from the session settings', async () => {
  const r = record(await tokens());
  const wrongRegion = { ...r, session: { ...r.session, region: 'eu-west-1' }, lastError: { ...r.lastError!, name: 'ResourceNotFoundException', message: 'User pool client x does not exist.' } };
  const e = sessionState(wrongRegion, ctx()).lastError;
  assert.ok(e);
  assert.ok(e.hints.some((h) => h.includes('us-east-1') && h.includes('eu-west-1')), e.hints.join(' | '));
  assert.equal(e.likelyCauses[0], e.hints[0]);
});

test('a verification belongs to exactly the token it verified', async () => {
  const t = await tokens();
  const report: VerifyReport = {
    status: 'verified',
    ok: true,
    checks: ['format', 'signature', 'issuer', 'token_use', 'audience', 'expiry', 'not_before'].map((name) => ({ name: name as never, status: 'pass', detail: `${name} ok` })),
    jwksUri: 'https://example/jwks.json',
    kid: 'test-kid-1',
    alg: 'RS256',
  };
  const view = verificationView(report, 1234);
  assert.deepEqual(view.checks.map((c) => c.status), Array(7).fill('pass'));
  const verifications = new Map([[fingerprint(t.id), view]]);
  const state = sessionState(record(t), ctx({ verifications }));
  assert.equal(state.tokens[0]?.verification?.ok, true);
  assert.equal(state.tokens[1]?.verification, undefined);
  // After a refresh the ID token is another one: the old result no longer shows.
  const refreshed = await tokens();
  assert.equal(sessionState(record(refreshed), ctx({ verifications })).tokens[0]?.verification, undefined);
  const failed = verificationView({ status: 'failed', ok: false, checks: [], error: { code: 'kid-not-found', message: 'No key kid' } }, 1);
  assert.deepEqual(failed.error, { code: 'kid-not-found', message: 'No key kid' });
});

test('missing tokens, unreadable tokens, expiry and bare tokens', async () => {
  const t = await tokens();
  const r = record(t);
  const noAccess = sessionState({ ...r, secrets: { refreshToken: 'opaque-refresh-token-not-a-jwt' }, lastError: undefined }, ctx());
  assert.deepEqual(noAccess.tokens.map((x) => x.present), [false, false, true]);
  assert.match(noAccess.tokens[2]?.error ?? '', /./);
  assert.equal(noAccess.lastError, undefined);
  const later = sessionState(r, ctx({ now: FIXED_NOW_MS + 2 * 3600_000 }));
  assert.equal(later.tokens[0]?.validity?.state, 'expired');
  const bare = tokenState(`  ${t.access}\n`, ctx({ revealed: new Set<TokenSlot>(['token']) }));
  assert.deepEqual(bare.target, { kind: 'token' });
  assert.equal(bare.tokens.length, 1);
  assert.equal(bare.tokens[0]?.slot, 'token');
  assert.equal(bare.tokens[0]?.segments.map((s) => s.text).join('.'), t.access);
  assert.equal(bare.history.length, 0);
  assert.match(bare.title, /access token/);
  const unsigned = tokenState(unsecuredToken(idTokenClaims()), ctx());
  assert.equal(unsigned.tokens[0]?.unsigned, true);
  assert.match(unsigned.tokens[0]?.verifyNote ?? '', /unsigned/);
  assert.match(missingSessionState('gone', ctx()).notice?.text ?? '', /no longer exists/);
  assert.equal(lostTokenState(ctx()).target.kind, 'lost-token');
});

test('claim values are bounded and never throw', () => {
  assert.equal(displayValue('plain'), 'plain');
  assert.equal(displayValue(12), '12');
  assert.equal(displayValue({ a: [1, 'x'] }), '{"a":[1,"x"]}');
  const long = displayValue('x'.repeat(MAX_CLAIM_VALUE_LENGTH + 50));
  assert.ok(long.length < MAX_CLAIM_VALUE_LENGTH + 40);
  assert.match(long, /… \(50 more characters\)$/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(typeof displayValue(cyclic), 'string');
});

test('after Revoke Refresh Token every tab says revoked, not "Valid · expires in 47 min" (issue 7 item 10)', async () => {
  const t = await tokens();
  const r = record(t, {
    secrets: { refreshToken: t.refresh, idToken: t.id, accessToken: t.access, tokensReceivedAt: '2025-06-01T11:50:00.000Z' },
    history: [{ at: '2025-06-01T11:55:00.000Z', operation: 'RevokeToken', outcome: 'success', rotated: false, oldFingerprint: fingerprint(t.refresh), latencyMs: 40 }],
    lastError: undefined,
  });
  const state = sessionState(r, ctx());
  assert.deepEqual(state.tokens.map((x) => x.validity?.state), ['revoked', 'revoked', 'revoked']);
  for (const x of state.tokens) {
    assert.equal(x.validity?.revoked?.at, '2025-06-01T11:55:00.000Z');
    assert.match(x.notes[0] ?? '', /revoked/);
  }
  // Tokens received after the revoke (signed in again) are valid.
  const later = sessionState({ ...r, secrets: { ...r.secrets, tokensReceivedAt: '2025-06-01T11:56:00.000Z' } }, ctx());
  assert.deepEqual(later.tokens.map((x) => x.validity?.state), ['valid', 'valid', 'unknown']);
  // A failed revoke changes nothing.
  const failed = sessionState({ ...r, history: [{ ...r.history[0]!, outcome: 'error', errorName: 'InternalErrorException' }] }, ctx());
  assert.equal(failed.tokens[0]?.validity?.state, 'valid');
});

test('hostile values go out as they are (the webview marks them), bounded, with the whole value copyable', async () => {
  const key = await createSigningKey();
  // The largest claim a token the core decodes (64 KiB) can carry is about 48 KB.
  const huge = 'A'.repeat(40_000);
  const raw = await signToken(key, { ...idTokenClaims(), 'cognito:username': `Invoice\u202efdp.exe${'x'.repeat(5000)}`, 'custom:huge': huge, 'custom:html': '<img src=x onerror=alert(1)>' });
  const state = tokenState(raw, ctx());
  const tok = state.tokens[0]!;
  const row = (name: string) => tok.claims.find((c) => c.name === name);
  assert.equal(row('custom:html')?.value, '<img src=x onerror=alert(1)>');
  assert.equal(row('custom:html')?.fullLength, undefined);
  assert.equal(row('custom:huge')?.fullLength, huge.length);
  assert.ok((row('custom:huge')?.value.length ?? 0) < MAX_CLAIM_VALUE_LENGTH + 60);
  assert.equal(valueToCopy(raw, 'claim', 'custom:huge'), huge);
  assert.equal(valueToCopy(raw, 'header', 'alg'), 'RS256');
  assert.equal(valueToCopy(raw, 'claim', 'nope'), undefined);
  assert.equal(valueToCopy(raw, 'claim', '__proto__'), undefined);
  assert.equal(valueToCopy('not a token', 'claim', 'sub'), undefined);
  for (const f of tok.facts) assert.ok(f.value.length <= MAX_FACT_LENGTH + 1, `${f.label} is ${f.value.length} characters`);
  assert.ok(state.title.length <= MAX_TITLE_LENGTH + 1);
  // VS Code shows the panel title as plain text: there the override is escaped.
  assert.ok(state.title.includes('\u202e'));
  assert.doesNotMatch(panelTitle(state), /\u202e/);
  assert.match(panelTitle(state), /Invoice\\u202efdp\.exe/);
});
