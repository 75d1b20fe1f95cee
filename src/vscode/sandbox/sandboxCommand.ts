// "Cognito: Start Sandbox": starts the local Cognito-compatible endpoint inside the extension
// host (lazily imported: it costs nothing until used) and shows where it listens.
// One sandbox per window; it stops when the extension deactivates.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { loadSandbox } from '../lazy';

type Sandbox = Awaited<ReturnType<Awaited<ReturnType<typeof loadSandbox>>['startSandbox']>>;

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

  constructor(private readonly ctx: Ctx) {}

  async start(): Promise<{ sandbox: Sandbox; alreadyRunning: boolean }> {
    if (this.running) return { sandbox: await this.running, alreadyRunning: true };
    const starting = loadSandbox().then((m) => m.startSandbox({}));
    this.running = starting;
    try {
      return { sandbox: await starting, alreadyRunning: false };
    } catch (err) {
      this.running = undefined;
      throw err;
    }
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
