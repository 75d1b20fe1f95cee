// Finding a sandbox that is already running (another process, an earlier
// window): ask its control endpoint for the same JSON the CLI prints first.

import type { SandboxInfo } from './info';

/**
 * GET `<endpoint>/__sandbox/info`. Resolves to the running sandbox's info, or
 * undefined when nothing answers there or the answer is not a sandbox's
 * (a shape check, not a trust decision: the caller chose the endpoint).
 * Pass `expectSandboxId` to accept only the sandbox a state file belongs to.
 */
export async function readSandboxInfo(endpoint: string, opts: { expectSandboxId?: string; signal?: AbortSignal } = {}): Promise<SandboxInfo | undefined> {
  let body: unknown;
  try {
    const res = await fetch(`${endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint}/__sandbox/info`, { signal: opts.signal ?? AbortSignal.timeout(5000) });
    if (res.status !== 200) return undefined;
    body = await res.json();
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const info = body as Partial<SandboxInfo>;
  if (typeof info.endpoint !== 'string' || typeof info.userPoolId !== 'string' || typeof info.sandboxId !== 'string'
    || !Array.isArray(info.clients) || !Array.isArray(info.pools)) return undefined;
  if (opts.expectSandboxId !== undefined && info.sandboxId !== opts.expectSandboxId) return undefined;
  return info as SandboxInfo;
}
