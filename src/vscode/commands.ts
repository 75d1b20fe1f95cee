// Every command of the extension, as one table: command id -> handler. Adding a command is
// one entry here and one in package.json `contributes.commands`; a test checks both agree.
import type { Ctx } from './context';
import { decodeTokenCommand } from './decode/decodeCommand';
import { type SandboxHolder, startSandboxCommand } from './sandbox/sandboxCommand';

export type CommandHandler = (...args: unknown[]) => unknown;

export interface CommandDeps {
  sandbox: SandboxHolder;
}

export function createCommands(ctx: Ctx, deps: CommandDeps) {
  return {
    'cognitoTokenDebugger.decodeToken': (arg?: unknown) => decodeTokenCommand(ctx, arg),
    'cognitoTokenDebugger.startSandbox': () => startSandboxCommand(ctx, deps.sandbox),
  } satisfies Record<`cognitoTokenDebugger.${string}`, CommandHandler>;
}

export type CommandId = keyof ReturnType<typeof createCommands>;
