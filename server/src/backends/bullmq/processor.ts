import { UnrecoverableError, type Job } from 'bullmq';
import type { Dispatch } from '../types';
import type { QueueConfig } from '../../config/schema';
import { DeliveryError } from '../../errors';
import { toPlanned, type DeliveryRow } from '../../repositories/deliveries';
import type { JobDeliveryRepository } from '../../repositories/job-deliveries';
import { retryDelayMs } from '../backoff';
import type { DeliveryJobData } from './job-ids';

/** A failed attempt to be retried after `delayMs` (the row already says when): read by `backoffStrategy`. */
export class RetryLaterError extends Error {
  constructor(message: string, readonly delayMs: number) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** A failure the processor recorded on the row already (so the worker's `failed` handler leaves it). */
export const isRecordedFailure = (error: Error): boolean => error instanceof RetryLaterError || error instanceof UnrecoverableError;

/**
 * BullMQ's custom backoff: the delay the processor chose (exponential with jitter, or a far side's
 * Retry-After), so a rate-limited delivery waits in Redis's delayed set, not in a worker slot.
 */
export const backoffStrategy =
  (queue: QueueConfig) =>
  (attemptsMade: number, _type?: string, error?: Error): number =>
    error instanceof RetryLaterError ? error.delayMs : retryDelayMs(attemptsMade, queue.backoff);

export interface ProcessorDeps {
  repository: JobDeliveryRepository;
  /** Marks a delivery `sending` and reads it; null when it is no longer to send (jobs finishing together share statements). */
  claim: (deliveryId: number) => Promise<DeliveryRow | null>;
  /** Records a row as sent; resolves once written (jobs finishing together share a statement). */
  markSent: (row: DeliveryRow) => Promise<void>;
  dispatch: Dispatch;
  queue: QueueConfig;
  log: { warn(message: string): void };
}

/**
 * Sends the delivery a job names and records the outcome on its row: `sending`, then `sent`, or
 * `failed` (thrown as `RetryLaterError`, BullMQ retries) or `dead` (thrown as `UnrecoverableError`,
 * BullMQ stops). A row that is sent, dead, cancelled or gone is skipped: jobs may run twice.
 * Resolves with whether it sent.
 */
export const createProcessor =
  ({ repository, claim, markSent, dispatch, queue, log }: ProcessorDeps) =>
  async (job: Job<DeliveryJobData>): Promise<boolean> => {
    const row = await claim(job.data.deliveryId);
    if (!row) return false;
    try {
      await dispatch(toPlanned(row));
    } catch (caught) {
      const error = DeliveryError.from(caught, row.provider);
      const attempt = row.attempts + 1;
      const dead = !error.retryable || attempt >= queue.maxAttempts;
      const delayMs = dead ? 0 : retryDelayMs(attempt, queue.backoff, error.retryAfterMs);
      await repository.markFailed(row, { dead, runAt: new Date(Date.now() + delayMs), error: error.message });
      if (dead) {
        log.warn(`[notifs] delivery ${row.id} (${row.channel}/${row.provider}) is dead after ${attempt} attempt(s): ${error.message}`);
        throw new UnrecoverableError(error.message);
      }
      throw new RetryLaterError(error.message, delayMs);
    }
    // The job completes only once the row says sent: a crash before that sends again, never loses.
    await markSent(row);
    return true;
  };
