// Fault injection: make the next calls of an operation fail, slow down or lose
// their connection.

export interface FaultSpec {
  /** 'GetTokensFromRefreshToken' | 'InitiateAuth' | 'RevokeToken' | '*' (any operation). */
  operation: string;
  /** How many matching calls this fault applies to. Default 1. */
  count?: number;
  /** Answer with this exception instead of processing the call. */
  error?: { name: string; message?: string };
  /** Wait this long before answering (or dropping). */
  latencyMs?: number;
  /**
   * Destroy the connection without an answer: 'before-processing' leaves the
   * sandbox's state untouched; 'after-processing' commits the call first (a
   * rotation happens, a token is revoked) and then loses the response.
   */
  drop?: 'before-processing' | 'after-processing';
}

const MAX_LATENCY_MS = 120_000;
const MAX_COUNT = 1_000_000;

/** Checks an untyped fault (JSON from the control endpoint or the config file). Throws Error with a clear message. */
export function parseFaultSpec(raw: unknown): FaultSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('a fault must be an object');
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['operation', 'count', 'error', 'latencyMs', 'drop'].includes(key)) {
      throw new Error(`unknown fault setting "${key}" (known: operation, count, error, latencyMs, drop)`);
    }
  }
  if (typeof o.operation !== 'string' || !(o.operation === '*' || /^[A-Za-z]+$/.test(o.operation))) {
    throw new Error('operation must be an operation name such as "GetTokensFromRefreshToken", or "*"');
  }
  const spec: FaultSpec = { operation: o.operation };
  if (o.count !== undefined) {
    if (typeof o.count !== 'number' || !Number.isInteger(o.count) || o.count < 1 || o.count > MAX_COUNT) {
      throw new Error(`count must be an integer from 1 to ${MAX_COUNT}`);
    }
    spec.count = o.count;
  }
  if (o.error !== undefined) {
    const e = o.error as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(e.name)) {
      throw new Error('error must be { "name": "<ExceptionName>", "message"?: "..." }');
    }
    if (e.message !== undefined && typeof e.message !== 'string') throw new Error('error.message must be a string');
    // The message also travels in the x-amzn-ErrorMessage header: keep it printable ASCII.
    if (typeof e.message === 'string' && !/^[\x20-\x7e]*$/.test(e.message)) throw new Error('error.message must be printable ASCII');
    spec.error = e.message === undefined ? { name: e.name } : { name: e.name, message: e.message };
  }
  if (o.latencyMs !== undefined) {
    if (typeof o.latencyMs !== 'number' || !Number.isFinite(o.latencyMs) || o.latencyMs < 0 || o.latencyMs > MAX_LATENCY_MS) {
      throw new Error(`latencyMs must be a number from 0 to ${MAX_LATENCY_MS}`);
    }
    spec.latencyMs = o.latencyMs;
  }
  if (o.drop !== undefined) {
    if (o.drop !== 'before-processing' && o.drop !== 'after-processing') throw new Error('drop must be "before-processing" or "after-processing"');
    spec.drop = o.drop;
  }
  if (spec.error && spec.drop) throw new Error('a fault either answers with an error or drops the connection, not both');
  if (!spec.error && !spec.drop && spec.latencyMs === undefined) throw new Error('a fault needs an error, a drop or a latencyMs');
  return spec;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/**
 * The faults waiting to fire, oldest first. Each call consumes at most one
 * fault: the oldest one that matches its operation. Put everything a call should
 * suffer (latency and an error, latency and a drop) in one spec.
 */
export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Takes one use of the first fault matching `operation`, if any. */
  take(operation: string): FaultSpec | undefined {
    const index = this.faults.findIndex((f) => f.spec.operation === '*' || f.spec.operation === operation);
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(index, 1);
    return fault.spec;
  }

  pending(): { spec: FaultSpec; remaining: number }[] {
    return this.faults.map((f) => ({ spec: f.spec, remaining: f.remaining }));
  }
}
