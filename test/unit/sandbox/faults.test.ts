// Fault injection: every modeled exception arrives as its SDK class; latency;
// dropped connections before and after processing, with and without the SDK's
// default retries; the control endpoint; faults from the config.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityProviderServiceException,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  RefreshTokenReuseException,
  RevokeTokenCommand,
  TooManyRequestsException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { demoConfig, startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, FakeClock, modeledExceptions, rejectsWith, sdkClient, sdkHasCommand, signIn } from './helpers';

type Op = 'GetTokensFromRefreshToken' | 'InitiateAuth' | 'RevokeToken';
const OPS: Op[] = ['GetTokensFromRefreshToken', 'InitiateAuth', 'RevokeToken'];

/** "(server fault)" or "(client fault)" as the SDK documents each exception of an operation. */
function faultKind(operation: Op, name: string): 'server' | 'client' {
  const file = join(dirname(require.resolve('@aws-sdk/client-cognito-identity-provider')), '..', 'dist-types', 'commands', `${operation}Command.d.ts`);
  const m = new RegExp(`@throws \\{@link ${name}\\} \\((server|client) fault\\)`).exec(readFileSync(file, 'utf8'));
  assert.ok(m, `no @throws line for ${name}`);
  return m[1] as 'server' | 'client';
}

function exceptionClass(name: string): abstract new (...args: never[]) => CognitoIdentityProviderServiceException {
  const ctor = (sdk as unknown as Record<string, unknown>)[name];
  assert.equal(typeof ctor, 'function', `the SDK exports no class ${name}`);
  return ctor as abstract new (...args: never[]) => CognitoIdentityProviderServiceException;
}

async function connectionError(call: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  try {
    await call;
  } catch (e) {
    assert.ok(!(e instanceof CognitoIdentityProviderServiceException), `expected a connection error, got ${(e as Error).name}`);
    return e as NodeJS.ErrnoException;
  }
  assert.fail('expected the call to fail with a connection error');
}

void describe('fault injection', () => {
  const clock = new FakeClock();
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  let retrying: CognitoIdentityProviderClient;

  before(async () => {
    sandbox = await startSandbox({ now: clock.now });
    cognito = sdkClient(sandbox);
    // The SDK's defaults: standard retry mode, three attempts.
    retrying = sdkClient(sandbox, { maxAttempts: undefined });
  });
  after(async () => {
    cognito.destroy();
    retrying.destroy();
    await sandbox.close();
  });

  const login = (name: string) => signIn(cognito, clientNamed(sandbox, name).clientId, sandbox.info.user.username, sandbox.info.user.password);
  const refresh = (client: CognitoIdentityProviderClient, name: string, token: string) =>
    client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientNamed(sandbox, name).clientId, RefreshToken: token }));

  /** A valid call of each operation, so that only the injected fault can make it fail. */
  async function validCall(op: Op): Promise<unknown> {
    const clientId = clientNamed(sandbox, 'no-rotation').clientId;
    switch (op) {
      case 'InitiateAuth':
        return cognito.send(new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId,
          AuthParameters: { USERNAME: sandbox.info.user.username, PASSWORD: sandbox.info.user.password },
        }));
      case 'GetTokensFromRefreshToken':
        return cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: (await login('no-rotation')).RefreshToken }));
      case 'RevokeToken':
        return cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: (await login('no-rotation')).RefreshToken }));
    }
  }

  for (const op of OPS) {
    void describe(`every exception the SDK models for ${op}`, () => {
      assert.ok(sdkHasCommand(op));
      const names = modeledExceptions(op);
      void it('is read from the SDK, not copied by hand', () => {
        assert.ok(names.length >= 7, `${op}: only ${names.join(', ')}`);
        assert.ok(names.includes('InternalErrorException') && names.includes('TooManyRequestsException'));
      });
      for (const name of names) {
        void it(`arrives as ${name}`, async () => {
          const message = `injected ${name} for ${op}`;
          sandbox.injectFault({ operation: op, error: { name, message } });
          const status = faultKind(op, name) === 'server' ? 500 : 400;
          const err = await rejectsWith(validCall(op), exceptionClass(name), { status, message });
          assert.equal(err.$fault, faultKind(op, name));
          const last = sandbox.calls(op).at(-1);
          assert.deepEqual(last && { status: last.status, errorName: last.errorName }, { status, errorName: name });
        });
      }
    });
  }

  void it('gives an injected exception a message when the spec has none', async () => {
    sandbox.injectFault({ operation: 'InitiateAuth', error: { name: 'TooManyRequestsException' } });
    await rejectsWith(validCall('InitiateAuth'), TooManyRequestsException, { message: 'Rate exceeded' });
  });

  void it('passes any exception name through, unmodeled ones as the service base class', async () => {
    sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'LimitExceededException', message: 'x' } });
    await rejectsWith(validCall('GetTokensFromRefreshToken'), sdk.LimitExceededException, { message: 'x' });
    sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'SomethingNewException', message: 'y' } });
    const err = await rejectsWith(validCall('GetTokensFromRefreshToken'), CognitoIdentityProviderServiceException, { message: 'y', name: 'SomethingNewException' });
    assert.equal(err.constructor, CognitoIdentityProviderServiceException);
  });

  void it('fails the next N calls of an operation, and "*" matches any operation', async () => {
    sandbox.injectFault({ operation: 'InitiateAuth', count: 2, error: { name: 'InternalErrorException' } });
    await rejectsWith(validCall('InitiateAuth'), sdk.InternalErrorException, { status: 500 });
    await rejectsWith(validCall('InitiateAuth'), sdk.InternalErrorException, { status: 500 });
    await validCall('InitiateAuth');

    sandbox.injectFault({ operation: '*', count: 2, error: { name: 'ForbiddenException' } });
    await rejectsWith(validCall('InitiateAuth'), sdk.ForbiddenException);
    await rejectsWith(cognito.send(new RevokeTokenCommand({ ClientId: 'any', Token: 'any' })), sdk.ForbiddenException);
    await validCall('InitiateAuth');
  });

  void it('clears pending faults', async () => {
    sandbox.injectFault({ operation: '*', count: 5, error: { name: 'InternalErrorException' } });
    sandbox.clearFaults();
    await validCall('InitiateAuth');
  });

  void it('adds latency', async () => {
    sandbox.injectFault({ operation: 'InitiateAuth', latencyMs: 250 });
    const started = performance.now();
    await validCall('InitiateAuth');
    assert.ok(performance.now() - started >= 240, 'the answer waited for the injected latency');
  });

  void it('combines latency with an error', async () => {
    sandbox.injectFault({ operation: 'InitiateAuth', latencyMs: 150, error: { name: 'TooManyRequestsException' } });
    const started = performance.now();
    await rejectsWith(validCall('InitiateAuth'), TooManyRequestsException);
    assert.ok(performance.now() - started >= 140);
  });

  void describe('dropped connections', () => {
    void it('before processing: the SDK sees a connection error and nothing changed on the server', async () => {
      const first = await login('rotating-no-grace');
      sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'before-processing' });
      const err = await connectionError(refresh(cognito, 'rotating-no-grace', first.RefreshToken));
      assert.equal(err.code, 'ECONNRESET');
      assert.deepEqual(sandbox.calls('GetTokensFromRefreshToken').at(-1)?.dropped, true);
      assert.equal(sandbox.calls('GetTokensFromRefreshToken').at(-1)?.status, 0);
      // No rotation happened: the token is still the current one.
      const again = await refresh(cognito, 'rotating-no-grace', first.RefreshToken);
      assert.ok(again.AuthenticationResult?.RefreshToken);
    });

    void it('after processing: the SDK sees a connection error but the rotation was committed', async () => {
      const first = await login('rotating-no-grace');
      sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'after-processing' });
      const err = await connectionError(refresh(cognito, 'rotating-no-grace', first.RefreshToken));
      assert.equal(err.code, 'ECONNRESET');
      const call = sandbox.calls('GetTokensFromRefreshToken').at(-1);
      assert.deepEqual(call && { status: call.status, dropped: call.dropped }, { status: 200, dropped: true });
      // The lost response carried the only valid successor: the old token is spent.
      await rejectsWith(refresh(cognito, 'rotating-no-grace', first.RefreshToken), RefreshTokenReuseException);
    });

    void it('after processing a revocation: the token is revoked although the client never heard back', async () => {
      const first = await login('no-rotation');
      sandbox.injectFault({ operation: 'RevokeToken', drop: 'after-processing' });
      await connectionError(cognito.send(new RevokeTokenCommand({ ClientId: clientNamed(sandbox, 'no-rotation').clientId, Token: first.RefreshToken })));
      await rejectsWith(refresh(cognito, 'no-rotation', first.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has been revoked' });
    });

    void it('with the SDK default retries, a drop before processing is invisible', async () => {
      const first = await login('rotating-no-grace');
      const before = sandbox.calls('GetTokensFromRefreshToken').length;
      sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'before-processing' });
      const out = await refresh(retrying, 'rotating-no-grace', first.RefreshToken);
      assert.ok(out.AuthenticationResult?.RefreshToken);
      assert.equal(out.$metadata.attempts, 2);
      assert.equal(sandbox.calls('GetTokensFromRefreshToken').length - before, 2);
    });

    void it('with the SDK default retries, a lost rotation succeeds on retry within the grace period', async () => {
      const first = await login('rotating-grace-10s');
      sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'after-processing' });
      const out = await refresh(retrying, 'rotating-grace-10s', first.RefreshToken);
      assert.ok(out.AuthenticationResult?.RefreshToken);
      assert.equal(out.$metadata.attempts, 2);
      const [dropped, retried] = sandbox.calls('GetTokensFromRefreshToken').slice(-2);
      assert.deepEqual([dropped.dropped, dropped.status, retried.dropped, retried.status], [true, 200, undefined, 200]);
    });

    void it('with the SDK default retries and grace 0, a lost rotation turns into RefreshTokenReuseException', async () => {
      const first = await login('rotating-no-grace');
      sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'after-processing' });
      const err = await rejectsWith(refresh(retrying, 'rotating-no-grace', first.RefreshToken), RefreshTokenReuseException);
      assert.equal(err.$metadata.attempts, 2);
    });
  });

  void describe('control endpoint', () => {
    const control = (path: string, init?: RequestInit) => fetch(`${sandbox.endpoint}/__sandbox/${path}`, init);

    void it('injects, lists and clears faults over HTTP', async () => {
      const res = await control('faults', {
        method: 'POST',
        body: JSON.stringify([{ operation: 'InitiateAuth', error: { name: 'TooManyRequestsException', message: 'slow down' } }, { operation: 'RevokeToken', count: 3, latencyMs: 1 }]),
      });
      assert.equal(res.status, 200);
      const listed = (await (await control('faults')).json()) as { pending: { remaining: number }[] };
      assert.deepEqual(listed.pending.map((p) => p.remaining), [1, 3]);
      await rejectsWith(validCall('InitiateAuth'), TooManyRequestsException, { message: 'slow down' });
      assert.equal((await control('faults', { method: 'DELETE' })).status, 200);
      assert.deepEqual(((await (await control('faults')).json()) as { pending: unknown[] }).pending, []);
    });

    void it('rejects a malformed fault with a clear message', async () => {
      const res = await control('faults', { method: 'POST', body: JSON.stringify({ operation: 'InitiateAuth', drop: 'sometimes' }) });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: string }).error, /drop must be "before-processing" or "after-processing"/);
      assert.throws(() => sandbox.injectFault({ operation: 'InitiateAuth' }), /needs an error, a drop or a latencyMs/);
    });

    void it('lists calls, filtered by operation, and clears them', async () => {
      await validCall('InitiateAuth');
      const all = (await (await control('calls')).json()) as { operation: string; at: number; status: number }[];
      assert.deepEqual(all, sandbox.calls());
      const revokes = (await (await control('calls?operation=RevokeToken')).json()) as { operation: string }[];
      assert.ok(revokes.length > 0 && revokes.every((c) => c.operation === 'RevokeToken'));
      await control('calls', { method: 'DELETE' });
      assert.deepEqual(sandbox.calls(), []);
    });

    void it('describes the sandbox', async () => {
      assert.deepEqual(await (await control('info')).json(), sandbox.info);
    });

    void it('moves the sandbox clock forward', async () => {
      const first = await login('no-rotation');
      const res = await control('clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: 30 * 86400 }) });
      assert.equal(res.status, 200);
      await rejectsWith(refresh(cognito, 'no-rotation', first.RefreshToken), NotAuthorizedException, { message: 'Refresh Token has expired' });
    });
  });
});

void describe('faults from the config', () => {
  void it('are active from the start', async () => {
    const config = demoConfig();
    config.faults = [{ operation: 'InitiateAuth', count: 1, error: { name: 'InternalErrorException', message: 'from config' } }];
    const sandbox = await startSandbox({ config });
    const cognito = sdkClient(sandbox);
    try {
      const c = clientNamed(sandbox, 'no-rotation');
      await rejectsWith(signIn(cognito, c.clientId, sandbox.info.user.username, sandbox.info.user.password), sdk.InternalErrorException, { status: 500, message: 'from config' });
      await signIn(cognito, c.clientId, sandbox.info.user.username, sandbox.info.user.password);
    } finally {
      cognito.destroy();
      await sandbox.close();
    }
  });

  void it('close() does not wait for a pending injected latency', async () => {
    const sandbox = await startSandbox();
    const cognito = sdkClient(sandbox);
    sandbox.injectFault({ operation: '*', latencyMs: 60_000 });
    const c = clientNamed(sandbox, 'no-rotation');
    const pending = signIn(cognito, c.clientId, sandbox.info.user.username, sandbox.info.user.password).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await sandbox.close();
    assert.ok(performance.now() - started < 1000);
    assert.ok((await pending) instanceof Error);
    cognito.destroy();
  });
});
