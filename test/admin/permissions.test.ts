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
const allRoutes = adminRoutes.routes.map((route) => {
  const policy = route.config.policies[1] as { name: string; config: { actions: string[] } };
  return {
    method: route.method,
    // Ids that exist nowhere: the permission check comes before any lookup.
    path: route.path.replace(':id', '999999').replace(':name', 'console'),
    action: policy.config.actions[0],
    actions: policy.config.actions,
    anyOf: policy.name === 'plugin::notifs.has-any-permission',
  };
});
const routes = allRoutes.filter((route) => !route.anyOf);
/** Routes several pages share (the user search): any one of their actions opens them. */
const anyOfRoutes = allRoutes.filter((route) => route.anyOf);

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

  test('every admin route carries isAuthenticatedAdmin and plugin actions', () => {
    for (const route of adminRoutes.routes) {
      expect(route.config.policies[0]).toBe('admin::isAuthenticatedAdmin');
      const policy = route.config.policies[1] as { name: string; config: { actions: string[] } };
      expect(['admin::hasPermissions', 'plugin::notifs.has-any-permission']).toContain(policy.name);
      for (const action of policy.config.actions) expect(ALL).toContain(action);
    }
    expect(anyOfRoutes.map((route) => route.path)).toEqual(['/users']);
  });

  test.each(anyOfRoutes)('$method $path: 401 without a token, 403 without any of its actions, 200 with any one', async ({ method, path, actions }) => {
    expect((await send(adminClient(t.base, null), method, path)).status).toBe(401);
    const without = await adminWith(t.app.strapi, t.base, ALL.filter((other) => !actions.includes(other)));
    expect((await send(without, method, path)).status).toBe(403);
    expect((await send(t.outsider, method, path)).status).toBe(403);
    for (const action of actions) {
      const client = await adminWith(t.app.strapi, t.base, [action]);
      expect((await send(client, method, path)).status).toBe(200);
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
