import type { OutgoingDelivery } from '../../domain/types';

/**
 * A delivery's job id: its row id, prefixed because BullMQ refuses integer custom ids. One job per
 * row: adding it again while it exists is a no-op, which makes every re-add (relay, retry) safe.
 */
export const jobIdFor = (deliveryId: number): string => `delivery-${deliveryId}`;

/** What a job carries to send without reading its row: the delivery as planned (the attempt is the job's). */
export type CarriedDelivery = Omit<
  OutgoingDelivery,
  'attempt' | 'digestOf' | 'audience' | 'skipReason' | 'digest' | 'notBefore' | 'delay' | 'unless'
>;

/**
 * What a job carries: the row id, and for a plain delivery added by its notify() the delivery itself,
 * so that its first run sends without a read (the row keeps the status, written behind). Jobs added
 * by the relay or a retry, digests and fallbacks carry only the id: their worker claims the row.
 */
export interface DeliveryJobData {
  deliveryId: number;
  delivery?: CarriedDelivery;
}

/** The name every delivery job has (BullMQ wants one). */
export const DELIVERY_JOB = 'deliver';
