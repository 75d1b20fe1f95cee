// Fault soak (issue 8): seeded schedules against one in-process sandbox, each a fresh sign-in
// on one of four app clients (rotation with a 10 s grace period, rotation without grace, no
// rotation, rotation without grace revoking the token family on reuse), then 3-8 steps drawn
// from: a refresh in one window; two windows (two RefreshService over one shared secret store,
// FileCoordinator on one folder) refreshing at once; an injected fault before a refresh (every
// exception of the error catalog, latency, a connection dropped before or after processing);
// a secret store that refuses writes; a crash (a window disposed and rebuilt, its memory lost).
// After every step: (a) the store holds a refresh token the sandbox still accepts, or the
// session says why it ended; (b) no refresh token is sent after its grace period; (c) every
// attempt has a history event; (d) no unhandled rejection.
//
// CTD_SOAK_SCHEDULES (default 1,000; 10,000 with CTD_LONG=1), CTD_SOAK_SEED to rerun a seed,
// CTD_SOAK_ONLY=<index> to rerun one schedule of that seed, CTD_SOAK_TRACE=1 to print its requests
// and outcomes (fingerprints, never tokens).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { drawSchedule, FAULT_EXCEPTIONS } from './schedule';
import { emptyTotals, runSchedule, startRig, watchUnhandledRejections, type SoakRig, type Violation } from './soak';

const SCHEDULES = Number(process.env.CTD_SOAK_SCHEDULES ?? (process.env.CTD_LONG ? 10_000 : 1_000));
const SEED = process.env.CTD_SOAK_SEED !== undefined ? Number(process.env.CTD_SOAK_SEED) >>> 0 : randomInt(2 ** 31);
const ONLY = process.env.CTD_SOAK_ONLY !== undefined ? Number(process.env.CTD_SOAK_ONLY) : undefined;
// Schedules run in lanes, each against its own in-process sandbox: a sandbox's fault queue is
// matched by operation only, so two schedules on one sandbox would take each other's faults.
// Lanes keep the run short (a two-window step waits out one 50 ms lease poll); every schedule
// is still drawn from (seed, index) alone and runs the same in any lane.
const LANES = Math.max(1, Number(process.env.CTD_SOAK_LANES ?? 4));

describe('fault soak', () => {
  let rigs: SoakRig[];
  let dir: string;
  let watch: ReturnType<typeof watchUnhandledRejections>;
  before(async () => {
    watch = watchUnhandledRejections();
    dir = mkdtempSync(join(tmpdir(), 'ctd-soak-'));
    rigs = await Promise.all(Array.from({ length: ONLY !== undefined ? 1 : LANES }, () => startRig(dir, watch.seen)));
  });
  after(async () => {
    await Promise.all(rigs.map((r) => r.close()));
    watch.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${ONLY !== undefined ? `schedule ${ONLY}` : `${SCHEDULES} schedules`} of seed ${SEED}: no session lost, no violation`, async () => {
    console.log(`soak: seed ${SEED} (rerun with CTD_SOAK_SEED=${SEED}); ${FAULT_EXCEPTIONS.length} exception names`);
    const totals = emptyTotals();
    const indexes = ONLY !== undefined ? [ONLY] : Array.from({ length: SCHEDULES }, (_, i) => i);
    const trace = process.env.CTD_SOAK_TRACE ? (line: string) => console.log(line) : undefined;
    let next = 0;
    await Promise.all(
      rigs.map(async (rig) => {
        while (next < indexes.length) await runSchedule(rig, drawSchedule(SEED, indexes[next++]!), totals, trace);
      }),
    );
    totals.violations.sort((x, y) => x.schedule - y.schedule || x.step - y.step);
    const v = totals.violations;
    console.log(
      `soak: ${totals.steps} steps, ${totals.attempts} requests, ${totals.faults} faults, ${totals.storeRejections} store writes refused, ${totals.crashes} crashes; ` +
        `ended by the server ${totals.endedByServer}, ended by a lost response ${totals.endedByLostResponse}, ` +
        `lost to a crash while the secret store refused writes ${totals.lostToCrash}, re-sent after a reported lost response ${totals.resentAfterLostResponse}`,
    );
    console.log(`soak: seed ${SEED}, schedules ${totals.schedules}, refreshes ${totals.refreshes}, sessions lost ${totals.sessionsLost}, violations ${v.length}`);
    if (v.length > 0) {
      const byInvariant = new Map<string, number>();
      for (const x of v) byInvariant.set(`(${x.invariant}) ${x.kind}`, (byInvariant.get(`(${x.invariant}) ${x.kind}`) ?? 0) + 1);
      console.log(`soak: violations by kind: ${[...byInvariant].map(([k, n]) => `${k} ${n} (first: schedule ${v.find((x) => `(${x.invariant}) ${x.kind}` === k)?.schedule})`).join(', ')}`);
      for (const x of v.slice(0, Number(process.env.CTD_SOAK_PRINT ?? 10))) console.log(`soak: ${describeViolation(x)}`);
      const first = v[0]!;
      console.log(`soak: first failure: seed ${SEED}, schedule ${first.schedule}: ${JSON.stringify(drawSchedule(SEED, first.schedule))}`);
      console.log(`soak: rerun it with CTD_SOAK_SEED=${SEED} CTD_SOAK_ONLY=${first.schedule} node scripts/run-unit.mjs test/unit/soak`);
    }
    assert.equal(totals.schedules, indexes.length);
    assert.equal(totals.sessionsLost, 0, `sessions lost (seed ${SEED}, first at schedule ${v.find((x) => x.message.startsWith('session lost'))?.schedule})`);
    assert.equal(v.length, 0, `violations (seed ${SEED}, first at schedule ${v[0]?.schedule}): ${v[0] ? describeViolation(v[0]) : ''}`);
  });
});

function describeViolation(x: Violation): string {
  return `schedule ${x.schedule} step ${x.step} (${x.invariant}) ${x.kind}: ${x.message}`;
}
