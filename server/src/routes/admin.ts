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

/** Requests one admin may make to a rate-limited route per minute. */
export const TEST_RATE_LIMIT = { max: 10, interval: { min: 1 } } as const;

/**
 * A route that reaches out of the server (a test send, a provider check), rate limited per admin with
 * Strapi's own limiter (the email plugin's, which its routes use; koa2-ratelimit keys it by the admin's
 * id): past the limit, a 429. The app's `email.config.ratelimit` (e.g. `enabled: false`) applies too.
 */
const limitedRoute = (method: 'POST', path: string, handler: string, action: ActionUid) => {
  const base = route(method, path, handler, action);
  const middlewares = [{ name: 'plugin::email.rateLimit', config: { ...TEST_RATE_LIMIT, prefixKey: `notifs:${handler}` } }];
  return { ...base, config: { ...base.config, middlewares } };
};

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
    limitedRoute('POST', '/providers/:name/verify', 'admin-channels.verify', settingsTest),
    limitedRoute('POST', '/test-send', 'admin-channels.testSend', settingsTest),

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
