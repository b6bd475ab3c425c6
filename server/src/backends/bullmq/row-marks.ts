import type { DeliveryRepository, Finish } from '../../repositories/deliveries';
import type { DbClock } from '../../repositories/db-clock';
import { groupCommit } from '../../utils/group-commit';

type Mark = { sending: number } | { finish: Finish };

const partition = <T>(items: T[], test: (item: T) => boolean): [T[], T[]] => [items.filter(test), items.filter((item) => !test(item))];

/** How the bullmq worker writes its rows' statuses. */
export interface RowMarks {
  /** A job starts sending its row (the attempt counted); written behind, nobody waits for it. */
  sending(id: number): void;
  /** Resolves once the outcome is written: a job completes only then, so a crash before it sends again, never loses. */
  finish(result: Finish): Promise<void>;
}

/**
 * One ordered stream of status writes for the whole worker: marks made while a write is in flight
 * go together in the next one (a row's `sending` always before its outcome), and a row whose
 * `sending` and outcome meet in one write gets one statement. A burst of jobs costs a statement or
 * two per write, not round trips of its own before and after each send.
 */
export const createRowMarks = ({
  repository,
  clock,
  onError,
}: {
  repository: DeliveryRepository;
  clock: DbClock;
  onError: (error: Error) => void;
}): RowMarks => {
  const stream = groupCommit<Mark>(async (marks) => {
    await clock.refresh();
    const now = clock.now();
    const outcomes = marks.flatMap((mark) => ('finish' in mark ? [mark.finish] : []));
    const ended = new Set(outcomes.map((outcome) => outcome.id));
    const sending = new Set(marks.flatMap((mark) => ('sending' in mark ? [mark.sending] : [])));
    const stillSending = [...sending].filter((id) => !ended.has(id));
    if (stillSending.length) await repository.markSending(stillSending, now);
    const [unmarked, marked] = partition(outcomes, (outcome) => sending.has(outcome.id));
    if (unmarked.length) await repository.finish(unmarked, null, now, { unmarked: true });
    if (marked.length) await repository.finish(marked, null, now);
  });

  return {
    sending(id) {
      // Its outcome's write follows in this stream; a failed `sending` mark only leaves the row waiting until then.
      stream.add({ sending: id }).catch(onError);
    },
    finish: (result) => stream.add({ finish: result }),
  };
};
