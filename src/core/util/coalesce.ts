// Runs an async task so that concurrent requests share runs, and a request made while a run is
// under way gets one more complete run after it: the promise a caller gets never resolves with
// work that started before its request.
//
// The sessions snapshot depends on this. Before, a request that arrived after the running pass
// had finished but before the shared promise's `finally` cleared it joined a promise that was
// about to resolve without another pass: Remove Session then resolved with a snapshot that
// still listed the session it had just deleted (the integration suite's "still lists a session
// that was just removed", under load). Here the loop and the clearing happen in one step.
export class Coalescer {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly stopped: () => boolean = () => false,
  ) {}

  /** Resolves after a complete run of the task that started after this call. */
  run(): Promise<void> {
    this.again = true;
    if (this.running) return this.running;
    const loop = async (): Promise<void> => {
      try {
        while (this.again && !this.stopped()) {
          this.again = false;
          await this.task();
        }
      } finally {
        // Synchronously after the last check of `again`: no request can fall in between.
        this.running = undefined;
      }
    };
    this.running = loop();
    return this.running;
  }

  /** Whether a run is under way. */
  get busy(): boolean {
    return this.running !== undefined;
  }
}
