import adminRoutes from '../../server/src/routes/admin';
import { ACTIONS } from '../../server/src/admin/permissions';
import { adminClient, adminWith, type AdminClient } from '../helpers/admin-http';
import { bootAdminApp, type AdminTestApp } from './setup';

let t: AdminTestApp;
beforeAll(async () => {
  t = await bootAdminApp();
});
afterAll(async () => {
  await t?.app.stop();
});

const ALL = Object.values(ACTIONS) as string[];
const routes = adminRoutes.routes.map((route) => ({
  method: route.method,
  // Ids that exist nowhere: the permission check comes before any lookup.
  path: route.path.replace(':id', '999999').replace(':name', 'console'),
  action: (route.config.policies[1] as { config: { actions: string[] } }).config.actions[0],
}));

const send = (client: AdminClient, method: string, path: string) =>
  method === 'GET' ? client.get(path) : method === 'POST' ? client.post(path, {}) : client.put(path, {});

describe('admin API permissions', () => {
  test('the plugin registers its actions, and the Super Admin role holds every one', async () => {
    const registered = (t.app.strapi.service('admin::permission') as unknown as { actionProvider: { values(): { actionId: string }[] } })
      .actionProvider.values()
      .map(({ actionId }) => actionId)
      .filter((id) => id.startsWith('plugin::notifs.'));
    expect(registered.sort()).toEqual([...ALL].sort());
    const superRole = (await t.app.strapi.service('admin::role').getSuperAdmin()) as { id: number };
    const held = (await t.app.strapi.db
      .query('admin::permission')
      .findMany({ where: { role: { id: superRole.id }, action: { $startsWith: 'plugin::notifs.' } } })) as { action: string }[];
    expect(held.map(({ action }) => action).sort()).toEqual([...ALL].sort());
  });

  test('every admin route carries isAuthenticatedAdmin and one plugin action', () => {
    for (const route of adminRoutes.routes) {
      expect(route.config.policies[0]).toBe('admin::isAuthenticatedAdmin');
      expect(ALL).toContain((route.config.policies[1] as { config: { actions: string[] } }).config.actions[0]);
    }
  });

  test.each(routes)('$method $path: 401 without a token', async ({ method, path }) => {
    expect((await send(adminClient(t.base, null), method, path)).status).toBe(401);
  });

  test.each(routes)('$method $path: 403 for a role without any of the plugin actions', async ({ method, path }) => {
    const response = await send(t.outsider, method, path);
    expect(response.status).toBe(403);
    expect(response.body.error?.name).toBe('PolicyError');
  });

  test.each(routes)('$method $path: 403 for a role with every plugin action but $action', async ({ method, path, action }) => {
    const client = await adminWith(t.app.strapi, t.base, ALL.filter((other) => other !== action));
    expect((await send(client, method, path)).status).toBe(403);
  });

  test.each(routes)('$method $path: the Super Admin passes the permission check', async ({ method, path }) => {
    const { status } = await send(t.superAdmin, method, path);
    expect([401, 403]).not.toContain(status);
    expect(status).toBeLessThan(500);
  });
});
