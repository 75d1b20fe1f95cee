// Starting and stopping a real VS Code (code-server 4.100.3) for the integration run, the
// e2e run and the demo. See ../../../shared/guide/real-vscode-here.md for why code-server.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The code-server launcher, installed into the cache by scripts/install-code-server.sh if needed. */
export function ensureCodeServer() {
  if (process.env.CTD_CODE_SERVER) return process.env.CTD_CODE_SERVER;
  const r = spawnSync('bash', [join(ROOT, 'scripts/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('scripts/install-code-server.sh failed (did you run scripts/install-system-deps.sh?)');
  const bin = r.stdout.trim().split('\n').pop();
  if (!bin || !existsSync(bin)) throw new Error(`code-server not found after install: ${bin}`);
  return bin;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** True when `port` can be bound on 127.0.0.1 right now. */
export function portIsFree(port) {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** A fresh profile: user-data dir (settings) and extensions dir, under `dir`. */
export function freshProfile(dir, settings = {}) {
  rmSync(dir, { recursive: true, force: true });
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        // The workspaces live inside this git clone: no "open the parent repository?" prompt.
        'git.openRepositoryInParentFolders': 'never',
        'git.autoRepositoryDetection': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  // An empty config file of our own, so code-server never writes ~/.config/code-server.
  const config = join(dir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\n');
  return { dir, userDataDir, extensionsDir, config };
}

/** code-server keeps a heartbeat and logs in $XDG_DATA_HOME/code-server: keep them in the profile too. */
function profileEnv(profile) {
  return { XDG_DATA_HOME: join(profile.dir, 'xdg-data'), XDG_CONFIG_HOME: join(profile.dir, 'xdg-config') };
}

function baseArgs(profile) {
  return [
    '--config', profile.config,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** code-server --install-extension X.vsix into the profile. */
export function installVsix(bin, profile, vsix) {
  const r = spawnSync(bin, [...baseArgs(profile), '--install-extension', vsix], { encoding: 'utf8', env: { ...process.env, ...profileEnv(profile) } });
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  return out.trim();
}

/**
 * Starts code-server on 127.0.0.1:port in its own process group (so stop() also ends the
 * extension host and every helper it started) and waits until it answers.
 */
export async function startCodeServer({ bin, profile, port, folder, logFile, env = {}, readyTimeoutMs = 120_000 }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const args = [...baseArgs(profile), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-workspace-trust'];
  if (folder) args.push(folder);
  const child = spawn(bin, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...profileEnv(profile), ...env },
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  const url = `http://127.0.0.1:${port}`;
  const handle = {
    child,
    url,
    port,
    get exited() {
      return exited;
    },
    stop: () => stopProcessGroup(child).finally(() => log.end()),
  };
  try {
    await waitUntil(`code-server on ${url}`, readyTimeoutMs, async () => {
      if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}); see ${logFile}`);
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        return res.ok;
      } catch {
        return false;
      }
    });
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}

/** SIGTERM to the whole group, SIGKILL after a grace period; resolves when it is gone. */
export async function stopProcessGroup(child, graceMs = 5_000) {
  if (!child || child.pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    while (alive() && Date.now() < deadline + 5_000) await sleep(100);
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a truthy value (returned) or the time is up (throws). */
export async function waitUntil(what, timeoutMs, probe, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The workbench URL for `folder`, optionally with VS Code's extension-test payload. */
export function workbenchUrl(handle, { folder, payload } = {}) {
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  if (payload) q.set('payload', JSON.stringify(payload));
  return `${handle.url}/?${q.toString()}`;
}

/** A file path as the remote URI the web workbench needs in a payload. */
export function remoteUri(handle, absPath) {
  return `vscode-remote://127.0.0.1:${handle.port}${absPath}`;
}
