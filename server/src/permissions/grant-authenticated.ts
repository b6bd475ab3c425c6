import type { Core } from '@strapi/strapi';
import contentApi from '../routes/content-api';

const PERMISSION_UID = 'plugin::users-permissions.permission';
const ROLE_UID = 'plugin::users-permissions.role';

/**
 * The actions of this plugin's content-API routes: `plugin::notifs.<controller>.<action>`. From the
 * routes, not the controllers: the admin panel's controllers are the plugin's too, and must never be
 * granted to an end-user role.
 */
export const readApiActions = (strapi: Core.Strapi): string[] => [
  // A route without auth (the unsubscribe link) needs no permission.
  ...new Set(contentApi({ strapi }).routes.filter((route) => route.config?.auth !== false).map((route) => `plugin::notifs.${route.handler}`)),
];

/**
 * Gives the users-permissions Authenticated role the read API, once: at the first boot (a flag in
 * the plugin store remembers it) and only when the role holds none of its actions yet, so an
 * admin who later revokes some or all of them keeps it that way across restarts.
 * The Public role is never granted anything. Resolves with the actions granted (none when skipped).
 */
export const grantAuthenticated = async (strapi: Core.Strapi): Promise<string[]> => {
  if (!strapi.plugin('users-permissions')) return [];
  const role = (await findAuthenticatedRole(strapi)) ?? (await initializeUsersPermissions(strapi));
  if (!role) {
    strapi.log.warn('[notifs] no Authenticated role in users-permissions: grant the notifs read API to a role in the admin');
    return [];
  }
  return grantRole(strapi, role);
};

const findAuthenticatedRole = async (strapi: Core.Strapi) =>
  (await strapi.db.query(ROLE_UID).findOne({ where: { type: 'authenticated' } })) as { id: number } | null;

/**
 * Strapi bootstraps plugins in the order of config/plugins (declared ones first), so on a fresh
 * database this plugin may run before users-permissions has made its roles. Its `initialize()` (what
 * its own bootstrap runs, idempotent) makes them and its default permissions now; granting on a
 * database without any permission instead would make it skip its defaults (Public's login and
 * register).
 */
const initializeUsersPermissions = async (strapi: Core.Strapi) => {
  const service = strapi.plugin('users-permissions').service('users-permissions') as { initialize?: () => Promise<unknown> };
  if (typeof service.initialize !== 'function') return null;
  await service.initialize();
  return findAuthenticatedRole(strapi);
};

const grantRole = async (strapi: Core.Strapi, role: { id: number }): Promise<string[]> => {
  const store = strapi.store({ type: 'plugin', name: 'notifs' });
  if (await store.get({ key: 'readApiGranted' })) return [];
  const actions = readApiActions(strapi);
  const held = await strapi.db.query(PERMISSION_UID).count({ where: { role: { id: role.id }, action: { $in: actions } } });
  if (held > 0) {
    await store.set({ key: 'readApiGranted', value: true });
    return [];
  }
  await strapi.db.transaction(async () => {
    for (const action of actions) {
      await strapi.db.query(PERMISSION_UID).create({ data: { action, role: role.id } });
    }
    await store.set({ key: 'readApiGranted', value: true });
  });
  strapi.log.info(`[notifs] granted the Authenticated role the read API (${actions.length} actions)`);
  return actions;
};
