type Option = number | (() => number);
const valueOf = (option: Option): number => (typeof option === 'function' ? option() : option);

/**
 * Coalesces writes: items added while a flush is running wait and go together in the next one, so
 * under load many rows share one statement (and one commit), and alone an item is flushed at once
 * (or after `lingerMs`, when a caller would rather wait a little to share a commit).
 *
 * With `flights` above 1, that many flushes may run at once (each in its own transaction, on its own
 * connection): while one waits on the database, the next is built, so the process and the database
 * work side by side. A second flight only starts for `minShare` items or more: a flush has a cost of
 * its own, which a few items do not repay.
 *
 * `flush` answers one result per item, in order; each `add` resolves with its own result, or
 * rejects with its batch's error.
 */
export const groupCommit = <T, R = void>(
  flush: (items: T[]) => Promise<R[] | void>,
  { lingerMs = 0, flights = 1, minShare = 1 }: { lingerMs?: Option; flights?: Option; minShare?: number } = {}
) => {
  let pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  let running = 0;

  /** Whether what waits may go now: nothing is in flight, or a flight is free and it is worth one. */
  const mayStart = () => !scheduled && (running === 0 || (running < valueOf(flights) && pending.length >= minShare));

  const run = async (): Promise<void> => {
    scheduled = false;
    // What waits is shared among the free flights, none below `minShare`.
    const shares = Math.max(1, Math.min(valueOf(flights) - running, Math.floor(pending.length / minShare)));
    const batch = pending.splice(0, Math.ceil(pending.length / shares));
    if (!batch.length) return;
    running += 1;
    if (pending.length && mayStart()) {
      scheduled = true;
      setImmediate(() => void run());
    }
    try {
      const results = await flush(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => entry.resolve((results ? results[i] : undefined) as R));
    } catch (error) {
      batch.forEach((entry) => entry.reject(error));
    } finally {
      running -= 1;
    }
    // What arrived meanwhile goes now: it already waited for a flight.
    if (pending.length && !scheduled) {
      scheduled = true;
      void run();
    }
  };

  return {
    add(item: T): Promise<R> {
      const done = new Promise<R>((resolve, reject) => pending.push({ item, resolve, reject }));
      if (mayStart()) {
        scheduled = true;
        // Let the other items arriving in this turn of the event loop (or within `lingerMs`) join the batch.
        const linger = valueOf(lingerMs);
        void new Promise<void>((resolve) => (linger > 0 ? setTimeout(resolve, linger) : setImmediate(resolve))).then(run);
      }
      return done;
    },
  };
};
