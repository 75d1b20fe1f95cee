// What activate() returns (`vscode.extensions.getExtension(id).exports`). Other extensions can
// read it, so it exposes nothing secret: the self-test hooks touch only what they create.
export interface CognitoTokenDebuggerApi {
  readonly apiVersion: 1;
  /** The ids of the registered command table (checked against package.json by the tests). */
  readonly commandIds: readonly string[];
  readonly selfTest: {
    /** Stores a random value in SecretStorage under a key of its own, reads it back and deletes it. */
    secretsRoundTrip(): Promise<{ stored: boolean; readBack: boolean; deleted: boolean }>;
    /** The lazily loaded modules evaluated so far (none right after activation). */
    lazyModulesLoaded(): readonly string[];
  };
}
