// A sandbox with a state file survives a restart, in a new process too: the
// same keys, pools, clients, users and refresh-token state (valid, rotated,
// revoked, grace deadlines), and the file holds no token.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import {
  GetTokensFromRefreshTokenCommand, NotAuthorizedException, RefreshTokenReuseException, RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, readSandboxInfo, SandboxStateError, startSandbox, type SandboxHandle, type SandboxInfo } from '../../../src/sandbox/index';
import { clientNamed, FakeClock, rejectsWith, sdkClient, signIn } from './helpers';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sbx-state-'));
  dirs.push(d);
  return d;
}
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

type Cognito = ReturnType<typeof sdkClient>;

async function refresh(cognito: Cognito, clientId: string, token: string) {
  const out = await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token }));
  assert.ok(out.AuthenticationResult?.AccessToken);
  return out.AuthenticationResult;
}

/** The CLI in a child process; resolves with its first line (the info) once it listens. */
function startCli(args: string[]): Promise<{ child: ChildProcess; info: SandboxInfo }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.once('exit', (code) => reject(new Error(`sandbox CLI exited with ${code}: ${stderr}`)));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, info: JSON.parse(line) as SandboxInfo }));
  });
}

function stopCli(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Every token string and each of its dot-separated segments. */
function secretsOf(tokens: string[]): string[] {
  return tokens.flatMap((t) => [t, ...t.split('.')]).filter((s) => s.length >= 8);
}

void describe('state file', () => {
  void it('keeps refresh-token state, keys and identity across a restart in a new process, and stores no token', async () => {
    const dir = tempDir();
    const stateFile = join(dir, 'sandbox-state.json');
    const first = await startSandbox({ stateFile });
    const seen: string[] = [];
    let cognito = sdkClient(first);
    const rotating = clientNamed(first, 'rotating-no-grace');
    const plain = clientNamed(first, 'no-rotation');
    const { username, password } = first.info.user;

    const a = await signIn(cognito, rotating.clientId, username, password);
    const b = await refresh(cognito, rotating.clientId, a.RefreshToken);
    assert.ok(b.RefreshToken && b.RefreshToken !== a.RefreshToken);
    const revoked = await signIn(cognito, plain.clientId, username, password);
    await cognito.send(new RevokeTokenCommand({ ClientId: plain.clientId, Token: revoked.RefreshToken }));
    const live = await signIn(cognito, plain.clientId, username, password);
    seen.push(a.AccessToken, a.IdToken, a.RefreshToken, b.AccessToken!, b.IdToken!, b.RefreshToken,
      revoked.AccessToken, revoked.IdToken, revoked.RefreshToken, live.AccessToken, live.IdToken, live.RefreshToken);
    const jwksBefore = await (await fetch(first.info.jwksUri)).json();
    const firstInfo = first.info;
    cognito.destroy();
    await first.close();

    const text = readFileSync(stateFile, 'utf8');
    for (const secret of secretsOf(seen)) assert.ok(!text.includes(secret), `the state file holds a token or a token segment (${secret.slice(0, 12)}…)`);
    assert.equal(statSync(stateFile).mode & 0o077, 0, 'the state file is private to its owner');
    assert.deepEqual(readdirSync(dir), ['sandbox-state.json'], 'no temporary file is left behind');

    // A new process, from the file alone (no --port: it tries the recorded one).
    const { child, info } = await startCli(['--state', stateFile]);
    try {
      assert.equal(info.sandboxId, firstInfo.sandboxId);
      assert.equal(info.stateFile, stateFile);
      assert.deepEqual(info.pools.map((p) => [p.userPoolId, p.clients]), firstInfo.pools.map((p) => [p.userPoolId, p.clients]));
      assert.deepEqual(await (await fetch(info.jwksUri)).json(), jwksBefore, 'same signing keys');
      assert.deepEqual(await readSandboxInfo(info.endpoint, { expectSandboxId: firstInfo.sandboxId }), info, 'GET /__sandbox/info is the CLI line');
      assert.equal(await readSandboxInfo(info.endpoint, { expectSandboxId: 'another' }), undefined);

      cognito = sdkClient({ endpoint: info.endpoint, info } as SandboxHandle);
      const c = await refresh(cognito, rotating.clientId, b.RefreshToken);
      assert.ok(c.RefreshToken && c.RefreshToken !== b.RefreshToken, 'the live rotated token still refreshes');
      await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotating.clientId, RefreshToken: a.RefreshToken })),
        RefreshTokenReuseException);
      await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: plain.clientId, RefreshToken: revoked.RefreshToken })),
        NotAuthorizedException, { message: 'Refresh Token has been revoked' });
      await refresh(cognito, plain.clientId, live.RefreshToken);
      cognito.destroy();
      seen.push(c.AccessToken!, c.IdToken!, c.RefreshToken);
    } finally {
      await stopCli(child);
    }
    const after = readFileSync(stateFile, 'utf8');
    for (const secret of secretsOf(seen)) assert.ok(!after.includes(secret), 'the rewritten state file holds no token');
  });

  void it('keeps the grace deadline and the clock offset across a restart', async () => {
    const stateFile = join(tempDir(), 'state.json');
    const clock = new FakeClock();
    const first = await startSandbox({ stateFile, now: clock.now });
    let cognito = sdkClient(first);
    const grace = clientNamed(first, 'rotating-grace-10s');
    const plain = clientNamed(first, 'no-rotation');
    const t = await signIn(cognito, grace.clientId, first.info.user.username, first.info.user.password);
    await refresh(cognito, grace.clientId, t.RefreshToken);
    const expiring = await signIn(cognito, plain.clientId, first.info.user.username, first.info.user.password);
    cognito.destroy();
    await first.close();

    const second = await startSandbox({ stateFile, now: clock.now });
    try {
      cognito = sdkClient(second);
      clock.advanceSeconds(9);
      await refresh(cognito, grace.clientId, t.RefreshToken); // still within the 10 s grace period
      clock.advanceSeconds(2);
      await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: grace.clientId, RefreshToken: t.RefreshToken })), RefreshTokenReuseException);
      const moved = await fetch(`${second.endpoint}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 29 * 86400 }) });
      assert.equal(moved.status, 200);
      cognito.destroy();
    } finally {
      await second.close();
    }

    const third = await startSandbox({ stateFile, now: clock.now });
    try {
      cognito = sdkClient(third);
      // The 29 days were kept; one more day ends the 30-day refresh token.
      await refresh(cognito, plain.clientId, expiring.RefreshToken);
      clock.advanceSeconds(86400);
      await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: plain.clientId, RefreshToken: expiring.RefreshToken })),
        NotAuthorizedException, { message: 'Refresh Token has expired' });
      cognito.destroy();
    } finally {
      await third.close();
    }
  });

  void it('takes a free port when the recorded one is taken, and reports it', async () => {
    const stateFile = join(tempDir(), 'state.json');
    const first = await startSandbox({ stateFile });
    const firstPort = first.port;
    await first.close();
    const squatter = await startSandbox({ port: firstPort });
    try {
      const second = await startSandbox({ stateFile });
      assert.notEqual(second.port, firstPort);
      assert.equal(second.endpoint, `http://127.0.0.1:${second.port}`);
      assert.equal(second.info.sandboxId, first.info.sandboxId);
      await second.close();
      // An explicit port is not silently replaced, unless asked to.
      await assert.rejects(startSandbox({ stateFile, port: firstPort }), { code: 'EADDRINUSE' });
      const third = await startSandbox({ stateFile, port: firstPort, portFallback: true });
      assert.notEqual(third.port, firstPort);
      await third.close();
    } finally {
      await squatter.close();
    }
  });

  void it('refuses an unusable state file or a config other than the stored one, with a clear message', async () => {
    const dir = tempDir();
    for (const [content, message] of [['not json', /is not JSON/], ['{"format":"other"}', /not a sandbox state file/],
      ['{"format":"cognito-sandbox-state","version":99}', /version 99/]] as const) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, content);
      await assert.rejects(startSandbox({ stateFile: file }), (e: unknown) => e instanceof SandboxStateError && message.test(e.message) && /delete the file/.test(e.message));
    }
    const file = join(dir, 'good.json');
    await (await startSandbox({ stateFile: file })).close();
    const other = demoConfig();
    other.pools[0].clients = other.pools[0].clients.slice(1);
    await assert.rejects(startSandbox({ stateFile: file, config: other }), SandboxStateError);
    await (await startSandbox({ stateFile: file, config: demoConfig() })).close();
  });
});
