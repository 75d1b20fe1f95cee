/**
 * Runs async tasks one at a time per key, in call order. A failed task does
 * not block the ones queued after it. Used by stores to make each
 * read-modify-write of one session atomic within this process.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.runThen(key, async () => ({ value: await task() }));
  }

  /**
   * As `run`, but the caller has the task's `value` as soon as the task returns it, while the
   * key stays busy (later tasks wait) until `after` has settled too: work that must finish
   * before the next task, but that the caller need not wait for.
   */
  runThen<T>(key: string, task: () => Promise<{ readonly value: T; readonly after?: PromiseLike<unknown> }>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const started = previous.then(() => task());
    const tail = started.then(
      (r) => (r.after === undefined ? undefined : Promise.resolve(r.after).then(ignore, ignore)),
      ignore,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return started.then((r) => r.value);
  }

  /** Resolves once every task queued so far, and what it left running (`after`), has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}

function ignore(): void {
  // A failed task or `after` does not block the tasks queued after it.
}
