import type { Core } from '@strapi/strapi';

export interface DeliveryRecord {
  id: number;
  documentId: string;
  channel: string;
  provider: string;
  status: string;
  attempts: number;
  runAt: string;
  lastError: string | null;
  sentAt: string | null;
  /** The far side's id for the message, when its provider answered one. */
  externalId: string | null;
  payload: Record<string, unknown>;
  notification: { id: number } | null;
}

/** Delivery rows, oldest first, with their notification id. */
export const deliveryRows = (strapi: Core.Strapi, where: Record<string, unknown> = {}): Promise<DeliveryRecord[]> =>
  strapi.db.query('plugin::notifs.delivery').findMany({
    where,
    populate: { notification: { select: ['id'] } },
    orderBy: { id: 'asc' },
  }) as Promise<DeliveryRecord[]>;

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
