import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { DurableBackend, Dispatch, QueueStats } from './types';
import type { QueueConfig } from '../config/schema';
import { DeliveryError } from '../errors';
import { deliveryRepository, toPlanned, type DeliveryRow } from '../repositories/deliveries';
import { retryDelayMs } from './backoff';
import { mapWithConcurrency } from '../utils/map-with-concurrency';

export const QUEUE_CRON_JOB = 'notifs.queue';

/**
 * The durable default: deliveries are rows of `plugin::notifs.delivery`, written in notify's
 * transaction, claimed by a Strapi cron task in every instance (compare-and-set claims with a
 * lease), sent with bounded concurrency, retried with backoff, `dead` after `maxAttempts`.
 */
export const createDatabaseBackend = ({
  strapi,
  dispatch,
  queue,
}: {
  strapi: Core.Strapi;
  dispatch: Dispatch;
  queue: QueueConfig;
}): DurableBackend => {
  const repository = deliveryRepository(strapi);
  let stopping = false;
  /** The drain loop in progress, so ticks do not overlap and stop() can wait for it. */
  let running: Promise<number> | null = null;

  /** Claims one batch and sends it; resolves with how many were claimed. */
  const runBatch = async (): Promise<number> => {
    const token = randomUUID();
    const now = new Date();
    const rows = await repository.claim({
      now,
      limit: queue.batchSize,
      token,
      leaseUntil: new Date(now.getTime() + queue.leaseMs),
    });
    if (!rows.length) return 0;
    const sent: DeliveryRow[] = [];
    const failed: { row: DeliveryRow; error: DeliveryError }[] = [];
    await mapWithConcurrency(rows, queue.concurrency, async (row) => {
      try {
        await dispatch(toPlanned(row));
        sent.push(row);
      } catch (error) {
        failed.push({ row, error: DeliveryError.from(error, row.provider) });
      }
    });
    await repository.markSent(sent, token, new Date());
    for (const { row, error } of failed) {
      const attempt = row.attempts + 1;
      const dead = !error.retryable || attempt >= queue.maxAttempts;
      const runAt = new Date(Date.now() + (dead ? 0 : retryDelayMs(attempt, queue.backoff, error.retryAfterMs)));
      await repository.markFailed(row, token, { dead, runAt, error: error.message });
      if (dead) {
        strapi.log.warn(`[notifs] delivery ${row.id} (${row.channel}/${row.provider}) is dead after ${attempt} attempt(s): ${error.message}`);
      }
    }
    return rows.length;
  };

  /** Sends batches until fewer than a full batch is due (or the app stops). */
  const drainLoop = async (): Promise<number> => {
    let total = 0;
    while (!stopping) {
      const claimed = await runBatch();
      total += claimed;
      if (claimed < queue.batchSize) break;
    }
    return total;
  };

  const tick = (): Promise<number> => {
    if (!running) {
      running = drainLoop().finally(() => {
        running = null;
      });
    }
    return running;
  };

  return {
    name: 'database',
    transactional: true,

    async enqueue(deliveries, { runAt }) {
      await repository.insertMany(deliveries, runAt);
    },

    cancel: (notificationId) => repository.cancelForNotification(notificationId),

    start() {
      stopping = false;
      strapi.cron.add({
        [QUEUE_CRON_JOB]: {
          task: async () => {
            await tick().catch((error: Error) => strapi.log.error(`[notifs] queue poll failed: ${error.message}`));
          },
          options: { rule: queue.pollRule },
        },
      });
      // Strapi logs an invalid rule and schedules nothing: a queue nobody drains must not pass silently.
      const scheduled = (strapi.cron.jobs as { name: string | null }[]).some((job) => job.name === QUEUE_CRON_JOB);
      if (!scheduled) {
        throw new Error(`[notifs] could not schedule the queue with pollRule "${queue.pollRule}": give queue.pollRule a valid cron rule, such as "*/1 * * * * *"`);
      }
    },

    async stop() {
      stopping = true;
      strapi.cron.remove(QUEUE_CRON_JOB);
      await running?.catch(() => undefined);
    },

    async drain() {
      // Wait for a tick in progress, then drain until nothing is due now.
      await running?.catch(() => undefined);
      let total = 0;
      while (!stopping && (await repository.hasDue(new Date()))) {
        total += await tick();
        await new Promise((resolve) => setImmediate(resolve));
      }
      return total;
    },

    async stats(): Promise<QueueStats> {
      return repository.countByStatus();
    },

    async retry(deliveryId) {
      return (await repository.requeue(deliveryId)) > 0;
    },
  };
};
