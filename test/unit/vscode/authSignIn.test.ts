// The pure part of "Sign In…" (src/vscode/auth/signInModel.ts): the argument object that lets
// tests and links skip the prompts, the managed-login inputs, and which failures offer
// "Sign In Again" or "Start Over".
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRecord } from '../../../src/core/sessions/index';
import {
  challengeSessionExpired,
  codeProblem,
  loopbackCallbackPort,
  normalizeCode,
  readDomain,
  readScopes,
  readSignInArgs,
  refreshTokenIsDead,
  replacing,
} from '../../../src/vscode/auth/signInModel';

test('no argument means: ask everything', () => {
  assert.deepEqual(readSignInArgs(undefined), {});
  assert.deepEqual(readSignInArgs(null), {});
});

test('the sandbox with scripted answers; "then" defaults to cancel', () => {
  const r = readSignInArgs({ pool: 'sandbox', client: 'rotating-grace-10s', username: ' demo@example.com ', flow: 'USER_PASSWORD_AUTH', answers: [{ kind: 'password', password: ' p w ' }] });
  assert.ok('args' in r && r.args);
  assert.deepEqual(r.args.pool, { kind: 'sandbox' });
  assert.equal(r.args.username, 'demo@example.com');
  assert.equal(r.args.then, 'cancel');
  // Passwords are taken exactly as given (not trimmed).
  assert.deepEqual(r.args.answers, [{ kind: 'password', password: ' p w ' }]);
});

test('a pool by id: the Region comes from the id unless given', () => {
  const r = readSignInArgs({ pool: { userPoolId: 'eu-west-3_AbC123', endpoint: 'http://127.0.0.1:9229' }, clientId: 'abc' });
  assert.ok('args' in r && r.args);
  assert.deepEqual(r.args.pool, { kind: 'pool', userPoolId: 'eu-west-3_AbC123', region: 'eu-west-3', endpoint: 'http://127.0.0.1:9229' });
  assert.ok('error' in readSignInArgs({ pool: { userPoolId: 'nounderscore' } }));
  const withRegion = readSignInArgs({ pool: { userPoolId: 'local_1', region: 'us-east-2' } });
  assert.ok('args' in withRegion && withRegion.args?.pool?.kind === 'pool' && withRegion.args.pool.region === 'us-east-2');
});

test('bad arguments are refused with a reason', () => {
  for (const bad of [
    'sandbox',
    [],
    { flow: 'ADMIN_NO_SRP_AUTH' },
    { preferred: 'FACE_ID' },
    { answers: [{ kind: 'telepathy' }] },
    { answers: [{ kind: 'password' }] },
    { answers: 'x' },
    { then: 'later' },
    { scopes: ['open id'] },
    { port: 70000 },
    { browser: 'lynx' },
    { clientSecret: 'has space' },
    { username: '' },
  ]) {
    const r = readSignInArgs(bad);
    assert.ok('error' in r, JSON.stringify(bad));
  }
});

test('answers of every kind are read', () => {
  const r = readSignInArgs({
    answers: [
      { kind: 'code', code: '123456' },
      { kind: 'select', option: 'SOFTWARE_TOKEN_MFA' },
      { kind: 'device-name', name: null },
      { kind: 'device-name', name: 'laptop' },
      { kind: 'new-password', password: 'N3w!', attributes: { name: 'Jo' } },
    ],
  });
  assert.ok('args' in r && r.args);
  assert.deepEqual(r.args.answers, [
    { kind: 'code', code: '123456' },
    { kind: 'select', option: 'SOFTWARE_TOKEN_MFA' },
    { kind: 'device-name', name: undefined },
    { kind: 'device-name', name: 'laptop' },
    { kind: 'new-password', password: 'N3w!', attributes: { name: 'Jo' } },
  ]);
  assert.ok('error' in readSignInArgs({ answers: [{ kind: 'new-password', password: 'x', attributes: { n: 1 } }] }));
});

test('scopes: space-separated RFC 6749 scope tokens, duplicates dropped', () => {
  assert.deepEqual(readScopes('openid  email openid aws.cognito.signin.user.admin'), { scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'] });
  assert.ok('error' in readScopes('   '));
  assert.ok('error' in readScopes('openid "email"'));
  assert.ok('error' in readScopes('a\\b'));
});

test('domain: https origins, http only on loopback, nothing after the host', () => {
  assert.deepEqual(readDomain('my-app.auth.us-east-1.amazoncognito.com'), { domain: 'https://my-app.auth.us-east-1.amazoncognito.com' });
  assert.deepEqual(readDomain('https://auth.example.com/'), { domain: 'https://auth.example.com' });
  assert.deepEqual(readDomain('http://127.0.0.1:9229'), { domain: 'http://127.0.0.1:9229' });
  for (const bad of ['http://auth.example.com', 'https://auth.example.com/login', 'https://u:p@auth.example.com', 'https://auth.example.com/?x=1', 'ftp://x', '::']) {
    assert.ok('error' in readDomain(bad), bad);
  }
});

test('"Sign In Again" is offered for dead refresh tokens only', () => {
  for (const id of ['RefreshTokenReuseException', 'RefreshTokenReuseException/own-retry-after-lost-response', 'NotAuthorizedException/refresh-token-expired', 'NotAuthorizedException/refresh-token-revoked', 'NotAuthorizedException/invalid-refresh-token']) {
    assert.equal(refreshTokenIsDead(id), true, id);
  }
  for (const id of ['NotAuthorizedException/secret-hash-mismatch', 'transport/timeout', 'TooManyRequestsException', 'NotAuthorizedException/access-token-revoked']) {
    assert.equal(refreshTokenIsDead(id), false, id);
  }
});

test('challenge session expiry: from the prompt deadline or Cognito\'s message', () => {
  const wrongCode = { explanationId: 'CodeMismatchException', errorName: 'CodeMismatchException', message: 'Invalid code received for user' };
  assert.equal(challengeSessionExpired(wrongCode, undefined, 0), false);
  assert.equal(challengeSessionExpired(wrongCode, 1000, 999), false);
  assert.equal(challengeSessionExpired(wrongCode, 1000, 1000), true);
  assert.equal(challengeSessionExpired({ explanationId: 'NotAuthorizedException', errorName: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' }, undefined, 0), true);
  assert.equal(challengeSessionExpired({ explanationId: 'NotAuthorizedException/incorrect-username-or-password', errorName: 'NotAuthorizedException', message: 'Incorrect username or password.' }, undefined, 0), false);
  // Long input: the check is linear (includes, a regex without nested quantifiers).
  const long = 'session '.repeat(200_000);
  assert.equal(challengeSessionExpired({ explanationId: long, errorName: 'NotAuthorizedException', message: long }, undefined, 0), false);
});

test('codes: spaces and dashes a user copies along are dropped; 4 to 10 digits', () => {
  assert.equal(normalizeCode(' 123 456 '), '123456');
  assert.equal(normalizeCode('123-456'), '123456');
  assert.equal(codeProblem('123 456'), undefined);
  assert.ok(codeProblem('12a456'));
  assert.ok(codeProblem('123'));
});

function record(over: { session?: Partial<SessionRecord['session']>; secrets?: Partial<SessionRecord['secrets']>; rest?: Partial<SessionRecord> }): SessionRecord {
  return {
    session: { id: 'id-1', label: 'L', region: 'us-east-1', userPoolId: 'us-east-1_P', clientId: 'c', refreshMethod: 'auto', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...over.session },
    secrets: { refreshToken: 'rt', ...over.secrets },
    history: [],
    ...over.rest,
  };
}

test('Sign In Again keeps the session (id, label, history, settings) and takes the new tokens', () => {
  const event = { at: '2026-01-01T00:00:00.000Z', operation: 'GetTokensFromRefreshToken' as const, outcome: 'error' as const, rotated: false, oldFingerprint: 'f', latencyMs: 1 };
  const old = record({
    session: { refreshMethod: 'InitiateAuth', rotationHint: { enabled: true, graceSeconds: 10 }, deviceKey: 'old-device', username: 'old-user' },
    secrets: { refreshToken: 'old-rt', clientSecret: 'sec', deviceGroupKey: 'g', devicePassword: 'p' },
    rest: { history: [event], lastError: { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked', at: event.at, operation: 'GetTokensFromRefreshToken' }, rev: 7 },
  });
  const fresh = record({ session: { id: 'id-2', label: 'new', createdAt: '2026-02-02T00:00:00.000Z', username: 'new-user' }, secrets: { refreshToken: 'new-rt', idToken: 'i', accessToken: 'a' } });
  const r = replacing(old, fresh, false);
  assert.equal(r.session.id, 'id-1');
  assert.equal(r.session.label, 'L');
  assert.equal(r.session.createdAt, '2026-01-01T00:00:00.000Z');
  assert.equal(r.session.refreshMethod, 'InitiateAuth', 'the method the user chose stays');
  assert.deepEqual(r.session.rotationHint, { enabled: true, graceSeconds: 10 });
  assert.equal(r.session.username, 'new-user');
  assert.equal(r.session.deviceKey, undefined, 'an old device key does not belong to the new refresh token');
  assert.equal(r.secrets.deviceGroupKey, undefined);
  assert.equal(r.secrets.refreshToken, 'new-rt');
  assert.equal(r.secrets.accessToken, 'a');
  assert.equal(r.secrets.clientSecret, 'sec', 'the client secret stays');
  assert.deepEqual(r.history, [event]);
  assert.equal(r.lastError, undefined);
  assert.equal(r.rev, 7, 'based on the stored revision');
});

test('Sign In Again: the remembered device stays when the sign-in used it; managed login moves the method', () => {
  const old = record({ session: { deviceKey: 'dk' }, secrets: { deviceGroupKey: 'g', devicePassword: 'p' } });
  const kept = replacing(old, record({ secrets: { refreshToken: 'n' } }), true);
  assert.equal(kept.session.deviceKey, 'dk');
  assert.equal(kept.secrets.devicePassword, 'p');
  const newDevice = replacing(old, record({ session: { deviceKey: 'dk2' }, secrets: { refreshToken: 'n', deviceGroupKey: 'g2', devicePassword: 'p2' } }), true);
  assert.equal(newDevice.session.deviceKey, 'dk2');
  assert.equal(newDevice.secrets.deviceGroupKey, 'g2');
  const hosted = replacing(old, record({ session: { refreshMethod: 'TokenEndpoint', oauthDomain: 'https://a.example.com' }, secrets: { refreshToken: 'n' } }), false);
  assert.equal(hosted.session.refreshMethod, 'TokenEndpoint');
  assert.equal(hosted.session.oauthDomain, 'https://a.example.com');
});

test('a sandbox client\'s loopback callback names the port to listen on', () => {
  assert.equal(loopbackCallbackPort({ callbackURLs: ['https://app.example.com/cb', 'http://127.0.0.1:53682/callback'] }), 53682);
  assert.equal(loopbackCallbackPort({ callbackURLs: ['http://localhost:53682/callback', 'http://127.0.0.1/callback', 'http://127.0.0.1:1234/other', 'nonsense'] }), undefined);
  assert.equal(loopbackCallbackPort({ name: 'no urls' }), undefined);
  assert.equal(loopbackCallbackPort(null), undefined);
});
