import { errors } from '@strapi/utils';
import { isDurable, type DeliveryBackend, type DurableBackend, type QueueStats } from '../backends';
import type { Outbox } from '../outbox';
import { describeRef, parseServiceRef, type EntityRef } from '../validation/ids';

interface QueueDependencies {
  backend: () => DeliveryBackend;
  outbox: Outbox;
  /** A delivery's numeric id from its id or documentId (null: no such delivery). */
  deliveryIdOf: (ref: EntityRef) => Promise<number | null>;
}

/** The durable queue's operations: for tests, CLIs, shutdown scripts and the admin. */
export const createQueueService = ({ backend, outbox, deliveryIdOf }: QueueDependencies) => {
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

    /**
     * Sends a failed, dead, cancelled or skipped delivery again, due now, with its attempts reset.
     * `deliveryId`: the delivery's numeric id or its documentId. Resolves with the numeric id.
     */
    async retry(deliveryId: number | string): Promise<number> {
      const ref = parseServiceRef(deliveryId, 'retry() input', 'deliveryId');
      const queue = durable('retry');
      const id = 'id' in ref ? ref.id : await deliveryIdOf(ref);
      if (id === null || !(await outbox.retry(queue, id))) {
        throw new errors.NotFoundError(`Delivery ${describeRef(ref)} does not exist or is not failed, dead, cancelled or skipped`);
      }
      return id;
    },
  };
};

export type QueueService = ReturnType<typeof createQueueService>;
