import { errors } from '@strapi/utils';
import { isDurable, type DeliveryBackend, type DurableBackend, type QueueStats } from '../backends';
import type { Outbox } from '../outbox';

/** The durable queue's operations: for tests, CLIs, shutdown scripts and the admin. */
export const createQueueService = ({ backend, outbox }: { backend: () => DeliveryBackend; outbox: Outbox }) => {
  const durable = (what: string): DurableBackend => {
    const current = backend();
    if (!isDurable(current)) {
      throw new errors.ApplicationError(
        `queue.${what}() needs a durable backend: this app uses backend "${current.name}", which keeps no queue`
      );
    }
    return current;
  };

  return {
    /** Delivers everything due now (retries that are due included), then resolves with how many were claimed. */
    drain(): Promise<number> {
      return durable('drain').drain();
    },

    /** Deliveries per status: queued, sending, sent, failed, dead, cancelled, skipped, merged. */
    stats(): Promise<QueueStats> {
      return durable('stats').stats();
    },

    /** Sends a failed, dead, cancelled or skipped delivery again, due now, with its attempts reset. */
    async retry(deliveryId: number): Promise<void> {
      if (!Number.isInteger(deliveryId) || deliveryId <= 0) {
        throw new errors.ValidationError(`retry() needs a delivery id (got ${JSON.stringify(deliveryId)})`);
      }
      if (!(await outbox.retry(durable('retry'), deliveryId))) {
        throw new errors.NotFoundError(`Delivery ${deliveryId} does not exist or is not failed, dead, cancelled or skipped`);
      }
    },
  };
};

export type QueueService = ReturnType<typeof createQueueService>;
