import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isDurable, type DurableBackend, type QueueStats } from '../backends';
import { getService } from '../utils/get-service';

/** The durable queue's operations: for tests, CLIs, shutdown scripts and the admin. */
const queue = ({ strapi }: { strapi: Core.Strapi }) => {
  const durable = (what: string): DurableBackend => {
    const backend = getService(strapi, 'delivery').backend();
    if (!isDurable(backend)) {
      throw new errors.ApplicationError(
        `queue.${what}() needs a durable backend: this app uses backend "${backend.name}", which keeps no queue`
      );
    }
    return backend;
  };

  return {
    /** Delivers everything due now (retries that are due included), then resolves with how many were claimed. */
    drain(): Promise<number> {
      return durable('drain').drain();
    },

    /** Deliveries per status: queued, sending, sent, failed, dead, cancelled. */
    stats(): Promise<QueueStats> {
      return durable('stats').stats();
    },

    /** Sends a failed, dead or cancelled delivery again, due now. */
    async retry(deliveryId: number): Promise<void> {
      if (!Number.isInteger(deliveryId) || deliveryId <= 0) {
        throw new errors.ValidationError(`retry() needs a delivery id (got ${JSON.stringify(deliveryId)})`);
      }
      if (!(await durable('retry').retry(deliveryId))) {
        throw new errors.NotFoundError(`Delivery ${deliveryId} does not exist or is not failed, dead or cancelled`);
      }
    },
  };
};

export type QueueService = ReturnType<typeof queue>;
export default queue;
