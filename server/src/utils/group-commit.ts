/**
 * Coalesces writes: items added while a flush is running wait and go together in the next one, so
 * under load many rows share one statement (and one commit), and alone an item is flushed at once
 * (or after `lingerMs`, when a caller would rather wait a little to share a commit).
 * `flush` answers one result per item, in order; each `add` resolves with its own result, or
 * rejects with its batch's error.
 */
export const groupCommit = <T, R = void>(flush: (items: T[]) => Promise<R[] | void>, { lingerMs = 0 }: { lingerMs?: number | (() => number) } = {}) => {
  let pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;

  const run = async (): Promise<void> => {
    while (pending.length) {
      const batch = pending;
      pending = [];
      try {
        const results = await flush(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve((results ? results[i] : undefined) as R));
      } catch (error) {
        batch.forEach((entry) => entry.reject(error));
      }
    }
    flushing = null;
  };

  return {
    add(item: T): Promise<R> {
      const done = new Promise<R>((resolve, reject) => pending.push({ item, resolve, reject }));
      // Let the other items arriving in this turn of the event loop (or within `lingerMs`) join the batch.
      const linger = typeof lingerMs === 'function' ? lingerMs() : lingerMs;
      flushing ??= new Promise<void>((resolve) => (linger > 0 ? setTimeout(resolve, linger) : setImmediate(resolve))).then(run);
      return done;
    },
  };
};
