/**
 * A delivery's job id: its row id, prefixed because BullMQ refuses integer custom ids. One job per
 * row: adding it again while it exists is a no-op, which makes every re-add (relay, retry) safe.
 */
export const jobIdFor = (deliveryId: number): string => `delivery-${deliveryId}`;

/** What a job carries: only the row id; the row holds the payload and the status. */
export interface DeliveryJobData {
  deliveryId: number;
}

/** The name every delivery job has (BullMQ wants one). */
export const DELIVERY_JOB = 'deliver';
