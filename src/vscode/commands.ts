// Every command of the extension, as one table: command id -> handler. Adding a command is
// one entry here and one in package.json `contributes.commands`; a test checks both agree.
import type { Ctx } from './context';
import { signInAgainCommand, signInCommand } from './auth/signInCommand';
import { decodeTokenCommand } from './decode/decodeCommand';
import { copyHoveredTokenCommand } from './hover/copy';
import { type SandboxHolder, startSandboxCommand } from './sandbox/sandboxCommand';
import { addSessionCommand, repairSessionCommand } from './sessions/addSession';
import { startSandboxSessionCommand } from './sessions/sandboxSession';
import {
  compareTokensCommand,
  globalSignOutCommand,
  revokeServerSessionCommand,
  showClientConfigurationCommand,
  showServerSessionsCommand,
  showUserCommand,
} from './server/serverCommands';
import {
  copyTokenCommand,
  editSessionCommand,
  openInspectorCommand,
  refreshAllCommand,
  refreshSessionCommand,
  removeSessionCommand,
  revokeCommand,
  selectSessionCommand,
  verifySessionCommand,
  verifyTokenCommand,
  type InspectorView,
} from './sessions/sessionCommands';
import type { SessionManager } from './sessions/sessionManager';

export type CommandHandler = (...args: unknown[]) => unknown;

export interface CommandDeps {
  sandbox: SandboxHolder;
  sessions: SessionManager;
  inspector: InspectorView;
}

export function createCommands(ctx: Ctx, deps: CommandDeps) {
  return {
    'cognitoTokenDebugger.decodeToken': (arg?: unknown) => decodeTokenCommand(ctx, arg),
    'cognitoTokenDebugger.startSandbox': () => startSandboxCommand(ctx, deps.sandbox),
    // Sessions. Each takes its session as an argument (id, tree node, `{ sessionId }`) or asks.
    'cognitoTokenDebugger.addSession': (arg?: unknown) => addSessionCommand(ctx, deps.sessions, arg),
    'cognitoTokenDebugger.startSandboxSession': (arg?: unknown) => startSandboxSessionCommand(ctx, deps.sessions, deps.sandbox, arg),
    'cognitoTokenDebugger.refreshSession': (arg?: unknown) => refreshSessionCommand(ctx, deps.sessions, arg),
    'cognitoTokenDebugger.refreshAllSessions': () => refreshAllCommand(ctx, deps.sessions),
    'cognitoTokenDebugger.verifySession': (arg?: unknown) => verifySessionCommand(ctx, deps.sessions, arg),
    'cognitoTokenDebugger.verifyToken': (arg?: unknown, options?: unknown) => verifyTokenCommand(ctx, deps.sessions, arg, options),
    'cognitoTokenDebugger.revokeRefreshToken': (arg?: unknown, options?: unknown) => revokeCommand(ctx, deps.sessions, arg, options),
    'cognitoTokenDebugger.copyIdToken': (arg?: unknown) => copyTokenCommand(ctx, deps.sessions, 'id', arg),
    'cognitoTokenDebugger.copyAccessToken': (arg?: unknown) => copyTokenCommand(ctx, deps.sessions, 'access', arg),
    'cognitoTokenDebugger.copyRefreshToken': (arg?: unknown) => copyTokenCommand(ctx, deps.sessions, 'refresh', arg),
    'cognitoTokenDebugger.copyHoveredToken': (arg?: unknown) => copyHoveredTokenCommand(ctx, arg),
    'cognitoTokenDebugger.openInspector': (arg?: unknown) => openInspectorCommand(deps.sessions, deps.inspector, arg),
    'cognitoTokenDebugger.editSession': (arg?: unknown, patch?: unknown) => editSessionCommand(deps.sessions, arg, patch),
    'cognitoTokenDebugger.removeSession': (arg?: unknown, options?: unknown) => removeSessionCommand(deps.sessions, arg, options),
    'cognitoTokenDebugger.repairSession': (arg?: unknown, args?: unknown) => repairSessionCommand(ctx, deps.sessions, arg, args),
    'cognitoTokenDebugger.selectSession': (arg?: unknown) => selectSessionCommand(deps.sessions, arg),
    // Sign in (src/vscode/auth): a new session, or new tokens for a session whose refresh token is dead.
    'cognitoTokenDebugger.signIn': (arg?: unknown) => signInCommand(ctx, deps.sessions, deps.sandbox, arg),
    'cognitoTokenDebugger.signInAgain': (arg?: unknown, args?: unknown) => signInAgainCommand(ctx, deps.sessions, arg, args),
    // The server view (src/vscode/server): the session as Cognito sees it, and token comparison.
    'cognitoTokenDebugger.showServerSessions': (arg?: unknown, opts?: unknown) => showServerSessionsCommand(ctx, deps.sessions, arg, opts),
    'cognitoTokenDebugger.revokeServerSession': (arg?: unknown, opts?: unknown) => revokeServerSessionCommand(ctx, deps.sessions, arg, opts),
    'cognitoTokenDebugger.globalSignOut': (arg?: unknown, opts?: unknown) => globalSignOutCommand(ctx, deps.sessions, arg, opts),
    'cognitoTokenDebugger.showUser': (arg?: unknown, opts?: unknown) => showUserCommand(ctx, deps.sessions, arg, opts),
    'cognitoTokenDebugger.showClientConfiguration': (arg?: unknown, opts?: unknown) => showClientConfigurationCommand(ctx, deps.sessions, arg, opts),
    'cognitoTokenDebugger.compareTokens': (arg?: unknown, opts?: unknown) => compareTokensCommand(ctx, deps.sessions, arg, opts),
  } satisfies Record<`cognitoTokenDebugger.${string}`, CommandHandler>;
}

export type CommandId = keyof ReturnType<typeof createCommands>;
