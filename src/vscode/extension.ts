// The composition root: every feature is wired here, in one screen, and the context object
// owns every disposable. Nothing heavy is evaluated here (see lazy.ts).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CognitoTokenDebuggerApi } from './api';
import { createCommands } from './commands';
import { createCtx } from './context';
import { TokenDocuments } from './decode/tokenDocuments';
import { loaded } from './lazy';
import { createLog } from './log';
import { SandboxHolder } from './sandbox/sandboxCommand';

export function activate(context: vscode.ExtensionContext): CognitoTokenDebuggerApi {
  const log = createLog();
  const ctx = createCtx(context, log, new TokenDocuments());
  // VS Code disposes the context's subscriptions on deactivation: ctx, and through it everything.
  context.subscriptions.push(ctx);

  const sandbox = ctx.track(new SandboxHolder(ctx));
  const commands = createCommands(ctx, { sandbox });
  for (const [id, handler] of Object.entries(commands)) {
    ctx.track(vscode.commands.registerCommand(id, handler));
  }

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
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
