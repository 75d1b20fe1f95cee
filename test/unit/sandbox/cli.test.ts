// The CLI: spawned as `npm run sandbox` runs it, first stdout line parsed, the
// printed user signed in through the SDK, then stopped with a signal.

import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { jwtPayload } from './helpers';

const CLI = join(__dirname, '..', '..', '..', 'src', 'sandbox', 'cli.ts');

function runCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with stdout lines as they come; `next()` waits for the following one. */
function lines(child: ChildProcessWithoutNullStreams): { next(): Promise<string>; all: string[] } {
  const all: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (line) => {
    all.push(line);
    waiting.shift()?.(line);
  });
  let read = 0;
  return {
    all,
    next: () => new Promise((resolve, reject) => {
      if (read < all.length) return resolve(all[read++]);
      const timer = setTimeout(() => reject(new Error(`no stdout line within 15 s; stderr may tell why`)), 15_000);
      waiting.push((line) => {
        clearTimeout(timer);
        read++;
        resolve(line);
      });
    }),
  };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

void describe('sandbox CLI', () => {
  void it('prints the sandbox as JSON on its first line, serves the printed user, logs redacted lines and stops on SIGTERM', async () => {
    const child = runCli(['--port', '0']);
    const exit = exited(child);
    const out = lines(child);
    try {
      const info = JSON.parse(await out.next()) as {
        endpoint: string; region: string; userPoolId: string;
        clients: { name: string; clientId: string; clientSecret: string | null; rotation: boolean; graceSeconds: number }[];
        user: { username: string; password: string };
      };
      assert.match(info.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(info.region, 'us-east-1');
      assert.match(info.userPoolId, /^us-east-1_\w+$/);
      assert.equal(info.clients.length, 4);
      for (const c of info.clients) assert.deepEqual(Object.keys(c).filter((k) => k !== 'callbackURLs').sort(), ['clientId', 'clientSecret', 'graceSeconds', 'name', 'refreshTokenSeconds', 'rotation']);
      const rotating = info.clients.find((c) => c.rotation && c.graceSeconds === 10);
      assert.ok(rotating);

      const cognito = new CognitoIdentityProviderClient({ endpoint: info.endpoint, region: info.region, maxAttempts: 1 });
      const res = await cognito.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: rotating.clientId,
        AuthParameters: { USERNAME: info.user.username, PASSWORD: info.user.password },
      }));
      cognito.destroy();
      const idToken = res.AuthenticationResult?.IdToken ?? '';
      assert.equal(jwtPayload(idToken).iss, `${info.endpoint}/${info.userPoolId}`);

      let logLine = '';
      while (!/InitiateAuth 200/.test(logLine)) logLine = await out.next();
      assert.match(logLine, /^\d\d:\d\d:\d\d\.\d{3} InitiateAuth 200 \d+ms$/);
      // Nothing token-like anywhere in the output after the first line.
      const rest = out.all.slice(1).join('\n');
      assert.ok(!rest.includes(idToken.slice(0, 40)) && !/eyJ[\w-]{10,}/.test(rest), rest);
      assert.ok(!rest.includes(info.user.password));
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await exit;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
  });

  void it('exits with 2 and a clear message on bad arguments', async () => {
    await Promise.all([['--port', 'eighty'], ['--port', '70000'], ['--bogus']].map(async (args) => {
      const { code, stderr } = await exited(runCli(args));
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^cognito sandbox: .+\nusage: npm run sandbox/, args.join(' '));
    }));
  });

  void it('exits with 2 and lists the problems of a bad config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ region: 'us-east-1', pools: [{ id: 'us-east-1_P', name: 'p', clients: [], users: [] }] }));
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ nope');
    await Promise.all(([
      [bad, /pools\[0\]\.clients: needs at least one app client/],
      [notJson, /is not valid JSON/],
      [join(dir, 'missing.json'), /cannot read config file .*ENOENT/],
    ] as const).map(async ([file, pattern]) => {
      const { code, stderr } = await exited(runCli(['--config', file]));
      assert.equal(code, 2, file);
      assert.match(stderr, pattern);
    }));
  });

  void it('serves a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({
      region: 'eu-central-1',
      pools: [{
        id: 'eu-central-1_Custom1', name: 'custom',
        clients: [{ name: 'only', clientId: 'onlyclient', clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }],
        users: [{ username: 'bob', password: 'pw', sub: '22222222-3333-4444-8555-666666666666' }],
      }],
    }));
    const child = runCli(['--config', file]);
    const exit = exited(child);
    try {
      const info = JSON.parse(await lines(child).next()) as { region: string; userPoolId: string; clients: unknown[]; user: unknown };
      assert.equal(info.region, 'eu-central-1');
      assert.equal(info.userPoolId, 'eu-central-1_Custom1');
      assert.deepEqual(info.clients, [{ name: 'only', clientId: 'onlyclient', clientSecret: null, rotation: false, graceSeconds: 0, refreshTokenSeconds: 30 * 86400 }]);
      assert.deepEqual(info.user, { username: 'bob', password: 'pw' });
    } finally {
      child.kill('SIGINT');
    }
    assert.equal((await exit).code, 0);
  });
});
