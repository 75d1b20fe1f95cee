// "Start Sandbox Session": the built-in sandbox (started in this extension host, or the one
// already running), the demo user signed in through the core (InitiateAuth USER_PASSWORD_AUTH)
// on a demo app client, and the session stored with the sandbox as its endpoint. A new user can
// try everything without AWS. The demo password is sent once and never stored or logged.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { SandboxHolder } from '../sandbox/sandboxCommand';
import { flash, showFailure } from './feedback';
import type { SessionManager } from './sessionManager';

export interface SandboxSessionResult {
  ok: boolean;
  sessionId?: string;
  label?: string;
  endpoint?: string;
  client?: string;
  clientId?: string;
  alreadyRunning?: boolean;
  /** An existing session of this sandbox and client was selected instead of signing in again. */
  reused?: boolean;
  message?: string;
}

interface DemoClient {
  name: string;
  clientId: string;
  clientSecret: string | null;
  rotation: boolean;
  graceSeconds: number;
  /** Absent from sandboxes of earlier versions. */
  refreshTokenSeconds?: number;
}

function describe(c: DemoClient): string {
  if (c.clientSecret) return `client secret${c.rotation ? ', rotation' : ', no rotation'}`;
  if (!c.rotation) return 'no rotation (InitiateAuth works too)';
  return c.graceSeconds > 0 ? `rotation, ${c.graceSeconds} s grace period` : 'rotation, no grace period';
}

/** Rotation with a grace period first: the behaviour most worth watching. */
function rank(c: DemoClient): number {
  if (c.rotation && !c.clientSecret && c.graceSeconds > 0) return 0;
  if (c.rotation && !c.clientSecret) return 1;
  if (!c.clientSecret) return 2;
  return 3;
}

function clientArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim() !== '') return arg.trim();
  if (arg && typeof arg === 'object' && typeof (arg as { client?: unknown }).client === 'string') return (arg as { client: string }).client;
  return undefined;
}

export async function startSandboxSessionCommand(ctx: Ctx, sessions: SessionManager, holder: SandboxHolder, arg: unknown): Promise<SandboxSessionResult> {
  let started;
  try {
    started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the Cognito sandbox…' }, () => holder.start());
  } catch (err) {
    ctx.log.error('sandbox session: the sandbox did not start', err);
    void vscode.window.showErrorMessage(`Cognito: the sandbox did not start: ${err instanceof Error ? err.message : String(err)}`);
    return { ok: false, message: 'the sandbox did not start' };
  }
  const { info } = started.sandbox;
  const clients = [...info.clients].sort((a, b) => rank(a) - rank(b));
  const wanted = clientArg(arg);
  let client: DemoClient | undefined;
  if (wanted !== undefined) {
    client = clients.find((c) => c.name === wanted || c.clientId === wanted);
    if (!client) {
      const message = `no demo app client "${wanted}" (there are ${clients.map((c) => c.name).join(', ')})`;
      void vscode.window.showErrorMessage(`Cognito: ${message}.`);
      return { ok: false, endpoint: info.endpoint, message };
    }
  } else {
    const chosen = await vscode.window.showQuickPick(
      clients.map((c, i) => ({ client: c, label: c.name, description: describe(c), detail: i === 0 ? 'Recommended: watch the refresh token rotate' : undefined })),
      { title: 'Cognito: Start Sandbox Session', placeHolder: 'Which demo app client should the session use?' },
    );
    if (!chosen) return { ok: false, endpoint: info.endpoint, message: 'cancelled' };
    client = chosen.client;
  }

  // The sandbox moved to another port (its old one was taken after a reload): its sessions follow.
  const moved = holder.movedFrom;
  if (moved !== undefined) {
    for (const s of sessions.sessions().filter((v) => v.session.endpoint === moved)) await sessions.update(s.id, { endpoint: info.endpoint });
    holder.movedFrom = undefined;
  }
  // One session per sandbox client: an existing one that still works is selected, not duplicated.
  const existing = sessions.sessions().find((v) => v.session.endpoint === info.endpoint && v.session.clientId === client.clientId && v.session.userPoolId === info.userPoolId);
  if (existing && existing.lastError === undefined) {
    sessions.select(existing.id);
    flash(`$(beaker) Selected the existing sandbox session "${existing.session.label}"`);
    return { ok: true, sessionId: existing.id, label: existing.session.label, endpoint: info.endpoint, client: client.name, clientId: client.clientId, alreadyRunning: started.alreadyRunning, reused: true };
  }
  if (existing) await sessions.remove(existing.id);

  const label = `Sandbox demo user (${client.name})`;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Signing in the sandbox demo user on ${client.name}…`, cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      return sessions
        .signInWithPassword({
          label,
          region: info.region,
          userPoolId: info.userPoolId,
          clientId: client.clientId,
          endpoint: info.endpoint,
          ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
          username: info.user.username,
          password: info.user.password,
          refreshMethod: 'auto',
          rotationHint: { enabled: client.rotation, graceSeconds: client.graceSeconds },
          // Older sandboxes (another window's, an npm run demo of an earlier version) may not say.
          ...(typeof client.refreshTokenSeconds === 'number' ? { refreshTokenValidity: { seconds: client.refreshTokenSeconds, source: 'sandbox' as const } } : {}),
          signal: abort.signal,
        })
        .finally(() => sub.dispose());
    },
  );
  if (!outcome.ok) {
    if ('explanation' in outcome) {
      if (outcome.reason !== 'cancelled') showFailure({ what: 'Signing in the sandbox demo user failed', explanation: outcome.explanation, showLog: () => ctx.log.show() });
    } else {
      void vscode.window.showErrorMessage(`Cognito: signing in the sandbox demo user failed: ${outcome.reason === 'challenge' ? `Cognito asked for ${outcome.challengeName}` : outcome.message}`);
    }
    return { ok: false, endpoint: info.endpoint, client: client.name, clientId: client.clientId, alreadyRunning: started.alreadyRunning, message: outcome.reason };
  }
  const id = outcome.record.session.id;
  sessions.select(id);
  void vscode.window.showInformationMessage(
    `Cognito: added "${label}" from the sandbox at ${info.endpoint}. Refresh it to watch the refresh token ${client.rotation ? 'rotate' : 'stay the same'}.`,
  );
  return { ok: true, sessionId: id, label, endpoint: info.endpoint, client: client.name, clientId: client.clientId, alreadyRunning: started.alreadyRunning };
}
