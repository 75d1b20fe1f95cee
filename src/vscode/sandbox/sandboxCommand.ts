// "Cognito: Start Sandbox": the built-in local Cognito-compatible endpoint (lazily imported: it
// costs nothing until used), and how it survives window reloads.
//
// One built-in sandbox per profile, found in this order:
//   1. the one `npm run demo` started and named in CTD_SANDBOX_ENDPOINT (so the endpoint the demo
//      prints is the one the sessions talk to, and faults posted there reach them);
//   2. one another window of this profile runs (its endpoint and id in `running.json` under the
//      global storage folder, confirmed by asking it: GET /__sandbox/info);
//   3. else one started in this extension host, from `state.json` in the same folder: its keys,
//      pools, users and refresh-token state (hashes, never tokens) survive the reload that stops
//      it, and it listens on the same port again where that port is free.
// A refresh that finds the built-in sandbox gone (connection refused) starts it again and retries
// once: a refused connection never reached a server, so nothing is re-sent that could be reuse.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { SandboxInfo } from '../../sandbox/index';
import type { Ctx } from '../context';
import { loadSandbox } from '../lazy';

type Sandbox = { readonly info: SandboxInfo; close(): Promise<void> };

/** What the command returns: where the sandbox is, without its secrets. */
export interface SandboxSummary {
  endpoint: string;
  region: string;
  userPoolId: string;
  clients: { name: string; clientId: string }[];
  alreadyRunning: boolean;
}

export class SandboxHolder implements vscode.Disposable {
  private running: Promise<Sandbox> | undefined;
  /** The endpoint the built-in sandbox had before this start, when it moved to another port. */
  movedFrom: string | undefined;

  constructor(private readonly ctx: Ctx) {}

  /** Stops the sandbox this window started (keeps its state file). Resolves to its endpoint. */
  async stop(): Promise<string | undefined> {
    const running = this.running;
    this.running = undefined;
    if (!running) return undefined;
    const sandbox = await running.catch(() => undefined);
    await sandbox?.close();
    return sandbox?.info.endpoint;
  }

  folder(): string | undefined {
    const uri = this.ctx.extension.globalStorageUri;
    return uri.scheme === 'file' ? vscode.Uri.joinPath(uri, 'sandbox').fsPath : undefined;
  }

  /** The endpoint of the built-in sandbox as last recorded (running or not). */
  async knownEndpoint(): Promise<string | undefined> {
    const env = process.env.CTD_SANDBOX_ENDPOINT;
    if (env) return env;
    return (await this.readRunning())?.endpoint;
  }

  private async readRunning(): Promise<{ endpoint: string; sandboxId: string } | undefined> {
    const dir = this.folder();
    if (!dir) return undefined;
    try {
      const raw = JSON.parse(await fs.readFile(`${dir}/running.json`, 'utf8')) as { endpoint?: unknown; sandboxId?: unknown };
      return typeof raw.endpoint === 'string' && typeof raw.sandboxId === 'string' ? { endpoint: raw.endpoint, sandboxId: raw.sandboxId } : undefined;
    } catch {
      return undefined;
    }
  }

  async start(): Promise<{ sandbox: Sandbox; alreadyRunning: boolean }> {
    if (this.running) {
      const sandbox = await this.running;
      // Still answering? (An external one may have stopped.)
      const m = await loadSandbox();
      if (await m.readSandboxInfo(sandbox.info.endpoint, { expectSandboxId: sandbox.info.sandboxId })) return { sandbox, alreadyRunning: true };
      this.running = undefined;
    }
    const starting = this.find();
    this.running = starting.then((r) => r.sandbox);
    try {
      return await starting;
    } catch (err) {
      this.running = undefined;
      throw err;
    }
  }

  private async find(): Promise<{ sandbox: Sandbox; alreadyRunning: boolean }> {
    const m = await loadSandbox();
    const external = (info: SandboxInfo): Sandbox => ({ info, close: () => Promise.resolve() });
    const env = process.env.CTD_SANDBOX_ENDPOINT;
    if (env) {
      const info = await m.readSandboxInfo(env);
      if (info) {
        this.ctx.log.info(`sandbox: using the one at ${info.endpoint} (CTD_SANDBOX_ENDPOINT)`);
        return { sandbox: external(info), alreadyRunning: true };
      }
    }
    const recorded = await this.readRunning();
    if (recorded) {
      const info = await m.readSandboxInfo(recorded.endpoint, { expectSandboxId: recorded.sandboxId });
      if (info) {
        this.ctx.log.info(`sandbox: using the one another window runs at ${info.endpoint}`);
        return { sandbox: external(info), alreadyRunning: true };
      }
    }
    const dir = this.folder();
    if (dir) await fs.mkdir(dir, { recursive: true });
    const handle = await m.startSandbox({ ...(dir ? { stateFile: `${dir}/state.json` } : {}), portFallback: true });
    this.movedFrom = recorded && recorded.endpoint !== handle.info.endpoint ? recorded.endpoint : undefined;
    if (dir) {
      const tmp = `${dir}/running.json.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify({ endpoint: handle.info.endpoint, sandboxId: handle.info.sandboxId, pid: process.pid }));
      await fs.rename(tmp, `${dir}/running.json`);
    }
    return { sandbox: handle, alreadyRunning: false };
  }

  dispose(): void {
    const running = this.running;
    this.running = undefined;
    if (running) {
      running.then(
        (s) => s.close().catch((err: unknown) => this.ctx.log.error('sandbox: close failed', err)),
        () => undefined,
      );
    }
  }
}

export async function startSandboxCommand(ctx: Ctx, holder: SandboxHolder): Promise<SandboxSummary | undefined> {
  let result;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Starting the Cognito sandbox…' },
      () => holder.start(),
    );
  } catch (err) {
    ctx.log.error('sandbox: failed to start', err);
    void vscode.window.showErrorMessage(`The Cognito sandbox did not start: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  const { info } = result.sandbox;
  const summary: SandboxSummary = {
    endpoint: info.endpoint,
    region: info.region,
    userPoolId: info.userPoolId,
    clients: info.clients.map((c) => ({ name: c.name, clientId: c.clientId })),
    alreadyRunning: result.alreadyRunning,
  };
  ctx.log.info(
    `sandbox: ${result.alreadyRunning ? 'already running' : 'started'} at ${summary.endpoint}, pool ${summary.userPoolId}, ` +
      `clients ${summary.clients.map((c) => `${c.name}=${c.clientId}`).join(', ')}`,
  );
  void vscode.window
    .showInformationMessage(`Cognito sandbox ${result.alreadyRunning ? 'is running' : 'started'} at ${summary.endpoint} (pool ${summary.userPoolId}).`, 'Copy Endpoint')
    .then((choice) => (choice === 'Copy Endpoint' ? vscode.env.clipboard.writeText(summary.endpoint) : undefined));
  return summary;
}
