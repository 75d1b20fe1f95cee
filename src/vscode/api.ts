// What activate() returns (`vscode.extensions.getExtension(id).exports`). Other extensions can
// read it, so it exposes nothing secret: the self-test hooks touch only what they create.
import type * as vscode from 'vscode';
import type { InspectorTestApi } from './inspector/index';
import type { PromptShown } from './sessions/prompts';
import type { SessionInfo } from './sessions/view';
import type { StatusBarState } from './statusBar/sessionStatusBar';

export interface CognitoTokenDebuggerApi {
  readonly apiVersion: 1;
  /** The ids of the registered command table (checked against package.json by the tests). */
  readonly commandIds: readonly string[];
  readonly selfTest: {
    /** Stores a random value in SecretStorage under a key of its own, reads it back and deletes it. */
    secretsRoundTrip(): Promise<{ stored: boolean; readBack: boolean; deleted: boolean }>;
    /**
     * The host chunks node has loaded so far (`sdk`, `refresh`, `import`, `catalog`, `inspector`,
     * `sandbox`: the files next to dist/extension.js found in `require.cache`, whatever code
     * required them); none right after activation.
     */
    lazyModulesLoaded(): readonly string[];
    /**
     * Writes one of a few fixed unreadable values as a new session straight into SecretStorage
     * (as a damaged keychain or another version would), for the broken-entry tests. Returns its id.
     */
    storeUnreadableSession(kind: 'invalid-json' | 'invalid-field' | 'newer-version'): Promise<string>;
    /**
     * Stops the built-in sandbox this window runs, as a window reload does (its state file stays).
     * Resolves to the endpoint it listened on, or undefined when this window runs none.
     */
    stopSandbox(): Promise<string | undefined>;
    /** The files in the built-in sandbox's folder (global storage), for the secret-hygiene checks. */
    sandboxFolder(): string | undefined;
    /** Everything the extension keeps outside SecretStorage (it must hold no token). */
    plainState(): { globalState: Record<string, unknown>; workspaceState: Record<string, unknown> };
    /** The extension's log folder (its output channel's file is under the parent folder). */
    logFolder(): string;
    /** How many SecretStorage calls the sessions made so far (get, store, delete): counts only. */
    secretCalls(): { get: number; store: number; delete: number; storesEnded: number };
  };
  /** The sessions, as the UI shows them: settings and facts, never a token. */
  readonly sessions: {
    list(): Promise<SessionInfo[]>;
    /** The same, read through a fresh store over SecretStorage (a second read path). */
    readBack(): Promise<{ id: string; kind: 'ok' | 'broken'; label?: string; hasRefreshToken?: boolean; refreshTokenFingerprint?: string }[]>;
    /** The session the status bar follows. */
    selected(): string | undefined;
    /** The Sessions view's data provider (labels, tooltips and context values as the view gets them). */
    readonly tree: vscode.TreeDataProvider<unknown> & { readonly renders: number };
    statusBar(): StatusBarState;
    /** When auto-refresh will next refresh the selected session, if it will. */
    autoRefreshDue(): { sessionId: string; at: number } | undefined;
    /** The last input box a session command showed (its field and prefilled value; never what was typed). */
    lastPrompt(): PromptShown | undefined;
  };
  /**
   * The token inspector's panels as tests see them: titles, CSP, message counts and a summary of
   * the last state (claim names, statuses, fingerprints; never a token or a claim value).
   */
  readonly inspector: InspectorTestApi;
}
