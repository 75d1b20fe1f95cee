// Makes a test script leave nothing behind: cleanups run on success, failure, an overall
// timeout and Ctrl+C / SIGTERM, and the last line is always `<label>: N passed, N failed`.
export function runGuarded(label, timeoutMs, main) {
  const cleanups = [];
  let finished = false;
  const counts = { passed: 0, failed: 0 };

  async function finish(code, reason) {
    if (finished) return;
    finished = true;
    if (reason) console.error(`${label}: ${reason}`);
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        console.error(`${label}: cleanup failed: ${err?.message ?? err}`);
      }
    }
    let failed = counts.failed;
    if (code !== 0 && failed === 0) failed = 1; // a run that broke before its tests counts as a failure
    if (counts.passed === 0 && failed === 0) {
      console.error(`${label}: no test ran`);
      failed = 1;
    }
    console.log(`${label}: ${counts.passed} passed, ${failed} failed`);
    process.exit(code === 0 && failed === 0 ? 0 : 1);
  }

  const timer = setTimeout(() => void finish(1, `overall timeout of ${Math.round(timeoutMs / 1000)} s reached`), timeoutMs);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void finish(1, `interrupted (${sig})`));

  const ctl = {
    counts,
    /** Registers a cleanup (run in reverse order of registration). */
    onCleanup: (fn) => cleanups.push(fn),
  };
  main(ctl).then(
    () => {
      clearTimeout(timer);
      return finish(0);
    },
    (err) => {
      clearTimeout(timer);
      return finish(1, err?.stack ?? String(err));
    },
  );
}
