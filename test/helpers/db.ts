import type { Core } from '@strapi/strapi';

/** Notification rows, straight from the database (relations populated with their ids). */
export const notificationRows = (strapi: Core.Strapi, where: Record<string, unknown> = {}) =>
  strapi.db.query('plugin::notifs.notification').findMany({
    where,
    populate: { recipient: { select: ['id'] }, source: { select: ['id'] } },
    orderBy: { id: 'asc' },
  }) as Promise<Record<string, any>[]>;

export const countNotifications = (strapi: Core.Strapi): Promise<number> =>
  strapi.db.query('plugin::notifs.notification').count({});
