// createSignIn against the sandbox through the real SDK over HTTP: every flow and challenge,
// SECRET_HASH with the right username at each step, the Session's expiry, devices, cancel.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetTokensFromRefreshTokenCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { createSignIn, type SignInConversation, type SignInStep, type SignInTarget } from '../../../src/core/auth';
import { SIGN_IN_SESSION_MS } from '../../../src/core/auth/conversation';
import { SIGN_IN_SESSION_EXPIRED_ID } from '../../../src/core/errors/catalog';
import { authConfig, CLIENTS, Clock, DEVICE_POOL, jwtClaims, lastCode, MFA_POOL, POOL, sdk, SECRET, target, totp, TOTP_SECRET, USERS } from './fixtures';

function prompt(step: SignInStep): Extract<SignInStep, { kind: 'prompt' }>['prompt'] {
  assert.equal(step.kind, 'prompt', `expected a prompt, got ${JSON.stringify(step.kind === 'failed' ? step.explanation.id + ': ' + step.error.message : step.kind)}`);
  return (step as Extract<SignInStep, { kind: 'prompt' }>).prompt;
}

function done(step: SignInStep) {
  assert.equal(step.kind, 'done', `expected done, got ${step.kind === 'failed' ? `failed ${step.explanation.id}: ${step.error.message}` : step.kind}`);
  return (step as Extract<SignInStep, { kind: 'done' }>).record;
}

function failed(step: SignInStep) {
  assert.equal(step.kind, 'failed', `expected failed, got ${step.kind}`);
  return step as Extract<SignInStep, { kind: 'failed' }>;
}

void describe('createSignIn against the sandbox', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  const clock = new Clock();

  before(async () => {
    sandbox = await startSandbox({ config: authConfig(), now: clock.now });
    cognito = sdk(sandbox);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const conv = (t: SignInTarget, username: string, flow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'USER_AUTH', extra: object = {}): SignInConversation =>
    createSignIn(cognito, t, { username, flow, now: clock.now, ...extra });

  async function refreshes(record: { session: { clientId: string; deviceKey?: string }; secrets: { refreshToken: string; clientSecret?: string } }) {
    const out = await cognito.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: record.session.clientId,
        RefreshToken: record.secrets.refreshToken,
        ...(record.secrets.clientSecret ? { ClientSecret: record.secrets.clientSecret } : {}),
        ...(record.session.deviceKey ? { DeviceKey: record.session.deviceKey } : {}),
      }),
    );
    assert.ok(out.AuthenticationResult?.AccessToken, 'the new session refreshes');
  }

  void describe('USER_SRP_AUTH', () => {
    void it('signs in by email with SRP: the record holds the internal username and refreshes', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_SRP_AUTH');
      assert.deepEqual(prompt(await c.start()), { kind: 'password' });
      const record = done(await c.answer({ kind: 'password', password: USERS.plain.password }));
      assert.equal(record.session.username, USERS.plain.sub);
      assert.equal(record.session.userPoolId, POOL);
      assert.equal(record.session.endpoint, sandbox.endpoint);
      assert.equal(jwtClaims(record.secrets.idToken!)['email'], USERS.plain.email);
      assert.ok(!JSON.stringify(record).includes(USERS.plain.password), 'the password is not in the record');
      await refreshes(record);
    });

    void it('with a client secret: SECRET_HASH over the typed name first, the internal name after PASSWORD_VERIFIER', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.secret, { clientSecret: SECRET }), USERS.plain.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const record = done(await c.answer({ kind: 'password', password: USERS.plain.password }));
      assert.equal(record.secrets.clientSecret, SECRET);
      await refreshes(record);
    });

    void it('a wrong password can be typed again; nothing is stored in between', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const f = failed(await c.answer({ kind: 'password', password: 'not-the-password' }));
      assert.equal(f.explanation.id, 'NotAuthorizedException/incorrect-username-or-password');
      assert.equal(f.retryable, true);
      assert.ok(!JSON.stringify(f).includes('not-the-password'));
      done(await c.answer({ kind: 'password', password: USERS.plain.password }));
    });

    void it('a client without the flow: a specific explanation, not retryable, the conversation ends', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.passwordOnly), USERS.plain.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const f = failed(await c.answer({ kind: 'password', password: USERS.plain.password }));
      assert.match(f.explanation.id, /auth-flow-not-enabled/);
      assert.equal(f.retryable, false);
      assert.equal((await c.answer({ kind: 'password', password: USERS.plain.password }).catch((e: Error) => e)) instanceof Error, true);
    });
  });

  void describe('USER_PASSWORD_AUTH', () => {
    void it('signs in with a secret client', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.secret, { clientSecret: SECRET }), USERS.plain.email, 'USER_PASSWORD_AUTH');
      prompt(await c.start());
      const record = done(await c.answer({ kind: 'password', password: USERS.plain.password }));
      assert.equal(record.session.username, USERS.plain.sub);
    });
  });

  void describe('challenges', () => {
    void it('NEW_PASSWORD_REQUIRED: required attributes asked; a weak password can be retried', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.secret, { clientSecret: SECRET }), USERS.force.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const p = prompt(await c.answer({ kind: 'password', password: USERS.force.password }));
      assert.equal(p.kind, 'new-password');
      if (p.kind !== 'new-password') return;
      assert.deepEqual([...p.requiredAttributes], ['name']);
      assert.equal(p.currentAttributes['email'], USERS.force.email);
      const weak = failed(await c.answer({ kind: 'new-password', password: 'short', attributes: { name: 'Forced' } }));
      assert.equal(weak.explanation.id, 'InvalidPasswordException');
      assert.equal(weak.retryable, true);
      const record = done(await c.answer({ kind: 'new-password', password: 'A-Much-Better-Passw0rd!', attributes: { name: 'Forced' } }));
      assert.equal(jwtClaims(record.secrets.idToken!)['name'], 'Forced');
    });

    void it('SOFTWARE_TOKEN_MFA: a wrong code can be retried, the right one signs in', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.secret, { clientSecret: SECRET }), USERS.totp.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const step = await c.answer({ kind: 'password', password: USERS.totp.password });
      const p = prompt(step);
      assert.deepEqual(p, { kind: 'code', challenge: 'SOFTWARE_TOKEN_MFA' });
      assert.equal(step.kind === 'prompt' && step.expiresAt, clock.now() + SIGN_IN_SESSION_MS);
      const wrong = failed(await c.answer({ kind: 'code', code: totp(TOTP_SECRET, clock.now(), 5) }));
      assert.equal(wrong.explanation.id, 'CodeMismatchException');
      assert.equal(wrong.retryable, true);
      done(await c.answer({ kind: 'code', code: totp(TOTP_SECRET, clock.now()) }));
    });

    void it('SMS_MFA: the destination is shown, the code from the mailbox signs in', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.sms.email, 'USER_PASSWORD_AUTH');
      prompt(await c.start());
      const p = prompt(await c.answer({ kind: 'password', password: USERS.sms.password }));
      assert.equal(p.kind === 'code' && p.challenge, 'SMS_MFA');
      assert.ok(p.kind === 'code' && p.destination, 'a masked destination');
      done(await c.answer({ kind: 'code', code: (await lastCode(sandbox, USERS.sms.sub)).code }));
    });

    void it('EMAIL_OTP as MFA', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.emailMfa.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const p = prompt(await c.answer({ kind: 'password', password: USERS.emailMfa.password }));
      assert.equal(p.kind === 'code' && p.challenge, 'EMAIL_OTP');
      done(await c.answer({ kind: 'code', code: (await lastCode(sandbox, USERS.emailMfa.sub)).code }));
    });

    void it('SELECT_MFA_TYPE: choose the authenticator app', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.secret, { clientSecret: SECRET }), USERS.multi.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const p = prompt(await c.answer({ kind: 'password', password: USERS.multi.password }));
      assert.equal(p.kind, 'select-mfa');
      assert.ok(p.kind === 'select-mfa' && p.options.includes('SOFTWARE_TOKEN_MFA') && p.options.includes('SMS_MFA'));
      assert.deepEqual(prompt(await c.answer({ kind: 'select', option: 'SOFTWARE_TOKEN_MFA' })), { kind: 'code', challenge: 'SOFTWARE_TOKEN_MFA' });
      done(await c.answer({ kind: 'code', code: totp(TOTP_SECRET, clock.now()) }));
    });

    void it('MFA_SETUP: the secret and an otpauth URI, VerifySoftwareToken, then TOTP on the next sign-in', async () => {
      const t = target(sandbox, MFA_POOL, CLIENTS.mfa, { clientSecret: SECRET });
      const c = conv(t, USERS.setup.username, 'USER_SRP_AUTH');
      prompt(await c.start());
      const p = prompt(await c.answer({ kind: 'password', password: USERS.setup.password }));
      assert.equal(p.kind, 'totp-setup');
      if (p.kind !== 'totp-setup') return;
      assert.match(p.secretCode, /^[A-Z2-7]+=*$/);
      const uri = new URL(p.otpauthUri);
      assert.equal(uri.protocol, 'otpauth:');
      assert.equal(uri.host, 'totp');
      assert.equal(decodeURIComponent(uri.pathname), `/${MFA_POOL}:${USERS.setup.username}`);
      assert.equal(uri.searchParams.get('secret'), p.secretCode);
      assert.equal(uri.searchParams.get('issuer'), MFA_POOL);
      const wrong = failed(await c.answer({ kind: 'code', code: totp(p.secretCode, clock.now(), 7) }));
      assert.equal(wrong.retryable, true);
      done(await c.answer({ kind: 'code', code: totp(p.secretCode, clock.now()) }));

      const again = conv(t, USERS.setup.username, 'USER_PASSWORD_AUTH');
      prompt(await again.start());
      assert.deepEqual(prompt(await again.answer({ kind: 'password', password: USERS.setup.password })), { kind: 'code', challenge: 'SOFTWARE_TOKEN_MFA' });
      clock.advance(30_000); // the sandbox refuses a TOTP code already used
      done(await again.answer({ kind: 'code', code: totp(p.secretCode, clock.now()) }));
    });

    void it('a Session that ran out: the 3-minute expiry explained, not retryable', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.totp.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      const step = await c.answer({ kind: 'password', password: USERS.totp.password });
      assert.equal(step.kind === 'prompt' && step.expiresAt, clock.now() + SIGN_IN_SESSION_MS);
      clock.advance(SIGN_IN_SESSION_MS + 1000);
      const f = failed(await c.answer({ kind: 'code', code: totp(TOTP_SECRET, clock.now()) }));
      assert.equal(f.explanation.id, SIGN_IN_SESSION_EXPIRED_ID);
      assert.match(f.explanation.whatHappened, /3 minutes/);
      assert.equal(f.retryable, false);
    });
  });

  void describe('USER_AUTH (choice-based)', () => {
    // The sandbox's users have no passkeys, so it never offers WEB_AUTHN (as Cognito does not):
    // the passkey entry of the picker is tested against a scripted endpoint (scripted.test.ts).
    void it('SELECT_CHALLENGE lists the first factors; EMAIL_OTP signs in', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_AUTH');
      const p = prompt(await c.start());
      assert.equal(p.kind, 'select-challenge');
      if (p.kind !== 'select-challenge') return;
      for (const f of ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP'] as const) assert.ok(p.options.includes(f), f);
      assert.deepEqual([...p.unavailableInEditor], []);
      const code = prompt(await c.answer({ kind: 'select', option: 'EMAIL_OTP' }));
      assert.equal(code.kind === 'code' && code.challenge, 'EMAIL_OTP');
      done(await c.answer({ kind: 'code', code: (await lastCode(sandbox, USERS.plain.sub)).code }));
    });

    void it('SELECT_CHALLENGE then PASSWORD_SRP, with a client secret', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.secret, { clientSecret: SECRET }), USERS.plain.email, 'USER_AUTH');
      prompt(await c.start());
      assert.deepEqual(prompt(await c.answer({ kind: 'select', option: 'PASSWORD_SRP' })), { kind: 'password' });
      done(await c.answer({ kind: 'password', password: USERS.plain.password }));
    });

    void it('SELECT_CHALLENGE then PASSWORD; a wrong password is retried through PREFERRED_CHALLENGE', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_AUTH');
      prompt(await c.start());
      prompt(await c.answer({ kind: 'select', option: 'PASSWORD' }));
      const f = failed(await c.answer({ kind: 'password', password: 'wrong-one' }));
      assert.equal(f.retryable, true);
      done(await c.answer({ kind: 'password', password: USERS.plain.password }));
    });

    for (const preferred of ['PASSWORD', 'PASSWORD_SRP'] as const) {
      void it(`PREFERRED_CHALLENGE ${preferred}`, async () => {
        const c = conv(target(sandbox, POOL, CLIENTS.secret, { clientSecret: SECRET }), USERS.plain.email, 'USER_AUTH', { preferred });
        assert.deepEqual(prompt(await c.start()), { kind: 'password' });
        done(await c.answer({ kind: 'password', password: USERS.plain.password }));
      });
    }

    void it('PREFERRED_CHALLENGE SMS_OTP sends a code at start', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_AUTH', { preferred: 'SMS_OTP' });
      const p = prompt(await c.start());
      assert.equal(p.kind === 'code' && p.challenge, 'SMS_OTP');
      done(await c.answer({ kind: 'code', code: (await lastCode(sandbox, USERS.plain.sub)).code }));
    });

    void it('PREFERRED_CHALLENGE WEB_AUTHN: said at once, nothing sent', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_AUTH', { preferred: 'WEB_AUTHN' });
      assert.equal(failed(await c.start()).explanation.id, 'client/passkey-in-editor');
    });
  });

  void describe('devices', () => {
    void it('remembering a device: ConfirmDevice, the keys in the record; the next sign-in skips MFA with device SRP', async () => {
      const t = target(sandbox, DEVICE_POOL, CLIENTS.devices);
      const c = conv(t, USERS.deviceTotp.username, 'USER_SRP_AUTH');
      prompt(await c.start());
      prompt(await c.answer({ kind: 'password', password: USERS.deviceTotp.password }));
      const p = prompt(await c.answer({ kind: 'code', code: totp(TOTP_SECRET, clock.now()) }));
      assert.equal(p.kind, 'device-name');
      const record = done(await c.answer({ kind: 'device-name', name: 'test laptop' }));
      const { deviceKey } = record.session;
      const { deviceGroupKey, devicePassword } = record.secrets;
      assert.ok(deviceKey && deviceGroupKey && devicePassword);
      assert.equal(Buffer.from(devicePassword, 'base64').length, 40);
      await refreshes(record);

      clock.advance(30_000);
      const again = conv({ ...t, deviceKey, deviceGroupKey, devicePassword }, USERS.deviceTotp.username, 'USER_SRP_AUTH');
      prompt(await again.start());
      const second = done(await again.answer({ kind: 'password', password: USERS.deviceTotp.password }));
      assert.equal(second.session.deviceKey, deviceKey, 'no MFA code was asked: the remembered device answered DEVICE_SRP_AUTH');
      assert.equal(second.secrets.devicePassword, devicePassword);
      await refreshes(second);
    });

    void it('a remembered device Cognito no longer knows: the sign-in goes on without it and offers a new one', async () => {
      const gone = { deviceKey: 'us-east-1_00000000-0000-4000-8000-00000000dead', deviceGroupKey: '-gone', devicePassword: 'Z29uZQ==' };
      clock.advance(30_000);
      const c = conv({ ...target(sandbox, DEVICE_POOL, CLIENTS.devices), ...gone }, USERS.deviceTotp.username, 'USER_SRP_AUTH');
      prompt(await c.start());
      const code = prompt(await c.answer({ kind: 'password', password: USERS.deviceTotp.password }));
      assert.equal(code.kind === 'code' && code.challenge, 'SOFTWARE_TOKEN_MFA', 'MFA is asked: the old device does not count');
      assert.equal(prompt(await c.answer({ kind: 'code', code: totp(TOTP_SECRET, clock.now()) })).kind, 'device-name');
      const record = done(await c.answer({ kind: 'device-name', name: 'new laptop' }));
      assert.ok(record.session.deviceKey && record.session.deviceKey !== gone.deviceKey);
      assert.notEqual(record.secrets.devicePassword, gone.devicePassword);
      await refreshes(record);
    });

    void it('not remembering: the device key is kept for refresh, no device secrets; MFA is asked next time', async () => {
      const t = target(sandbox, DEVICE_POOL, CLIENTS.devices);
      clock.advance(30_000);
      const c = conv(t, USERS.deviceTotp.username, 'USER_PASSWORD_AUTH');
      prompt(await c.start());
      prompt(await c.answer({ kind: 'password', password: USERS.deviceTotp.password }));
      prompt(await c.answer({ kind: 'code', code: totp(TOTP_SECRET, clock.now()) }));
      const record = done(await c.answer({ kind: 'device-name', name: undefined }));
      assert.ok(record.session.deviceKey);
      assert.equal(record.secrets.deviceGroupKey, undefined);
      assert.equal(record.secrets.devicePassword, undefined);
      await refreshes(record);
    });
  });

  void describe('cancel', () => {
    void it('after a prompt: the next answer is cancelled and nothing is held', async () => {
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.totp.email, 'USER_SRP_AUTH');
      prompt(await c.start());
      prompt(await c.answer({ kind: 'password', password: USERS.totp.password }));
      c.cancel();
      const held = c as unknown as { session?: string; pending: { kind: string } };
      assert.equal(held.session, undefined);
      assert.equal(held.pending.kind, 'none');
      assert.deepEqual(await c.answer({ kind: 'code', code: '000000' }), { kind: 'cancelled' });
    });

    void it('while a request is in flight: the step resolves cancelled', async () => {
      await fetch(`${sandbox.endpoint}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ operation: 'InitiateAuth', count: 1, latencyMs: 5000 }) });
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_PASSWORD_AUTH');
      prompt(await c.start());
      const pending = c.answer({ kind: 'password', password: USERS.plain.password });
      setTimeout(() => c.cancel(), 50);
      assert.deepEqual(await pending, { kind: 'cancelled' });
      await fetch(`${sandbox.endpoint}/__sandbox/faults`, { method: 'DELETE' });
    });

    void it('an AbortSignal cancels too', async () => {
      const ac = new AbortController();
      const c = conv(target(sandbox, POOL, CLIENTS.public), USERS.plain.email, 'USER_SRP_AUTH', { signal: ac.signal });
      prompt(await c.start());
      ac.abort();
      assert.deepEqual(await c.answer({ kind: 'password', password: USERS.plain.password }), { kind: 'cancelled' });
    });
  });
});
