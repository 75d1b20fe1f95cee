// The soak's schedules: a small seeded PRNG and the drawing of one schedule (client, rotation
// hint, 3-8 steps) from it. Pure: the same seed and index always give the same schedule, so a
// failure found in CI is rerun with CTD_SOAK_SEED=<seed> CTD_SOAK_ONLY=<index>.

import { CATALOG } from '../../../src/core/errors';
import { mulberry32 } from '../../fixtures/random';

// Secret-store write failures are part of every run; CTD_SOAK_STORE_FAILURES=0 leaves them out
// (to tell a store-failure defect from another one).
const STORE_FAILURES = process.env.CTD_SOAK_STORE_FAILURES !== '0';


/** The seed of schedule `index` of run `seed` (each schedule draws from its own stream). */
export function scheduleSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

export type SoakClient = 'rotation-grace-10s' | 'rotation-no-grace' | 'no-rotation' | 'rotation-no-grace-family';

export const SOAK_CLIENTS: readonly SoakClient[] = ['rotation-grace-10s', 'rotation-no-grace', 'no-rotation', 'rotation-no-grace-family'];

/**
 * Every exception name the error catalog has a base entry for (the SDK's exceptions of
 * GetTokensFromRefreshToken, InitiateAuth and RevokeToken, from the catalog itself), plus
 * UnknownOperationException, which an endpoint without the operation answers (issue 8, item 3).
 */
export const FAULT_EXCEPTIONS: readonly string[] = [
  ...new Set([
    ...[...CATALOG.values()].filter((e) => e.kind === 'service' && e.id === e.name && /^[A-Za-z][A-Za-z0-9]*$/.test(e.name)).map((e) => e.name),
    'UnknownOperationException',
  ]),
];

export type Fault =
  | { readonly kind: 'error'; readonly name: string; readonly count: number }
  | { readonly kind: 'latency'; readonly latencyMs: number; readonly count: number }
  | { readonly kind: 'drop'; readonly drop: 'before-processing' | 'after-processing'; readonly latencyMs?: number; readonly count: number };

/** Who refreshes: window 0, window 1, or both at the same moment. */
export type Who = 0 | 1 | 'both';

export type Step =
  | { readonly kind: 'refresh'; readonly who: Who }
  | { readonly kind: 'fault'; readonly fault: Fault; readonly who: Who }
  | { readonly kind: 'store-failure'; readonly rejections: number; readonly who: Who }
  | { readonly kind: 'crash'; readonly window: 0 | 1 };

export interface Schedule {
  readonly index: number;
  readonly seed: number;
  readonly client: SoakClient;
  /** Whether the session knows the client's rotation setting (a correct hint) or must learn it. */
  readonly hint: boolean;
  readonly steps: readonly Step[];
}

export function drawSchedule(runSeed: number, index: number): Schedule {
  const seed = scheduleSeed(runSeed, index);
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const who = (): Who => {
    const r = rnd();
    return r < 0.4 ? 0 : r < 0.7 ? 1 : 'both';
  };
  const client = pick(SOAK_CLIENTS);
  const hint = rnd() < 0.7;
  const steps: Step[] = [];
  const n = int(3, 8);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.22) steps.push({ kind: 'refresh', who: 0 });
    else if (r < 0.34) steps.push({ kind: 'refresh', who: 'both' });
    else if (r < 0.7) steps.push({ kind: 'fault', fault: drawFault(rnd, int, pick), who: who() });
    // Secret-store write failures (1-3 refused writes) before a refresh in one or both windows.
    else if (r < 0.85) steps.push(STORE_FAILURES ? { kind: 'store-failure', rejections: int(1, 3), who: who() } : { kind: 'refresh', who: who() });
    else steps.push({ kind: 'crash', window: rnd() < 0.5 ? 0 : 1 });
  }
  return { index, seed, client, hint, steps };
}

function drawFault(rnd: () => number, int: (lo: number, hi: number) => number, pick: <T>(xs: readonly T[]) => T): Fault {
  const count = rnd() < 0.3 ? 2 : 1;
  const r = rnd();
  if (r < 0.5) return { kind: 'error', name: pick(FAULT_EXCEPTIONS), count };
  if (r < 0.62) return { kind: 'latency', latencyMs: int(5, 50), count };
  const drop = r < 0.8 ? 'before-processing' : 'after-processing';
  return rnd() < 0.3 ? { kind: 'drop', drop, latencyMs: int(5, 30), count } : { kind: 'drop', drop, count };
}
