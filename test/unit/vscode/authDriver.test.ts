// The sign-in conversation's loop (src/vscode/auth/conversationDriver.ts) with a scripted
// conversation standing in for the core's (the core's own tests talk to the sandbox): which
// answer goes where, retries after a wrong code, cancellation, and an expired challenge session.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignInAnswer, SignInConversation, SignInPrompt, SignInStep } from '../../../src/core/auth/index';
import type { SessionRecord } from '../../../src/core/sessions/index';
import { drive, type DriverIo } from '../../../src/vscode/auth/conversationDriver';

const RECORD = { session: { id: 's' }, secrets: { refreshToken: 'r' }, history: [] } as unknown as SessionRecord;
const explanation = (id: string) => ({ id, name: id.split('/')[0] ?? id, kind: 'service' as const, title: `title of ${id}`, whatHappened: '', likelyCauses: [], whatToDo: [], docsUrl: 'https://docs.aws.amazon.com/', retryable: 'no' as const });
const prompt = (p: SignInPrompt, expiresAt?: number): SignInStep => ({ kind: 'prompt', prompt: p, ...(expiresAt !== undefined ? { expiresAt } : {}) });
const failed = (id: string, retryable: boolean, message?: string): SignInStep => ({ kind: 'failed', error: { name: id.split('/')[0] ?? id, ...(message ? { message } : {}) }, explanation: explanation(id), retryable });

/** A conversation that answers from a script: start's step, then one step per answer; records what it got. */
function scripted(first: SignInStep, next: (answer: SignInAnswer, n: number) => SignInStep) {
  const got: SignInAnswer[] = [];
  let cancelled = 0;
  const conversation: SignInConversation = {
    start: () => Promise.resolve(first),
    answer: (a) => {
      got.push(a);
      return Promise.resolve(next(a, got.length));
    },
    cancel: () => void cancelled++,
  };
  return { conversation, got, cancels: () => cancelled };
}

function io(asked: (p: SignInPrompt, note: string | undefined) => SignInAnswer | undefined = () => undefined, now = () => 0) {
  const lines: string[] = [];
  const notes: (string | undefined)[] = [];
  const value: DriverIo = {
    network: (work) => work(),
    ask: (p, note) => {
      notes.push(note);
      return Promise.resolve(asked(p, note));
    },
    log: (_level, line) => void lines.push(line),
    now,
  };
  return { value, lines, notes };
}

const signal = new AbortController().signal;

test('password then done: the scripted answer is sent and the record comes back', async () => {
  const c = scripted(prompt({ kind: 'password' }), () => ({ kind: 'done', record: RECORD }));
  const r = await drive(c.conversation, signal, [{ kind: 'password', password: 'pw' }], false, io().value);
  assert.deepEqual(r, { kind: 'done', record: RECORD });
  assert.deepEqual(c.got, [{ kind: 'password', password: 'pw' }]);
});

test('a wrong code is asked again with a note; the second code signs in', async () => {
  const c = scripted(prompt({ kind: 'password' }), (_a, n) => (n === 1 ? prompt({ kind: 'code', challenge: 'SOFTWARE_TOKEN_MFA' }) : n === 2 ? failed('CodeMismatchException', true, 'Invalid code received for user') : { kind: 'done', record: RECORD }));
  const user = io((p) => (p.kind === 'code' ? { kind: 'code', code: '222222' } : undefined));
  const r = await drive(c.conversation, signal, [{ kind: 'password', password: 'pw' }, { kind: 'code', code: '111111' }], true, user.value);
  assert.equal(r.kind, 'done');
  assert.deepEqual(c.got.map((a) => a.kind === 'code' ? a.code : a.kind), ['password', '111111', '222222']);
  assert.deepEqual(user.notes, ['Not accepted: title of CodeMismatchException. Try again.']);
});

test('a retryable failure with no answer left (no UI) is the result, not a cancellation', async () => {
  const c = scripted(prompt({ kind: 'password' }), () => failed('NotAuthorizedException/incorrect-username-or-password', true, 'Incorrect username or password.'));
  const r = await drive(c.conversation, signal, [{ kind: 'password', password: 'wrong' }], false, io().value);
  assert.equal(r.kind, 'failed');
  assert.ok(r.kind === 'failed' && r.explanation.id === 'NotAuthorizedException/incorrect-username-or-password' && !r.expired);
});

test('a failure that cannot be retried ends the conversation', async () => {
  const c = scripted(prompt({ kind: 'password' }), () => failed('UserNotFoundException', false));
  const r = await drive(c.conversation, signal, [{ kind: 'password', password: 'x' }, { kind: 'password', password: 'y' }], false, io().value);
  assert.ok(r.kind === 'failed' && r.explanation.id === 'UserNotFoundException');
  assert.equal(c.got.length, 1, 'the second answer is not sent');
});

test('dismissing a prompt cancels the conversation (its state dropped) and sends nothing', async () => {
  const c = scripted(prompt({ kind: 'password' }), () => prompt({ kind: 'code', challenge: 'SMS_MFA' }));
  const r = await drive(c.conversation, signal, [{ kind: 'password', password: 'pw' }], true, io(() => undefined).value);
  assert.deepEqual(r, { kind: 'cancelled' });
  assert.equal(c.cancels(), 1);
  assert.equal(c.got.length, 1);
});

test('without UI and without answers: cancelled at the first prompt', async () => {
  const c = scripted(prompt({ kind: 'password' }), () => ({ kind: 'done', record: RECORD }));
  assert.deepEqual(await drive(c.conversation, signal, [], false, io().value), { kind: 'cancelled' });
  assert.equal(c.cancels(), 1);
});

test('an answer given after the step expired is not sent: expired', async () => {
  let now = 0;
  const c = scripted(prompt({ kind: 'password' }), (_a, n) => (n === 1 ? prompt({ kind: 'code', challenge: 'EMAIL_OTP' }, 180_000) : { kind: 'done', record: RECORD }));
  const user = io((p) => {
    if (p.kind === 'code') now = 180_001;
    return p.kind === 'code' ? { kind: 'code', code: '123456' } : undefined;
  }, () => now);
  const r = await drive(c.conversation, signal, [{ kind: 'password', password: 'pw' }], true, user.value);
  assert.ok(r.kind === 'failed' && r.expired, JSON.stringify(r));
  assert.equal(c.got.length, 1, 'the code was not sent');
});

test('Cognito saying the session expired is reported as expired (Start Over is offered)', async () => {
  const c = scripted(prompt({ kind: 'password' }), () => failed('NotAuthorizedException', true, 'Invalid session for the user, session is expired.'));
  const r = await drive(c.conversation, signal, [{ kind: 'password', password: 'pw' }, { kind: 'password', password: 'pw' }], false, io().value);
  assert.ok(r.kind === 'failed' && r.expired);
  assert.equal(c.got.length, 1);
});

test('a thrown error after the user cancelled the progress is a cancellation; otherwise it propagates', async () => {
  const abort = new AbortController();
  const throwing: SignInConversation = { start: () => Promise.reject(new Error('aborted')), answer: () => Promise.reject(new Error('x')), cancel: () => undefined };
  abort.abort();
  assert.deepEqual(await drive(throwing, abort.signal, [], false, io().value), { kind: 'cancelled' });
  await assert.rejects(drive(throwing, signal, [], false, io().value), /aborted/);
});

test('the log names prompts and failures, never an answer', async () => {
  const c = scripted(prompt({ kind: 'password' }), (_a, n) => (n === 1 ? prompt({ kind: 'totp-setup', secretCode: 'SECRETSECRET', otpauthUri: 'otpauth://totp/x?secret=SECRETSECRET' }) : { kind: 'done', record: RECORD }));
  const out = io();
  await drive(c.conversation, signal, [{ kind: 'password', password: 'hunter2-pw' }, { kind: 'code', code: '654321' }], false, out.value);
  const all = out.lines.join('\n');
  assert.ok(all.includes('authenticator app'));
  for (const secret of ['hunter2-pw', '654321', 'SECRETSECRET', 'otpauth://']) assert.ok(!all.includes(secret), secret);
});
