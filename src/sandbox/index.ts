// The local Cognito-compatible sandbox: its in-process API.
//
// The sandbox plays Cognito and shares no code with src/core, which plays the
// client; its facts come from the SDK model and the AWS documentation.

import type { SandboxCall } from './call-log';
import { validateConfig, type SandboxConfig } from './config';
import { demoConfig } from './demo-config';
import type { FaultSpec } from './faults';
import type { SandboxInfo } from './info';
import { createSandboxServer } from './server';

export type { SandboxCall } from './call-log';
export type { AppClientConfig, PoolConfig, SandboxConfig, UserConfig } from './config';
export { SandboxConfigError, validateConfig } from './config';
export type { FaultSpec } from './faults';
export type { SandboxInfo } from './info';
export { demoConfig } from './demo-config';

export interface SandboxHandle {
  readonly endpoint: string;
  /** Describes the first pool. */
  readonly info: SandboxInfo;
  injectFault(f: FaultSpec): void;
  clearFaults(): void;
  calls(operation?: string): SandboxCall[];
  /** Stops listening and destroys every connection, keep-alive ones included. */
  close(): Promise<void>;
}

export interface StartSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default demoConfig(). Validated: a bad config rejects with SandboxConfigError. */
  config?: SandboxConfig;
  /** Milliseconds since the epoch; every expiry, grace period and iat reads it. Default Date.now. */
  now?: () => number;
}

export async function startSandbox(opts: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const config = validateConfig(opts.config ?? demoConfig());
  const running = await createSandboxServer({ config, port: opts.port, host: opts.host, now: opts.now });
  return {
    endpoint: running.endpoint,
    info: running.info,
    injectFault: (f) => running.injectFault(f),
    clearFaults: () => running.clearFaults(),
    calls: (operation) => running.calls(operation),
    close: () => running.close(),
  };
}
