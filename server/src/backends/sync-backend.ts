import type { Core } from '@strapi/strapi';
import type { DeliveryBackend, Dispatch } from './types';
import type { PlannedDelivery } from '../types';

/**
 * Sends in the caller: `notify` resolves once every provider has sent, and a failure reaches the
 * caller. A `countdown` is honoured with a timer so the caller is not held up; such deliveries live
 * only in memory (use the `database` backend when they must survive a restart).
 */
export const createSyncBackend = ({ strapi, dispatch }: { strapi: Core.Strapi; dispatch: Dispatch }): DeliveryBackend => {
  // Delayed sends, with the deliveries each will send (so cancel can take them out).
  const timers = new Map<NodeJS.Timeout, PlannedDelivery[]>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const sendAll = async (deliveries: PlannedDelivery[]) => {
    for (const delivery of deliveries) {
      await dispatch(delivery);
    }
  };

  const sendLater = (deliveries: PlannedDelivery[]) => {
    const run = sendAll(deliveries).catch((error: Error) => {
      // No caller is waiting any more: the failure is logged here and emitted as notifs.failed.
      strapi.log.error(`[notifs] delayed delivery failed: ${error.message}`);
    });
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  };

  return {
    name: 'sync',
    transactional: false,

    async enqueue(deliveries, { runAt }) {
      if (stopped) throw new Error('The notifs sync backend is stopped: Strapi is shutting down');
      const delay = runAt.getTime() - Date.now();
      if (delay <= 0) return sendAll(deliveries);
      const pending = [...deliveries];
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (pending.length) sendLater(pending);
      }, delay);
      timers.set(timer, pending);
    },

    async cancel(notificationId) {
      let cancelled = 0;
      for (const [timer, pending] of timers) {
        const kept = pending.filter((delivery) => delivery.notificationId !== notificationId);
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
        strapi.log.warn(`[notifs] sync backend stopped with ${timers.size} delayed send(s) not yet due: they are dropped`);
      }
      timers.forEach((_pending, timer) => clearTimeout(timer));
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
};
