import { UnrecoverableError, type Job } from 'bullmq';
import type { QueueConfig } from '../../config/schema';
import type { Dispatcher } from '../../delivery/dispatcher';
import type { DeliveryRow, Finish } from '../../repositories/deliveries';
import type { DbClock } from '../../repositories/db-clock';
import { retryDelayMs } from '../backoff';
import { nextStep } from '../next-step';
import { toOutgoing } from '../units';
import type { DeliveryJobData } from './job-ids';

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
  /** Writes how the send ended; resolves once written (jobs finishing together share statements). */
  finish: (result: Finish) => Promise<void>;
  dispatcher: Dispatcher;
  clock: DbClock;
  queue: QueueConfig;
  log: { warn(message: string): void };
}

/**
 * Sends the delivery a job names and records the outcome on its row with the same decision as the
 * database backend: `sent`, `skipped` (a veto), `failed` (thrown as `RetryLaterError`, BullMQ
 * retries) or `dead` (thrown as `UnrecoverableError`, BullMQ stops). A row that is done, cancelled
 * or gone is left alone: jobs may run twice. Resolves with whether it sent.
 */
export const createProcessor =
  ({ claim, finish, dispatcher, clock, queue, log }: ProcessorDeps) =>
  async (job: Job<DeliveryJobData>): Promise<boolean> => {
    const claimed = await claim(job.data.deliveryId);
    if (!claimed) return false;
    const { row, skip } = claimed;
    if (skip !== null) {
      await finish({ id: row.id, status: 'skipped', lastError: skip });
      return false;
    }
    const [outcome] = await dispatcher.send([toOutgoing(row)]);
    const step = nextStep(outcome, row.attempts, queue);
    // The job completes only once the row is written: a crash before that sends again, never loses.
    switch (step.status) {
      case 'sent':
        await finish({ id: row.id, status: 'sent', externalId: step.externalId });
        return true;
      case 'skipped':
        await finish({ id: row.id, status: 'skipped', lastError: step.lastError });
        return false;
      case 'failed':
        await finish({ id: row.id, status: 'failed', lastError: step.lastError, runAt: new Date(clock.now().getTime() + step.delayMs) });
        throw new RetryLaterError(step.lastError, step.delayMs);
      case 'dead':
        await finish({ id: row.id, status: 'dead', lastError: step.lastError });
        log.warn(`[notifs] delivery ${row.id} (${row.channel}/${row.provider}) is dead after ${row.attempts} attempt(s): ${step.lastError}`);
        throw new UnrecoverableError(step.lastError);
    }
  };
