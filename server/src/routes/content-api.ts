import type { Core } from '@strapi/strapi';
import { createTicketStrategy } from '../realtime/ticket-strategy';
import { getService } from '../root/get-service';

/**
 * The end-user read API under `/api/notifs`. Strapi gives each route the scope
 * `plugin::notifs.<controller>.<action>`, which users-permissions checks against the caller's role.
 * Fixed paths come before `/:id` so that `unread-count` is not taken for an id.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  type: 'content-api' as const,
  routes: [
    { method: 'GET', path: '/notifications', handler: 'notifications.find' },
    { method: 'GET', path: '/notifications/unread-count', handler: 'notifications.unreadCount' },
    { method: 'POST', path: '/notifications/read-all', handler: 'notifications.markAllRead' },
    { method: 'GET', path: '/notifications/:id', handler: 'notifications.findOne' },
    { method: 'POST', path: '/notifications/:id/read', handler: 'notifications.markRead' },
    { method: 'POST', path: '/notifications/:id/unread', handler: 'notifications.markUnread' },
    { method: 'DELETE', path: '/notifications/:id', handler: 'notifications.delete' },
    { method: 'POST', path: '/stream/ticket', handler: 'stream.ticket' },
    {
      method: 'GET',
      path: '/stream',
      handler: 'stream.open',
      // A `?ticket=` first, then users-permissions' Authorization header.
      config: { auth: { strategies: [createTicketStrategy(strapi, () => getService(strapi, 'stream').tickets()), 'users-permissions'] } },
    },
  ],
});
