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
 * Gives the users-permissions Authenticated role the read API, once: at the first boot (the plugin
 * store remembers the actions offered) and only when the role holds none of its actions yet, so an
 * admin who later revokes some or all of them keeps it that way across restarts. Actions a later
 * version adds are offered once too, to a role that still holds some of the read API.
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

/**
 * The read API of the versions that remembered only that they had granted it (`readApiGranted: true`):
 * the actions an upgraded app's Authenticated role was offered then. Later ones are offered on upgrade.
 */
const FIRST_ACTIONS = [
  'plugin::notifs.notifications.find',
  'plugin::notifs.notifications.unreadCount',
  'plugin::notifs.notifications.markAllRead',
  'plugin::notifs.notifications.findOne',
  'plugin::notifs.notifications.markRead',
  'plugin::notifs.notifications.markUnread',
  'plugin::notifs.notifications.delete',
  'plugin::notifs.stream.ticket',
  'plugin::notifs.stream.open',
];

const grantRole = async (strapi: Core.Strapi, role: { id: number }): Promise<string[]> => {
  const store = strapi.store({ type: 'plugin', name: 'notifs' });
  const actions = readApiActions(strapi);
  const remembered = (await store.get({ key: 'readApiGranted' })) as string[] | boolean | null | undefined;
  const offered = Array.isArray(remembered) ? remembered : remembered ? FIRST_ACTIONS : undefined;
  const holds = (some: string[]) => strapi.db.query(PERMISSION_UID).count({ where: { role: { id: role.id }, action: { $in: some } } });
  // The first boot gives the whole read API to a role that holds none of it; a later version's new
  // actions go to a role that still holds some of what was offered before (revoking all of it means none).
  const added = offered ? actions.filter((action) => !offered.includes(action)) : actions;
  if (offered && added.length === 0) return [];
  const granted = offered ? (await holds(offered)) > 0 : (await holds(actions)) === 0;
  // What the role holds already (given by hand, or by a version that remembered only `true`) is not given twice.
  const held = (await strapi.db.query(PERMISSION_UID).findMany({
    where: { role: { id: role.id }, action: { $in: added } },
    select: ['action'],
  })) as { action: string }[];
  const give = added.filter((action) => !held.some((row) => row.action === action));
  await strapi.db.transaction(async () => {
    if (granted) {
      for (const action of give) {
        await strapi.db.query(PERMISSION_UID).create({ data: { action, role: role.id } });
      }
    }
    // Every action offered now is remembered, so a revoked one is never offered again.
    await store.set({ key: 'readApiGranted', value: actions });
  });
  if (!granted) return [];
  strapi.log.info(`[notifs] granted the Authenticated role ${offered ? 'the new actions of ' : ''}the read API (${give.join(', ')})`);
  return give;
};
