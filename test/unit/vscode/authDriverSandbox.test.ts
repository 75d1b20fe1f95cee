// The sign-in UI's conversation loop (src/vscode/auth/conversationDriver.ts) with the real core
// conversation (createSignIn) over the real AWS SDK and HTTP to the sandbox: what the extension's
// "Sign In…" does between the prompts, without the editor. The answers are the ones a user types.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createSignIn, type SignInAnswer, type SignInFlow, type SignInPrompt } from '../../../src/core/auth/index';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { drive, type DriverIo } from '../../../src/vscode/auth/conversationDriver';
import { authConfig, CLIENTS, Clock, POOL, sdk, target, totp, TOTP_SECRET, USERS } from '../auth/fixtures';

void describe('the Sign In loop with the core conversation, against the sandbox', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  const clock = new Clock();

  before(async () => {
    sandbox = await startSandbox({ config: authConfig(['http://127.0.0.1:9/callback']), now: clock.now });
    cognito = sdk(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  function run(username: string, flow: SignInFlow, scripted: SignInAnswer[], ask?: (p: SignInPrompt, note: string | undefined) => SignInAnswer | undefined) {
    const abort = new AbortController();
    const conversation = createSignIn(cognito, target(sandbox, POOL, CLIENTS.public), { username, flow, now: clock.now, signal: abort.signal });
    const asked: { kind: string; note: string | undefined }[] = [];
    const lines: string[] = [];
    const io: DriverIo = {
      network: (work) => work(),
      ask: (p, note) => {
        asked.push({ kind: p.kind, note });
        return Promise.resolve(ask?.(p, note));
      },
      log: (_l, line) => void lines.push(line),
      now: clock.now,
    };
    return { result: drive(conversation, abort.signal, [...scripted], ask !== undefined, io), asked, lines };
  }

  void it('USER_SRP_AUTH: one password answer, a record ready to store', async () => {
    const r = await run(USERS.plain.email, 'USER_SRP_AUTH', [{ kind: 'password', password: USERS.plain.password }]).result;
    assert.equal(r.kind, 'done', JSON.stringify(r));
    assert.ok(r.kind === 'done' && r.record.secrets.refreshToken);
  });

  void it('a wrong password without UI is the failure (explained), not a cancellation', async () => {
    const r = await run(USERS.plain.email, 'USER_PASSWORD_AUTH', [{ kind: 'password', password: 'Wrong-Passw0rd!' }]).result;
    assert.ok(r.kind === 'failed', JSON.stringify(r));
    assert.equal(r.explanation.id, 'NotAuthorizedException/incorrect-username-or-password');
  });

  void it('a wrong password with UI: asked again with the reason, then signed in', async () => {
    const s = run(USERS.plain.email, 'USER_SRP_AUTH', [{ kind: 'password', password: 'Wrong-Passw0rd!' }], (p) => (p.kind === 'password' ? { kind: 'password', password: USERS.plain.password } : undefined));
    const r = await s.result;
    assert.equal(r.kind, 'done', JSON.stringify(r));
    assert.equal(s.asked.length, 1);
    assert.match(s.asked[0]?.note ?? '', /^Not accepted: /);
  });

  void it('TOTP: a wrong code is asked again, the right code signs in; the log holds neither', async () => {
    const wrong = totp(TOTP_SECRET, clock.now(), 100);
    const s = run(USERS.totp.email, 'USER_PASSWORD_AUTH', [{ kind: 'password', password: USERS.totp.password }, { kind: 'code', code: wrong }], (p) =>
      p.kind === 'code' ? { kind: 'code', code: totp(TOTP_SECRET, clock.now()) } : undefined,
    );
    const r = await s.result;
    assert.equal(r.kind, 'done', JSON.stringify(r));
    assert.deepEqual(s.asked.map((a) => a.kind), ['code']);
    assert.ok(s.asked[0]?.note?.startsWith('Not accepted: '));
    const log = s.lines.join('\n');
    assert.ok(!log.includes(wrong) && !log.includes(USERS.totp.password));
  });

  void it('dismissing the code prompt cancels: nothing comes back to store', async () => {
    const r = await run(USERS.totp.email, 'USER_PASSWORD_AUTH', [{ kind: 'password', password: USERS.totp.password }], () => undefined).result;
    assert.deepEqual(r, { kind: 'cancelled' });
  });

  void it('a code typed after the 3-minute step is not sent: expired', async () => {
    const s = run(USERS.totp.email, 'USER_PASSWORD_AUTH', [{ kind: 'password', password: USERS.totp.password }], (p) => {
      clock.advance(3 * 60_000 + 1000);
      return p.kind === 'code' ? { kind: 'code', code: totp(TOTP_SECRET, clock.now()) } : undefined;
    });
    const r = await s.result;
    assert.ok(r.kind === 'failed' && r.expired, JSON.stringify(r));
    assert.equal(r.kind === 'failed' && r.explanation.id, 'NotAuthorizedException/sign-in-session-expired');
  });
});
