import { errors } from '@strapi/utils';
import type { DeliveryBackend } from './types';
import type { PlannedDelivery } from '../domain/types';
import type { Dispatcher } from '../delivery/dispatcher';
import { createDocumentId } from '../utils/document-id';
import { toUnits } from './units';

/**
 * Sends in the caller, once notify's rows are committed: `notify` resolves once every provider has
 * sent, and the first failure reaches the caller (after the others were tried). Inside the app's own
 * transaction, the sends wait for that commit and a failure is logged. A `countdown` is honoured
 * with a timer so the caller is not held up; such deliveries live only in memory (use the
 * `database` backend when they must survive a restart).
 */
export const createSyncBackend = ({ dispatcher, log }: { dispatcher: Dispatcher; log: { error(message: string): void; warn(message: string): void } }): DeliveryBackend => {
  // Delayed sends, with the deliveries each will send (so cancel can take them out).
  const timers = new Map<NodeJS.Timeout, PlannedDelivery[]>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const sendAll = async (deliveries: PlannedDelivery[]): Promise<void> => {
    let firstError: Error | undefined;
    for (const unit of toUnits(deliveries)) {
      // No row, no documentId: each attempt gets an id of its own (there is no retry to repeat it).
      const outcomes = await dispatcher.send(unit.map((delivery) => ({ ...delivery, deliveryId: createDocumentId(), attempt: 1 })));
      for (const outcome of outcomes) if (outcome.status === 'failed') firstError ??= outcome.error;
    }
    if (firstError) throw firstError;
  };

  const sendLater = (deliveries: PlannedDelivery[]) => {
    const run = sendAll(deliveries).catch((error: Error) => {
      // No caller is waiting any more: the failure is logged here and emitted as notifs.failed.
      log.error(`[notifs] delayed delivery failed: ${error.message}`);
    });
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  };

  return {
    name: 'sync',
    storesRows: false,

    async enqueue(planned, { runAt, tx }) {
      if (stopped) throw new Error('The notifs sync backend is stopped: Strapi is shutting down');
      // notify() refuses these first, naming the entry; this guards every other way in.
      if (planned.some((delivery) => delivery.delay || delivery.unless)) {
        throw new errors.ValidationError(
          'Fallback channels (a channel entry with "delay" or "unless") need a durable backend: the sync backend would keep them only in a timer, which a restart loses; use backend "database" or "bullmq"'
        );
      }
      // No row to record a skipped delivery in: one the recipient switched off is just not sent.
      const deliveries = planned.filter((delivery) => !delivery.skipReason);
      if (!deliveries.length) return;
      const delay = runAt.getTime() - Date.now();
      if (delay <= 0) {
        tx.afterCommit(() => sendAll(deliveries));
        return;
      }
      tx.afterCommit(async () => {
        const pending = [...deliveries];
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (pending.length) sendLater(pending);
        }, delay);
        timers.set(timer, pending);
      });
    },

    async cancel(notificationIds) {
      const cancelling = new Set(notificationIds);
      let cancelled = 0;
      for (const [timer, pending] of timers) {
        const kept = pending.filter((delivery) => delivery.notificationId === null || !cancelling.has(delivery.notificationId));
        cancelled += pending.length - kept.length;
        pending.splice(0, pending.length, ...kept);
        if (!pending.length) {
          clearTimeout(timer);
          timers.delete(timer);
        }
      }
      return cancelled;
    },

    start() {
      stopped = false;
    },

    async stop() {
      stopped = true;
      if (timers.size) {
        log.warn(`[notifs] sync backend stopped with ${timers.size} delayed send(s) not yet due: they are dropped`);
      }
      timers.forEach((_pending, timer) => clearTimeout(timer));
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
};
