import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Coalescer } from '../../../src/core/util/coalesce';

async function hops(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe('Coalescer', () => {
  it('concurrent requests share one run', async () => {
    let runs = 0;
    const c = new Coalescer(async () => {
      runs++;
      await hops(3);
    });
    await Promise.all([c.run(), c.run(), c.run()]);
    assert.ok(runs <= 2, `ran ${runs} times`);
  });

  // The integration suite's removeAllSessions flake: a request arriving at any moment around
  // the end of a run must get a run that sees the state as of its request.
  it('a request made at any point of a run gets a complete run after it (every microtask offset)', async () => {
    for (let offset = 0; offset < 40; offset++) {
      let state = 0;
      let seen = -1;
      let passes = 0;
      const c = new Coalescer(async () => {
        passes++;
        const now = state;
        await hops(2);
        seen = now;
      });
      const first = c.run();
      let second: Promise<void> | undefined;
      void (async () => {
        await hops(offset);
        state = 1;
        second = c.run();
      })();
      await first;
      await hops(offset + 5);
      assert.ok(second, `offset ${offset}: the second request was made`);
      await second;
      assert.equal(seen, 1, `offset ${offset}: the run after the request saw its state (passes: ${passes})`);
    }
  });

  it('stops when told to', async () => {
    let runs = 0;
    let stop = false;
    const c = new Coalescer(
      async () => {
        runs++;
        stop = true;
        await hops(1);
      },
      () => stop,
    );
    await c.run();
    await c.run();
    assert.equal(runs, 1);
  });
});
