// npm run demo: the extension for real, in a real VS Code, on real (sandbox) tokens.
// Builds and packages the extension, starts the local Cognito sandbox, writes a demo workspace
// of files holding tokens it issued, starts code-server with the .vsix installed, prints the
// URL to open, and runs until Ctrl+C (then stops everything it started).
//
//   npm run demo [-- --port 8080] [--vsix FILE] [--exit-after-ready]
//   PORT=8080 npm run demo            (default 8080; a free port if that one is taken)
//
// code-server listens on 127.0.0.1 only, with no password: do not expose it.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../src/sandbox/index.ts';
import { ensureCodeServer, freePort, freshProfile, installVsix, portIsFree, ROOT, startCodeServer, workbenchUrl } from './lib/code-server.mjs';
import { writeDemoWorkspace } from './lib/demo-workspace.ts';
import { argValue, ensureVsix } from './lib/vsix-prep.mjs';

// Known and documented (../shared/guide): the SDK's notice that later releases need Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const cleanups = [];
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const c of cleanups.splice(0).reverse()) await c().catch((err) => console.error(`demo: cleanup: ${err?.message ?? err}`));
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.log(`\ndemo: stopping (${sig})`);
    void stop(0);
  });
}

async function main() {
  const wanted = Number(argValue('--port') ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) throw new Error(`bad port ${wanted}`);

  const vsix = ensureVsix();
  const bin = ensureCodeServer();

  // The one sandbox of the demo: the extension finds it through CTD_SANDBOX_ENDPOINT, so Start
  // Sandbox Session signs in here, and faults posted to the printed endpoint reach the sessions.
  // Its state file keeps it the same sandbox (keys, refresh-token state as hashes) across runs.
  mkdirSync(join(ROOT, '.artifacts'), { recursive: true });
  const stateFile = join(ROOT, '.artifacts/demo-sandbox-state.json');
  const freshSandbox = !existsSync(stateFile);
  const sandbox = await startSandbox({ stateFile, portFallback: true });
  cleanups.push(() => sandbox.close());
  // A second server-side session of the demo user, on another app client and as another device,
  // so Show Server Sessions (and the inspector's Cognito side) list two and one can be revoked.
  // Once per sandbox: its state file keeps it across runs.
  const other = sandbox.info.clients.find((c) => !c.clientSecret && !c.rotation) ?? sandbox.info.clients[1];
  if (freshSandbox && other) {
    const res = await fetch(`${sandbox.endpoint}/__sandbox/sessions`, {
      method: 'POST',
      body: JSON.stringify({ clientId: other.clientId, username: sandbox.info.user.username, deviceType: 'Mobile Safari 18, iOS 18', ipAddress: '192.0.2.44' }),
    });
    if (!res.ok) console.log(`demo: the second demo session was not made (${res.status} ${await res.text()})`);
  }
  const ws = await writeDemoWorkspace(join(ROOT, '.artifacts/demo-workspace'), sandbox);

  const art = join(ROOT, '.artifacts/demo');
  rmSync(art, { recursive: true, force: true });
  mkdirSync(art, { recursive: true });
  const profile = freshProfile(join(art, 'profile'));
  installVsix(bin, profile, vsix);

  // --port 0: any free port (asked for, not a fallback).
  const port = wanted !== 0 && (await portIsFree(wanted)) ? wanted : await freePort();
  if (wanted !== 0 && port !== wanted) console.log(`demo: port ${wanted} is taken; using ${port}`);
  const cs = await startCodeServer({ bin, profile, port, folder: ws.dir, logFile: join(art, 'code-server.log'), env: { CTD_SANDBOX_ENDPOINT: sandbox.endpoint } });
  cleanups.push(() => cs.stop());
  cs.child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`demo: code-server exited (${code ?? signal}); see ${join(art, 'code-server.log')}`);
      void stop(1);
    }
  });

  const url = workbenchUrl(cs, { folder: ws.dir });
  const info = sandbox.info;
  console.log(`
Cognito Token Debugger demo is running.

  Open:        ${url}
  Workspace:   ${ws.dir}
               ${Object.values(ws.files).join(', ')}: tokens the sandbox issued just now
  Try:         F1, "Cognito: Start Sandbox Session", then the Cognito view in the activity bar:
               refresh the session, open the inspector; hover the tokens in the demo files

  Sandbox:     ${info.endpoint}  (region ${info.region}, pool ${info.userPoolId}); the sessions use this one:
               curl -XPOST ${info.endpoint}/__sandbox/faults -d '{"operation":"GetTokensFromRefreshToken","error":{"name":"RefreshTokenReuseException"}}'
  Claim diff:  curl -XPOST ${info.endpoint}/__sandbox/groups -d '{"username":"${info.user.username}","remove":["beta-testers"]}'  then Refresh Session
               curl -XPOST ${info.endpoint}/__sandbox/pre-token-generation -d '{"config":{"version":"V2_0","accessToken":{"addOrOverride":{"tenant":"acme"},"scopesToAdd":["orders/read"]}}}'
  Server view: the demo user has a second session (another client, another device): right-click the session, Show Server Sessions
  Sign in:     ${info.user.username} / ${info.user.password}
  App clients: ${info.clients.map((c) => `${c.name}=${c.clientId}`).join(', ')}
  Logs:        ${join(art, 'code-server.log')}

Press Ctrl+C to stop.`);

  if (process.argv.includes('--exit-after-ready')) {
    const res = await fetch(url);
    console.log(`demo: workbench answered ${res.status}; exiting (--exit-after-ready)`);
    await stop(res.ok ? 0 : 1);
  }
}

main().catch((err) => {
  console.error(`demo: ${err?.stack ?? err}`);
  void stop(1);
});
