import type { Core } from '@strapi/strapi';
import { getNotifsService, type Notification, type NotifyService, type ReadService } from 'strapi-plugin-notifs';

/*
 * How an app gets the plugin's services with their types and no cast: `getNotifsService(strapi, name)`,
 * or `strapi.plugin('notifs').service(name)` once the app imports the plugin's types anywhere.
 */
export const notifyBuyer = async (strapi: Core.Strapi, buyer: { id: number }): Promise<number> => {
  const notify: NotifyService = getNotifsService(strapi, 'notify');
  const stored: Notification = await notify.notify({ recipient: buyer.id, category: 'orders', channels: ['console'] });

  const read: ReadService = strapi.plugin('notifs').service('read');
  await read.read({ notifyId: stored.id, recipient: buyer.id });
  await strapi.plugin('notifs').service('queue').drain();
  return getNotifsService(strapi, 'read').unreadCount({ recipient: buyer.id });
};

// The global `strapi` of a Strapi app is typed the same way.
export const countFor = (userId: number): Promise<number> => strapi.plugin('notifs').service('read').unreadCount({ recipient: userId });
