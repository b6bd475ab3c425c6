import type { Core } from '@strapi/strapi';
import { createTicketStrategy } from '../realtime/ticket-strategy';
import { getService } from '../root/get-service';
import {
  countResponse,
  countsResponse,
  idParams,
  listQuery,
  listResponse,
  notificationResponse,
  pushKindQuery,
  pushSubscriptionBody,
  pushSubscriptionIdParams,
  pushSubscriptionListResponse,
  pushSubscriptionResponse,
  preferencesBody,
  preferencesResponse,
  streamQuery,
  ticketResponse,
  unsubscribePageResponse,
  unsubscribeQuery,
  unsubscribeResponse,
} from './content-api-schemas';

/**
 * The end-user read API under `/api/notifs`. Strapi gives each route the scope
 * `plugin::notifs.<controller>.<action>`, which users-permissions checks against the caller's role.
 * Fixed paths come before `/:id` so that `unread-count` is not taken for an id. Each route declares
 * its `request` and `response` (zod) so that it is documented in the app's OpenAPI document.
 *
 * A factory of `{ strapi }` rather than `createContentApiRoutesFactory`: that one builds the routes
 * once per process, and the stream's auth strategy belongs to one Strapi instance.
 */
/** A route whose auth strategies include an object (Strapi accepts one; its `RouteConfig` type says names only). */
type RouteWithStrategy = Omit<Core.RouteInput, 'config'> & {
  config: { auth: { strategies: (string | ReturnType<typeof createTicketStrategy>)[] } };
};

export default ({ strapi }: { strapi: Core.Strapi }): { type: 'content-api'; routes: (Core.RouteInput | RouteWithStrategy)[] } => ({
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/notifications', handler: 'notifications.find', request: { query: listQuery }, response: listResponse },
    { method: 'DELETE', path: '/notifications', handler: 'notifications.deleteAll', response: countResponse },
    { method: 'GET', path: '/notifications/unread-count', handler: 'notifications.unreadCount', response: countsResponse },
    { method: 'POST', path: '/notifications/read-all', handler: 'notifications.markAllRead', response: countResponse },
    { method: 'POST', path: '/notifications/seen-all', handler: 'notifications.markAllSeen', response: countResponse },
    { method: 'POST', path: '/notifications/archive-all', handler: 'notifications.archiveAllRead', response: countResponse },
    {
      method: 'GET',
      path: '/notifications/:id',
      handler: 'notifications.findOne',
      request: { params: idParams },
      response: notificationResponse,
    },
    {
      method: 'POST',
      path: '/notifications/:id/read',
      handler: 'notifications.markRead',
      request: { params: idParams },
      response: notificationResponse,
    },
    {
      method: 'POST',
      path: '/notifications/:id/unread',
      handler: 'notifications.markUnread',
      request: { params: idParams },
      response: notificationResponse,
    },
    {
      method: 'POST',
      path: '/notifications/:id/archive',
      handler: 'notifications.archive',
      request: { params: idParams },
      response: notificationResponse,
    },
    {
      method: 'POST',
      path: '/notifications/:id/unarchive',
      handler: 'notifications.unarchive',
      request: { params: idParams },
      response: notificationResponse,
    },
    {
      method: 'DELETE',
      path: '/notifications/:id',
      handler: 'notifications.delete',
      request: { params: idParams },
      response: notificationResponse,
    },
    {
      method: 'GET',
      path: '/push-subscriptions',
      handler: 'push-subscriptions.find',
      request: { query: pushKindQuery },
      response: pushSubscriptionListResponse,
    },
    {
      method: 'POST',
      path: '/push-subscriptions',
      handler: 'push-subscriptions.create',
      request: { body: { 'application/json': pushSubscriptionBody } },
      response: pushSubscriptionResponse,
    },
    {
      method: 'DELETE',
      path: '/push-subscriptions/:id',
      handler: 'push-subscriptions.delete',
      request: { params: pushSubscriptionIdParams },
      response: pushSubscriptionResponse,
    },
    { method: 'GET', path: '/preferences', handler: 'preferences.find', response: preferencesResponse },
    {
      method: 'PUT',
      path: '/preferences',
      handler: 'preferences.update',
      request: { body: { 'application/json': preferencesBody } },
      response: preferencesResponse,
    },
    // No login: the signed token is the credential (RFC 8058). GET only shows a page whose button POSTs.
    {
      method: 'POST',
      path: '/unsubscribe',
      handler: 'unsubscribe.oneClick',
      request: { query: unsubscribeQuery },
      response: unsubscribeResponse,
      config: { auth: false },
    },
    {
      method: 'GET',
      path: '/unsubscribe',
      handler: 'unsubscribe.confirm',
      request: { query: unsubscribeQuery },
      response: unsubscribePageResponse,
      config: { auth: false },
    },
    { method: 'POST', path: '/stream/ticket', handler: 'stream.ticket', response: ticketResponse },
    {
      method: 'GET',
      path: '/stream',
      handler: 'stream.open',
      // `text/event-stream`, not JSON: only its query is documented.
      request: { query: streamQuery },
      // A `?ticket=` first, then users-permissions' Authorization header.
      config: { auth: { strategies: [createTicketStrategy(strapi, () => getService(strapi, 'stream').tickets()), 'users-permissions'] } },
    },
  ],
});
