// One soak worker thread: its own sandboxes (one per lane), its share of the schedules, its
// totals posted back. Threads let the soak use every core: the sandbox, the SDK and the
// refresh service share one event loop per thread, and a run is CPU-bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { drawSchedule } from './schedule';
import { emptyTotals, runSchedule, startRig, watchUnhandledRejections, type SoakTotals } from './soak';

export interface WorkerInput {
  readonly seed: number;
  readonly indexes: readonly number[];
  readonly lanes: number;
  readonly trace: boolean;
}

export async function runShare(input: WorkerInput): Promise<SoakTotals> {
  const watch = watchUnhandledRejections();
  const dir = mkdtempSync(join(tmpdir(), 'ctd-soak-'));
  const rigs = await Promise.all(Array.from({ length: Math.min(input.lanes, input.indexes.length) || 1 }, () => startRig(dir, watch.seen)));
  const totals = emptyTotals();
  const trace = input.trace ? (line: string) => console.log(line) : undefined;
  try {
    let next = 0;
    await Promise.all(
      rigs.map(async (rig) => {
        while (next < input.indexes.length) await runSchedule(rig, drawSchedule(input.seed, input.indexes[next++]!), totals, trace);
      }),
    );
  } finally {
    await Promise.all(rigs.map((r) => r.close()));
    watch.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return totals;
}

if (parentPort && (workerData as { soak?: WorkerInput } | undefined)?.soak) {
  const port = parentPort;
  runShare((workerData as { soak: WorkerInput }).soak).then(
    (totals) => port.postMessage({ totals }),
    (err: unknown) => port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
}
