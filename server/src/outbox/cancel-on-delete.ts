import type { Core } from '@strapi/strapi';
import { NOTIFICATION_UID } from '../utils/uids';

interface DeleteEvent {
  params: { where?: Record<string, unknown> };
}

/**
 * Deleting a notification cancels its deliveries that are still waiting, whoever deletes it (the
 * read API, the admin, the app's own `strapi.db.query` or Document Service call): a notification
 * the recipient removed must not be mailed afterwards. Returns the unsubscribe function.
 */
export const cancelDeliveriesOnDelete = (strapi: Core.Strapi, cancel: (notificationIds: number[]) => Promise<number>): (() => void) => {
  const before = async (event: DeleteEvent) => {
    const rows = (await strapi.db.query(NOTIFICATION_UID).findMany({ where: event.params.where ?? {}, select: ['id'] })) as { id: number }[];
    await cancel(rows.map((row) => Number(row.id)));
  };
  return strapi.db.lifecycles.subscribe({ models: [NOTIFICATION_UID], beforeDelete: before, beforeDeleteMany: before } as never) as unknown as () => void;
};
