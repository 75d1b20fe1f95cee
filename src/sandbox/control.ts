// The control endpoint under /__sandbox/, for tests and demos that drive the
// sandbox from outside the process (the CLI, an extension under test).
//
//   POST   /__sandbox/faults   body: a FaultSpec or an array of them
//   GET    /__sandbox/faults   the faults still waiting to fire
//   DELETE /__sandbox/faults   drop every pending fault
//   GET    /__sandbox/calls    the call log (?operation=Name to filter)
//   DELETE /__sandbox/calls    clear the call log
//   GET    /__sandbox/info     the SandboxInfo of the first pool
//   POST   /__sandbox/clock    body: {"advanceSeconds": n}: move the sandbox clock forward

import type { CallLog } from './call-log';
import { parseFaultSpec, type FaultQueue } from './faults';
import type { SandboxInfo } from './info';
import type { SandboxState } from './state';

export interface ControlContext {
  state: SandboxState;
  faults: FaultQueue;
  calls: CallLog;
  info: SandboxInfo;
}

export interface ControlResult {
  status: number;
  body: unknown;
}

export function handleControl(method: string, url: URL, body: Buffer, ctx: ControlContext): ControlResult {
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'POST /__sandbox/faults': {
        const parsed = parseJson(body);
        const specs = (Array.isArray(parsed) ? parsed : [parsed]).map(parseFaultSpec);
        for (const spec of specs) ctx.faults.add(spec);
        return { status: 200, body: { pending: ctx.faults.pending() } };
      }
      case 'GET /__sandbox/faults':
        return { status: 200, body: { pending: ctx.faults.pending() } };
      case 'DELETE /__sandbox/faults':
        ctx.faults.clear();
        return { status: 200, body: { pending: [] } };
      case 'GET /__sandbox/calls':
        return { status: 200, body: ctx.calls.list(url.searchParams.get('operation') ?? undefined) };
      case 'DELETE /__sandbox/calls':
        ctx.calls.clear();
        return { status: 200, body: [] };
      case 'GET /__sandbox/info':
        return { status: 200, body: ctx.info };
      case 'POST /__sandbox/clock': {
        const parsed = parseJson(body) as { advanceSeconds?: unknown } | null;
        const seconds = parsed?.advanceSeconds;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
          return { status: 400, body: { error: 'body must be {"advanceSeconds": <non-negative number>}' } };
        }
        ctx.state.advanceClock(seconds * 1000);
        return { status: 200, body: { now: ctx.state.now() } };
      }
      default:
        return { status: 404, body: { error: `no control route ${route}` } };
    }
  } catch (e) {
    return { status: 400, body: { error: (e as Error).message } };
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('body must be JSON');
  }
}
