import type { AdminDelivery } from '../api/types';
import type { TranslationKey } from '../utils';

/** What the "When" column says about a delivery: which moment it is, and when. */
export interface DeliveryMoment {
  label: TranslationKey;
  at: string | null;
}

/**
 * The moment that matters for a delivery's status. The queue records its steps in `sentAt` and
 * `runAt` (a failure sets `runAt` to the next attempt, death and a retry set it to now) and leaves
 * `updatedAt` at creation, so `updatedAt` is used only when it moved.
 */
export const deliveryMoment = (delivery: AdminDelivery): DeliveryMoment => {
  const updatedMoved = Boolean(delivery.updatedAt && delivery.createdAt && delivery.updatedAt !== delivery.createdAt);
  switch (delivery.status) {
    case 'sent':
      return { label: 'deliveries.when.sent', at: delivery.sentAt ?? delivery.updatedAt };
    case 'failed':
      return { label: 'deliveries.when.nextAttempt', at: delivery.runAt };
    case 'dead':
      return { label: 'deliveries.when.dead', at: updatedMoved ? delivery.updatedAt : (delivery.runAt ?? delivery.createdAt) };
    case 'queued':
      return { label: 'deliveries.when.due', at: delivery.runAt ?? delivery.createdAt };
    default:
      return updatedMoved ? { label: 'deliveries.when.changed', at: delivery.updatedAt } : { label: 'deliveries.when.created', at: delivery.createdAt };
  }
};
