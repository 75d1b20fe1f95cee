// The local Cognito-compatible sandbox: its in-process API.
//
// The sandbox plays Cognito and shares no code with src/core, which plays the
// client; its facts come from the SDK model and the AWS documentation.

import type { SandboxCall } from './call-log';
import type { SandboxConfig } from './config';
import type { FaultSpec } from './faults';
import type { SandboxInfo } from './info';
import { createSandboxServer } from './server';
import type { SandboxMessage } from './sign-in/runtime';

export type { SandboxCall } from './call-log';
export type { SandboxMessage } from './sign-in/runtime';
export type { AppClientConfig, PoolConfig, SandboxConfig, UserConfig } from './config';
export { SandboxConfigError, validateConfig } from './config';
export type { FaultSpec } from './faults';
export type { SandboxClientInfo, SandboxInfo, SandboxPoolInfo } from './info';
export { demoConfig, DEMO_AWS_ISSUER_POOL_ID, DEMO_POOL_ID } from './demo-config';
export { DEMO_DEVICE_POOL_ID, DEMO_SIGN_IN_POOL_ID, DEMO_SIGN_IN_USERS, DEMO_TOTP_SECRET } from './demo-config';
export { SandboxStateError } from './persistence';
export { readSandboxInfo } from './discover';

export interface SandboxHandle {
  readonly endpoint: string;
  /** The port listened on (with a state file or portFallback, not always the one asked for). */
  readonly port: number;
  /** Describes the first pool. */
  readonly info: SandboxInfo;
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  calls(operation?: string): SandboxCall[];
  /** The SMS and email codes sign-ins sent (also GET /__sandbox/messages); `username` is the internal user name. */
  messages(filter?: { username?: string }): SandboxMessage[];
  /** Stops listening and destroys every connection, keep-alive ones included. */
  close(): Promise<void>;
}

export interface StartSandboxOptions {
  /**
   * The port to listen on; 0 picks a free one. Default: the port recorded in
   * `stateFile` (a free one if that is taken), else a free one.
   */
  port?: number;
  /** When `port` is taken, listen on a free port instead of rejecting with EADDRINUSE. Default false. */
  portFallback?: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Default: the config kept in `stateFile` when it exists, else demoConfig().
   * Validated: a bad config rejects with SandboxConfigError; one that differs
   * from the state file's rejects with SandboxStateError.
   */
  config?: SandboxConfig;
  /** Milliseconds since the epoch; every expiry, grace period and iat reads it. Default Date.now. */
  now?: () => number;
  /**
   * Keep keys, pools, users, clients, refresh-token state (as SHA-256 digests,
   * never tokens) and the clock offset in this file: loaded when present,
   * rewritten atomically (temporary file + rename) after every change. A file
   * that exists but is unusable rejects with SandboxStateError.
   */
  stateFile?: string;
}

export async function startSandbox(opts: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const running = await createSandboxServer(opts);
  return {
    endpoint: running.endpoint,
    port: running.port,
    info: running.info,
    injectFault: (f) => running.injectFault(f),
    clearFaults: () => running.clearFaults(),
    calls: (operation) => running.calls(operation),
    messages: (filter) => running.state.signIn.messages(filter),
    close: () => running.close(),
  };
}
