// At most one task in flight per key; concurrent callers share its result.
//
// Cancellation is per caller: a caller whose AbortSignal fires while others
// still wait gets its `onAbort` value at once, and the shared task keeps
// running for the others. When the last waiting caller gives up (a caller
// without a signal never does), the task's own signal fires and that caller
// gets the task's result, which then reports the cancellation itself (with
// what was sent and recorded).
//
// The task is started synchronously, so work it queues (e.g. on a per-session
// lane) keeps the order of the calls.

interface Flight<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  participants: number;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  has(key: string): boolean {
    return this.flights.has(key);
  }

  run(key: string, signal: AbortSignal | undefined, task: (signal: AbortSignal) => Promise<T>, onAbort: () => T): Promise<T> {
    if (signal?.aborted) return Promise.resolve(onAbort());
    let flight = this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      let promise: Promise<T>;
      try {
        promise = task(controller.signal);
      } catch (err) {
        promise = Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      const started: Flight<T> = { promise, controller, participants: 0 };
      const forget = (): void => {
        if (this.flights.get(key) === started) this.flights.delete(key);
      };
      void promise.then(forget, forget);
      this.flights.set(key, started);
      flight = started;
    }
    return this.join(flight, signal, onAbort);
  }

  private join(flight: Flight<T>, signal: AbortSignal | undefined, onAbort: () => T): Promise<T> {
    flight.participants++;
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const abandon = (): void => {
        flight.participants--;
        if (flight.participants > 0) {
          resolve(onAbort());
          return;
        }
        // The last one waiting: cancel the task and report what it did.
        flight.controller.abort(signal.reason);
      };
      signal.addEventListener('abort', abandon, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', abandon);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', abandon);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}
