import { UnrecoverableError, type Job } from 'bullmq';
import type { QueueConfig } from '../../config/schema';
import type { Dispatcher } from '../../delivery/dispatcher';
import type { DeliveryRow } from '../../repositories/deliveries';
import type { DbClock } from '../../repositories/db-clock';
import { retryDelayMs } from '../backoff';
import { nextStep } from '../next-step';
import { toOutgoing } from '../units';
import type { CarriedDelivery, DeliveryJobData } from './job-ids';
import type { RowMarks } from './row-marks';

/** A failed attempt to be retried after `delayMs` (the row already says when): read by `backoffStrategy`. */
export class RetryLaterError extends Error {
  constructor(message: string, readonly delayMs: number) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/**
 * BullMQ's custom backoff: the delay the processor chose (exponential with jitter, or a far side's
 * Retry-After within bounds), so a rate-limited delivery waits in Redis's delayed set, not in a slot.
 */
export const backoffStrategy =
  (queue: QueueConfig) =>
  (attemptsMade: number, _type?: string, error?: Error): number =>
    error instanceof RetryLaterError ? error.delayMs : retryDelayMs(attemptsMade, queue.backoff);

/** A claimed row, and why it is not to be sent after all (a fallback whose notification was read), or null. */
export interface Claimed {
  row: DeliveryRow;
  skip: string | null;
}

export interface ProcessorDeps {
  /** Marks a delivery `sending` (an attempt counted) and reads it; null when it is no longer to send. */
  claim: (deliveryId: number) => Promise<Claimed | null>;
  /** Writes the rows' statuses (jobs finishing together share statements). */
  marks: RowMarks;
  dispatcher: Dispatcher;
  clock: DbClock;
  queue: QueueConfig;
  log: { warn(message: string): void };
}

/** What the processor knows of the delivery it sends: a claimed row, or what its job carries. */
interface Sending {
  id: number;
  channel: string;
  provider: string;
  attempts: number;
}

/**
 * Sends the delivery a job names and records the outcome on its row with the same decision as the
 * database backend: `sent`, `skipped` (a veto), `failed` (thrown as `RetryLaterError`, BullMQ
 * retries) or `dead` (thrown as `UnrecoverableError`, BullMQ stops). A row that is done, cancelled
 * or gone is left alone: jobs may run twice. Resolves with whether it sent.
 *
 * A job that carries its delivery sends it on its first run of each attempt without reading the
 * row; its `sending` mark is written behind, in the stream its outcome follows. A job run again
 * after its worker died (BullMQ's stalled check) claims the row instead, which counts that attempt
 * and buries a delivery that kills its worker every time.
 */
export const createProcessor = ({ claim, marks, dispatcher, clock, queue, log }: ProcessorDeps) => {
  const record = async (delivery: Sending, step: ReturnType<typeof nextStep>): Promise<boolean> => {
    const { id } = delivery;
    // The job completes only once the row is written: a crash before that sends again, never loses.
    switch (step.status) {
      case 'sent':
        await marks.finish({ id, status: 'sent', externalId: step.externalId });
        return true;
      case 'skipped':
        await marks.finish({ id, status: 'skipped', lastError: step.lastError });
        return false;
      case 'failed':
        await marks.finish({ id, status: 'failed', lastError: step.lastError, runAt: new Date(clock.now().getTime() + step.delayMs) });
        throw new RetryLaterError(step.lastError, step.delayMs);
      case 'dead':
        await marks.finish({ id, status: 'dead', lastError: step.lastError });
        log.warn(
          `[notifs] delivery ${id} (${delivery.channel}/${delivery.provider}) is dead after ${delivery.attempts} attempt(s): ${step.lastError}`
        );
        throw new UnrecoverableError(step.lastError);
    }
  };

  const sendCarried = async (id: number, carried: CarriedDelivery, attempt: number): Promise<boolean> => {
    marks.sending(id);
    const [outcome] = await dispatcher.send([{ ...carried, attempt }]);
    return record({ id, channel: carried.channel, provider: carried.provider, attempts: attempt }, nextStep(outcome, attempt, queue));
  };

  const sendClaimed = async (deliveryId: number): Promise<boolean> => {
    const claimed = await claim(deliveryId);
    if (!claimed) return false;
    const { row, skip } = claimed;
    if (skip !== null) {
      await marks.finish({ id: row.id, status: 'skipped', lastError: skip });
      return false;
    }
    const [outcome] = await dispatcher.send([toOutgoing(row)]);
    return record(row, nextStep(outcome, row.attempts, queue));
  };

  return async (job: Job<DeliveryJobData>): Promise<boolean> => {
    const attempt = job.attemptsMade + 1;
    // attemptsStarted counts stalled runs too: more starts than attempts means a worker died on this one.
    const firstRun = job.attemptsStarted <= attempt;
    return job.data.delivery && firstRun ? sendCarried(job.data.deliveryId, job.data.delivery, attempt) : sendClaimed(job.data.deliveryId);
  };
};
