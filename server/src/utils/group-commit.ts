/**
 * Coalesces writes: items added while a flush is running wait and go together in the next one, so
 * under load many rows share one statement (and one commit), and alone an item is flushed at once.
 * `flush` answers one result per item, in order; each `add` resolves with its own result, or
 * rejects with its batch's error.
 */
export const groupCommit = <T, R = void>(flush: (items: T[]) => Promise<R[] | void>) => {
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
      // Let the other jobs arriving in this turn of the event loop join the batch.
      flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(run);
      return done;
    },
  };
};
