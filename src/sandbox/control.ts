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
//   GET    /__sandbox/messages the SMS and email codes sign-ins "sent" (?username=internal-name to filter)
//   DELETE /__sandbox/messages empty the mailbox
//   GET    /__sandbox/pre-token-generation  the pool's trigger (?poolId=; default the first pool)
//   POST   /__sandbox/pre-token-generation  {"poolId"?, "config": {...} | null}: replace or remove it (triggers/control.ts)
//   POST   /__sandbox/groups  {"poolId"?, "username", "add"?, "remove"?}: change a user's groups
//   POST   /__sandbox/sessions  {"clientId", "username", "deviceType"?, "ipAddress"?}: a sign-in as if on another device (sessions/control.ts)

import type { CallLog } from './call-log';
import { parseFaultSpec, type FaultQueue } from './faults';
import type { SandboxInfo } from './info';
import { startSessionFromControl } from './sessions/control';
import type { SandboxState } from './state';
import { changeGroups, getPreTokenGeneration, setPreTokenGeneration } from './triggers/control';

export interface ControlContext {
  state: SandboxState;
  faults: FaultQueue;
  calls: CallLog;
  info: () => SandboxInfo;
}

export interface ControlResult {
  status: number;
  body: unknown;
  /** Set when the call changed state that a state file keeps. */
  changed?: boolean;
}

/** One call may move the clock by at most ten years. */
export const MAX_CLOCK_STEP_SECONDS = 10 * 365 * 86400;
/** At most this many faults in one POST (a count covers repeats). */
export const MAX_FAULTS_PER_POST = 1000;

const ROUTES: Record<string, readonly string[]> = {
  '/__sandbox/faults': ['GET', 'POST', 'DELETE'],
  '/__sandbox/calls': ['GET', 'DELETE'],
  '/__sandbox/info': ['GET'],
  '/__sandbox/clock': ['POST'],
  '/__sandbox/messages': ['GET', 'DELETE'],
  '/__sandbox/pre-token-generation': ['GET', 'POST'],
  '/__sandbox/groups': ['POST'],
  '/__sandbox/sessions': ['POST'],
};

/** `pathname` is the raw request path without its query (never percent-decoded). */
export function handleControl(method: string, pathname: string, query: URLSearchParams, body: Buffer, ctx: ControlContext): ControlResult {
  const path = withoutTrailingSlashes(pathname);
  const allowed = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (!allowed) return { status: 404, body: { error: `no control route ${path || pathname}; known: ${Object.keys(ROUTES).join(', ')}` } };
  if (!allowed.includes(method)) return { status: 405, body: { error: `${method} is not allowed on ${path}; use ${allowed.join(' or ')}` } };
  try {
    switch (`${method} ${path}`) {
      case 'POST /__sandbox/faults': {
        const parsed = parseJson(body, 'a fault object or an array of 1 to 1000 of them');
        const list = Array.isArray(parsed) ? parsed : [parsed];
        if (list.length === 0 || list.length > MAX_FAULTS_PER_POST) throw new Error(`body must hold 1 to ${MAX_FAULTS_PER_POST} faults, got ${list.length}`);
        const specs = list.map((f, i) => {
          try {
            return parseFaultSpec(f);
          } catch (e) {
            throw new Error(Array.isArray(parsed) ? `fault [${i}]: ${(e as Error).message}` : (e as Error).message);
          }
        });
        for (const spec of specs) ctx.faults.add(spec);
        return { status: 200, body: { pending: ctx.faults.pending() } };
      }
      case 'GET /__sandbox/faults':
        return { status: 200, body: { pending: ctx.faults.pending() } };
      case 'DELETE /__sandbox/faults':
        ctx.faults.clear();
        return { status: 200, body: { pending: [] } };
      case 'GET /__sandbox/calls':
        return { status: 200, body: ctx.calls.list(query.get('operation') ?? undefined) };
      case 'DELETE /__sandbox/calls':
        ctx.calls.clear();
        return { status: 200, body: [] };
      case 'GET /__sandbox/info':
        return { status: 200, body: ctx.info() };
      case 'POST /__sandbox/clock': {
        const seconds = parseClock(body);
        const refused = ctx.state.advanceClock(seconds * 1000);
        if (refused) throw new Error(refused);
        return { status: 200, body: { now: ctx.state.now() }, changed: true };
      }
      case 'GET /__sandbox/messages':
        return { status: 200, body: ctx.state.signIn.messages({ username: query.get('username') ?? undefined }) };
      case 'DELETE /__sandbox/messages':
        ctx.state.signIn.clearMessages();
        return { status: 200, body: [] };
      case 'GET /__sandbox/pre-token-generation':
        return { status: 200, body: getPreTokenGeneration(ctx.state, query) };
      case 'POST /__sandbox/pre-token-generation':
        return { status: 200, body: setPreTokenGeneration(ctx.state, body), changed: true };
      case 'POST /__sandbox/groups':
        return { status: 200, body: changeGroups(ctx.state, body), changed: true };
      case 'POST /__sandbox/sessions':
        return { status: 200, body: startSessionFromControl(ctx.state, body), changed: true };
      default:
        return { status: 404, body: { error: `no control route ${method} ${path}` } };
    }
  } catch (e) {
    return { status: 400, body: { error: (e as Error).message } };
  }
}

const CLOCK_USAGE = `body must be {"advanceSeconds": n} with n a number from 0 to ${MAX_CLOCK_STEP_SECONDS} (ten years; the clock only moves forward)`;

function parseClock(body: Buffer): number {
  const parsed = parseJson(body, '{"advanceSeconds": n}');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(CLOCK_USAGE);
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'advanceSeconds') throw new Error(`${CLOCK_USAGE}; got the members [${keys.slice(0, 5).join(', ')}]`);
  const seconds = (parsed as { advanceSeconds: unknown }).advanceSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_CLOCK_STEP_SECONDS) {
    throw new Error(`${CLOCK_USAGE}; got ${typeof seconds === 'number' ? String(seconds) : typeof seconds}`);
  }
  return seconds;
}

function parseJson(body: Buffer, expected: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(`body must be JSON: ${expected}`);
  }
}

/** Drops trailing slashes in one pass (a `/\/+$/` replace backtracks quadratically on a long run of slashes). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
  return path.slice(0, end);
}
