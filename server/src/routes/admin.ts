import { ACTIONS, type ActionUid } from '../admin/permissions';

/** Every admin route: an authenticated admin whose role holds `action`. */
const route = (method: 'GET' | 'POST' | 'PUT', path: string, handler: string, action: ActionUid) => ({
  method,
  path,
  handler,
  config: {
    policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
  },
});

/**
 * A route any of several actions opens (Strapi's `admin::hasPermissions` needs all of them): the
 * user search serves the Compose page, the notifications filter, the test form and the trigger form.
 */
const routeForAny = (method: 'GET', path: string, handler: string, actions: ActionUid[]) => ({
  method,
  path,
  handler,
  config: {
    policies: ['admin::isAuthenticatedAdmin', { name: 'plugin::notifs.has-any-permission', config: { actions } }],
  },
});

const { notificationsRead, notificationsSend, settingsRead, settingsTest, triggersRead, triggersUpdate } = ACTIONS;

/**
 * The admin panel's API, served under `/notifs` with the admin's JWT. Fixed paths come before
 * `/:id` so that `stats` or `preview` is never taken for an id.
 */
export default {
  type: 'admin' as const,
  routes: [
    route('GET', '/notifications', 'admin-notifications.list', notificationsRead),
    route('GET', '/notifications/:id', 'admin-notifications.findOne', notificationsRead),
    route('POST', '/notifications/:id/resend', 'admin-notifications.resend', notificationsSend),
    route('POST', '/notifications/:id/cancel', 'admin-notifications.cancel', notificationsSend),

    route('GET', '/deliveries/stats', 'admin-deliveries.stats', notificationsRead),
    route('GET', '/deliveries/series', 'admin-deliveries.series', notificationsRead),
    route('GET', '/deliveries', 'admin-deliveries.list', notificationsRead),
    route('POST', '/deliveries/:id/retry', 'admin-deliveries.retry', notificationsSend),

    route('GET', '/channels', 'admin-channels.list', settingsRead),
    route('POST', '/providers/:name/verify', 'admin-channels.verify', settingsTest),
    route('POST', '/test-send', 'admin-channels.testSend', settingsTest),

    route('GET', '/triggers/options', 'admin-triggers.options', triggersRead),
    route('GET', '/triggers/entries', 'admin-triggers.entries', triggersRead),
    route('POST', '/triggers/preview', 'admin-triggers.preview', triggersRead),
    route('GET', '/triggers', 'admin-triggers.list', triggersRead),
    route('POST', '/triggers', 'admin-triggers.create', triggersUpdate),
    route('GET', '/triggers/:id', 'admin-triggers.findOne', triggersRead),
    route('PUT', '/triggers/:id', 'admin-triggers.update', triggersUpdate),
    route('PUT', '/triggers/:id/enabled', 'admin-triggers.setEnabled', triggersUpdate),

    route('GET', '/compose/options', 'admin-compose.options', notificationsSend),
    route('POST', '/compose', 'admin-compose.start', notificationsSend),
    route('GET', '/compose/:id', 'admin-compose.progress', notificationsSend),
    routeForAny('GET', '/users', 'admin-compose.users', [notificationsRead, notificationsSend, settingsTest, triggersUpdate]),
  ],
};
