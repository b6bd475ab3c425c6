import type { Core } from '@strapi/strapi';
import type { DurableBackend, QueueStats } from './types';
import type { QueueConfig } from '../config/schema';
import type { Dispatcher } from '../delivery/dispatcher';
import type { DeliveryRepository } from '../repositories/deliveries';
import type { DbClock } from '../repositories/db-clock';
import { createWorker } from './database/worker';

export const QUEUE_CRON_JOB = 'notifs.queue';

export interface DatabaseBackendDeps {
  strapi: Core.Strapi;
  repository: DeliveryRepository;
  dispatcher: Dispatcher;
  clock: DbClock;
  queue: QueueConfig;
}

/**
 * The durable default: deliveries are rows of `plugin::notifs.delivery`, written in notify's
 * transaction, claimed by a Strapi cron task in every instance (compare-and-set claims under a
 * lease that the holder renews), sent with bounded concurrency, retried with backoff, `dead`
 * after `maxAttempts` (attempts counted at claim).
 */
export const createDatabaseBackend = ({ strapi, repository, dispatcher, clock, queue }: DatabaseBackendDeps): DurableBackend => {
  const worker = createWorker({ repository, dispatcher, clock, queue, log: strapi.log });
  let stopping = false;

  return {
    name: 'database',
    storesRows: true,

    async enqueue(deliveries, { runAt }) {
      // The rows are the queue: once committed, the next poll of any instance finds them.
      await repository.insertMany(deliveries, runAt);
    },

    async cancel(notificationIds) {
      return (await repository.cancelForNotifications(notificationIds)).length;
    },

    start() {
      stopping = false;
      worker.start();
      strapi.cron.add({
        [QUEUE_CRON_JOB]: {
          task: async () => {
            await worker.tick().catch((error: Error) => strapi.log.error(`[notifs] queue poll failed: ${error.message}`));
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
      await worker.stop();
    },

    async drain() {
      const before = worker.claimed();
      while (!stopping) {
        const claimed = await worker.tick();
        await worker.idle();
        if (claimed === 0 && !(await repository.hasDue(clock.now()))) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return worker.claimed() - before;
    },

    async stats(): Promise<QueueStats> {
      return repository.countByStatus();
    },

    async retry(deliveryId) {
      return repository.requeue(deliveryId, clock.now());
    },
  };
};
