import type { DeliveryRepository, Finish } from '../../repositories/deliveries';
import type { DbClock } from '../../repositories/db-clock';
import { groupCommit } from '../../utils/group-commit';

type Mark = { sending: number } | { finish: Finish };

const partition = <T>(items: T[], test: (item: T) => boolean): [T[], T[]] => [items.filter(test), items.filter((item) => !test(item))];

/** How the bullmq worker writes its rows' statuses. */
export interface RowMarks {
  /** A job starts sending its row (the attempt counted); written behind, nobody waits for it. */
  sending(id: number): void;
  /** Resolves once the outcome is written: a retry or a dead job must not leave before its row says so. */
  finish(result: Finish): Promise<void>;
  /**
   * Resolves at once while fewer than `behind` outcomes wait to be written (the job completes and
   * its slot takes the next one), else once this one is written. A crash before the write leaves
   * the row `queued` or `sending` with no job, which the relay sends again: at-least-once, as before.
   */
  finishBehind(result: Finish): Promise<void>;
  /** Resolves once every mark made so far is written (drain, stop). */
  written(): Promise<void>;
}

/**
 * One ordered stream of status writes for the whole worker: marks made while a write is in flight
 * go together in the next one (a row's `sending` always before its outcome), so a burst of jobs
 * costs one `sending` statement and one `sent` statement, not a round trip each before its send.
 */
export const createRowMarks = ({
  repository,
  clock,
  behind,
  onError,
}: {
  repository: DeliveryRepository;
  clock: DbClock;
  /** Outcomes that may wait unwritten at most: the worker's concurrency bounds what a crash sends twice. */
  behind: number;
  onError: (error: Error) => void;
}): RowMarks => {
  let unwritten = 0;
  const inFlight = new Set<Promise<void>>();
  const stream = groupCommit<Mark>(async (marks) => {
    await clock.refresh();
    const now = clock.now();
    const outcomes = marks.flatMap((mark) => ('finish' in mark ? [mark.finish] : []));
    // A row whose `sending` and outcome go in this same write skips `sending`: one statement, not two.
    const ended = new Set(outcomes.map((outcome) => outcome.id));
    const sending = new Set(marks.flatMap((mark) => ('sending' in mark ? [mark.sending] : [])));
    const stillSending = [...sending].filter((id) => !ended.has(id));
    if (stillSending.length) await repository.markSending(stillSending, now);
    const [unmarked, marked] = partition(outcomes, (outcome) => sending.has(outcome.id));
    if (unmarked.length) await repository.finish(unmarked, null, now, { unmarked: true });
    if (marked.length) await repository.finish(marked, null, now);
  });
  const track = (write: Promise<void>): Promise<void> => {
    inFlight.add(write);
    void write.then(
      () => inFlight.delete(write),
      () => inFlight.delete(write)
    );
    return write;
  };

  return {
    sending(id) {
      track(stream.add({ sending: id })).catch(onError);
    },
    finish(result) {
      return track(stream.add({ finish: result }));
    },
    finishBehind(result) {
      unwritten += 1;
      const write = track(stream.add({ finish: result })).finally(() => (unwritten -= 1));
      if (unwritten > behind) return write;
      write.catch(onError);
      return Promise.resolve();
    },
    async written() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
};
