// The composition root: every feature is wired here, in one screen, and the context object
// owns every disposable. Nothing heavy is evaluated here (see lazy.ts).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CognitoTokenDebuggerApi } from './api';
import { createCommands } from './commands';
import { createCtx } from './context';
import { TokenDocuments } from './decode/tokenDocuments';
import { handleCallbackUri } from './auth/uriRedirect';
import { registerTokenHover } from './hover/hoverProvider';
import { loaded } from './lazy';
import { createLog } from './log';
import { Inspector } from './inspector/index';
import { SandboxHolder } from './sandbox/sandboxCommand';
import { AutoRefresh } from './sessions/autoRefresh';
import { refreshWithProgress } from './sessions/networkActions';
import { lastPrompt } from './sessions/prompts';
import { SessionManager } from './sessions/sessionManager';
import { summarizeEntry } from './sessions/view';
import { SessionStatusBar } from './statusBar/sessionStatusBar';
import { createSessionsView, SessionsTree } from './tree/sessionsTree';
import { CountingSecrets } from './countingSecrets';

export function activate(context: vscode.ExtensionContext): CognitoTokenDebuggerApi {
  const log = createLog();
  const ctx = createCtx(context, log, new TokenDocuments());
  // VS Code disposes the context's subscriptions on deactivation: ctx, and through it everything.
  context.subscriptions.push(ctx);

  const sandbox = ctx.track(new SandboxHolder(ctx));
  // Sessions: SecretStorage-backed store + the core's refresh service (created on first use).
  const secrets = new CountingSecrets(context.secrets);
  const sessions = ctx.track(new SessionManager(ctx, secrets));
  active = sessions;
  // Tokens the secret storage refused: the user heard at once (networkActions); here, when they are saved after all.
  ctx.track(sessions.onDidChangeUnsaved((id) => {
    if (!sessions.hasUnsaved(id)) vscode.window.setStatusBarMessage('$(check) Cognito: the new tokens held in memory are saved now', 5000);
  }));
  sessions.interactiveRefresh = (id) => refreshWithProgress(ctx, sessions, id);
  // The built-in sandbox stops with a window's extension host; its sessions start it again.
  sessions.endpointRecovery = async (endpoint) => {
    if (endpoint !== (await sandbox.knownEndpoint())) return undefined;
    return (await sandbox.start()).sandbox.info.endpoint;
  };
  const tree = ctx.track(new SessionsTree(sessions));
  // The server view's node under each session (loaded on expand, in its own chunk).
  tree.ctx = ctx;
  ctx.track(createSessionsView(tree));
  const statusBar = ctx.track(new SessionStatusBar(sessions));
  const autoRefresh = ctx.track(new AutoRefresh(ctx, sessions));
  const inspector = ctx.track(new Inspector(ctx, sessions));
  const commands = createCommands(ctx, { sandbox, sessions, inspector });
  for (const [id, handler] of Object.entries(commands)) {
    ctx.track(vscode.commands.registerCommand(id, handler));
  }
  // Hover decode in every text document (activation: package.json `onLanguage` events).
  ctx.track(registerTokenHover(ctx));
  // Managed login's redirect through the URI handler (activation: `onUri`); the auth chunk loads only when a URI arrives.
  ctx.track(vscode.window.registerUriHandler({ handleUri: (uri) => handleCallbackUri(ctx, uri) }));

  log.info(`activated (${context.extension.packageJSON.version as string}, ${vscode.env.appName} ${vscode.version}, mode ${vscode.ExtensionMode[context.extensionMode]})`);

  return {
    apiVersion: 1,
    commandIds: Object.keys(commands),
    selfTest: {
      async secretsRoundTrip() {
        const key = 'cognitoTokenDebugger.selfTest';
        const value = randomUUID();
        await context.secrets.store(key, value);
        const readBack = (await context.secrets.get(key)) === value;
        await context.secrets.delete(key);
        const deleted = (await context.secrets.get(key)) === undefined;
        return { stored: true, readBack, deleted };
      },
      lazyModulesLoaded: loaded,
      storeUnreadableSession: (kind) => sessions.storeUnreadable(kind),
      stopSandbox: () => sandbox.stop(),
      sandboxFolder: () => sandbox.folder(),
      plainState: () => ({
        globalState: Object.fromEntries(context.globalState.keys().map((k) => [k, context.globalState.get(k)])),
        workspaceState: Object.fromEntries(context.workspaceState.keys().map((k) => [k, context.workspaceState.get(k)])),
      }),
      logFolder: () => context.logUri.fsPath,
      secretCalls: () => secrets.snapshot(),
    },
    sessions: {
      list: async () => {
        await sessions.ready;
        return sessions.entries().map(summarizeEntry);
      },
      readBack: () => sessions.readBack(),
      selected: () => sessions.selectedId(),
      tree,
      statusBar: () => statusBar.state(),
      autoRefreshDue: () => autoRefresh.next(),
      // A call, not the function itself: reading the binding would load its chunk (commands) at activation.
      lastPrompt: () => lastPrompt(),
    },
    inspector: inspector.testApi,
  };
}

let active: SessionManager | undefined;

/**
 * Everything is disposed through context.subscriptions. Before that, one last try to save
 * tokens that Cognito returned but the secret storage refused (VS Code waits for this promise
 * a few seconds): without it they would die with the window.
 */
export async function deactivate(): Promise<void> {
  const sessions = active;
  active = undefined;
  if (sessions) await sessions.flushUnsaved().catch(() => undefined);
}
