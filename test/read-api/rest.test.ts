import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';
import { notificationRows } from '../helpers/db';

let app: TestApp;
let base: string;
let ada: { id: number; username: string };
let bob: { id: number; username: string };
let adaToken: string;
let bobToken: string;
const notify = (recipient: number, extra: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({ recipient, shortDescription: 'hello', ...extra });

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  base = await listen(app.strapi);
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
  adaToken = await tokenFor(app.strapi, ada.id);
  bobToken = await tokenFor(app.strapi, bob.id);
});
afterAll(async () => {
  await app?.stop();
});

describe('GET /api/notifs/notifications', () => {
  let ids: number[];
  beforeAll(async () => {
    ids = [];
    for (const category of ['orders', 'news', 'orders']) ids.push((await notify(ada.id, { category })).id);
    await notify(bob.id, { category: 'orders' });
  });

  test('lists the caller’s own, newest first, in { data, meta.pagination }', async () => {
    const { status, body } = await request(base, '/api/notifs/notifications', { token: adaToken });
    expect(status).toBe(200);
    expect(body.data.map((n: { id: number }) => n.id)).toEqual([...ids].reverse());
    // Sanitized as Strapi's own routes are: the Authenticated role may not find users, so no `recipient`.
    expect(body.data.every((n: Record<string, unknown>) => !('recipient' in n))).toBe(true);
    expect(body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 3 });
  });

  test('paginates and filters on category and isRead', async () => {
    const page2 = await request(base, '/api/notifs/notifications?pagination[page]=2&pagination[pageSize]=2', { token: adaToken });
    expect(page2.body.data.map((n: { id: number }) => n.id)).toEqual([ids[0]]);
    expect(page2.body.meta.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 2, total: 3 });

    const news = await request(base, '/api/notifs/notifications?filters[category]=news', { token: adaToken });
    expect(news.body.data.map((n: { id: number }) => n.id)).toEqual([ids[1]]);

    await service(app.strapi, 'read').read({ notifyId: ids[2], recipient: ada.id });
    const unread = await request(base, '/api/notifs/notifications?filters[isRead]=false', { token: adaToken });
    expect(unread.body.data.map((n: { id: number }) => n.id)).toEqual([ids[1], ids[0]]);
    const read = await request(base, '/api/notifs/notifications?filters[isRead]=true', { token: adaToken });
    expect(read.body.data.map((n: { id: number }) => n.id)).toEqual([ids[2]]);
  });
});

describe('one notification', () => {
  test('GET /:id, POST /:id/read, POST /:id/unread', async () => {
    const { id } = await notify(ada.id);
    const one = await request(base, `/api/notifs/notifications/${id}`, { token: adaToken });
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id, isRead: false, shortDescription: 'hello' });

    const read = await request(base, `/api/notifs/notifications/${id}/read`, { method: 'POST', token: adaToken });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id, isRead: true });
    expect(read.body.data.readAt).toEqual(expect.any(String));

    const unread = await request(base, `/api/notifs/notifications/${id}/unread`, { method: 'POST', token: adaToken });
    expect(unread.body.data).toMatchObject({ id, isRead: false, readAt: null });
  });

  test('unread-count and read-all', async () => {
    const carol = await createUser(app.strapi, 'carol');
    const token = await tokenFor(app.strapi, carol.id);
    for (let i = 0; i < 3; i += 1) await notify(carol.id);
    expect((await request(base, '/api/notifs/notifications/unread-count', { token })).body).toEqual({ data: { count: 3, unseen: 3 }, meta: {} });
    const all = await request(base, '/api/notifs/notifications/read-all', { method: 'POST', token });
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual({ count: 3 });
    // Reading implies seeing.
    expect((await request(base, '/api/notifs/notifications/unread-count', { token })).body.data).toEqual({ count: 0, unseen: 0 });
  });

  test('DELETE /:id removes it; a second DELETE is 404', async () => {
    const { id } = await notify(ada.id);
    const removed = await request(base, `/api/notifs/notifications/${id}`, { method: 'DELETE', token: adaToken });
    expect(removed.status).toBe(200);
    expect(removed.body.data.id).toBe(id);
    expect(await notificationRows(app.strapi, { id })).toHaveLength(0);
    const again = await request(base, `/api/notifs/notifications/${id}`, { method: 'DELETE', token: adaToken });
    expect(again.status).toBe(404);
  });
});

describe('access', () => {
  test('another user’s notification answers exactly like a missing one (404), and nothing changes', async () => {
    const { id } = await notify(bob.id);
    const missingId = id + 100_000;
    const attempts: [string, string][] = [
      ['GET', ''],
      ['POST', '/read'],
      ['POST', '/unread'],
      ['DELETE', ''],
    ];
    for (const [method, suffix] of attempts) {
      const theirs = await request(base, `/api/notifs/notifications/${id}${suffix}`, { method, token: adaToken });
      const missing = await request(base, `/api/notifs/notifications/${missingId}${suffix}`, { method, token: adaToken });
      expect(theirs.status).toBe(404);
      expect(theirs.body.error).toMatchObject({ status: 404, name: 'NotFoundError', message: `Notification ${id} not found` });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(`Notification ${missingId} not found`);
    }
    const [row] = await notificationRows(app.strapi, { id });
    expect(row.isRead).toBe(false);
    // And bob still sees it as his.
    expect((await request(base, `/api/notifs/notifications/${id}`, { token: bobToken })).status).toBe(200);
  });

  test('read-all and unread-count touch only the caller’s', async () => {
    const { id } = await notify(bob.id);
    await request(base, '/api/notifs/notifications/read-all', { method: 'POST', token: adaToken });
    expect((await notificationRows(app.strapi, { id }))[0].isRead).toBe(false);
  });

  test('no token: 403 from the Public role on every route; a bad token: 401', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/notifs/notifications'],
      ['GET', '/api/notifs/notifications/unread-count'],
      ['GET', '/api/notifs/notifications/1'],
      ['POST', '/api/notifs/notifications/1/read'],
      ['POST', '/api/notifs/notifications/1/unread'],
      ['POST', '/api/notifs/notifications/read-all'],
      ['DELETE', '/api/notifs/notifications/1'],
      ['POST', '/api/notifs/stream/ticket'],
      ['GET', '/api/notifs/stream'],
    ];
    for (const [method, path] of routes) {
      const anonymous = await request(base, path, { method });
      expect([401, 403]).toContain(anonymous.status);
      expect(anonymous.body.error).toMatchObject({ status: anonymous.status });
      const forged = await request(base, path, { method, token: 'not-a-jwt' });
      expect([401, 403]).toContain(forged.status);
    }
  });
});

describe('permissions granted at boot', () => {
  const actionsOf = async (type: string) => {
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
    const rows = (await app.strapi.db
      .query('plugin::users-permissions.permission')
      .findMany({ where: { role: { id: role.id }, action: { $startsWith: 'plugin::notifs.' } } })) as { action: string }[];
    return rows.map((row) => row.action).sort();
  };

  test('the Authenticated role has every read-API action, the Public role none', async () => {
    expect(await actionsOf('authenticated')).toEqual(
      [
        'plugin::notifs.notifications.archive',
        'plugin::notifs.notifications.archiveAllRead',
        'plugin::notifs.notifications.delete',
        'plugin::notifs.notifications.deleteAll',
        'plugin::notifs.notifications.find',
        'plugin::notifs.notifications.findOne',
        'plugin::notifs.notifications.markAllRead',
        'plugin::notifs.notifications.markAllSeen',
        'plugin::notifs.notifications.markRead',
        'plugin::notifs.notifications.markUnread',
        'plugin::notifs.notifications.unarchive',
        'plugin::notifs.notifications.unreadCount',
        'plugin::notifs.preferences.find',
        'plugin::notifs.preferences.update',
        'plugin::notifs.push-subscriptions.create',
        'plugin::notifs.push-subscriptions.delete',
        'plugin::notifs.push-subscriptions.find',
        'plugin::notifs.stream.open',
        'plugin::notifs.stream.ticket',
      ].sort()
    );
    expect(await actionsOf('public')).toEqual([]);
  });

  test('a revoked action answers 403 to the user (the role decides)', async () => {
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const where = { role: { id: role.id }, action: 'plugin::notifs.notifications.markAllRead' };
    await app.strapi.db.query('plugin::users-permissions.permission').delete({ where });
    try {
      const denied = await request(base, '/api/notifs/notifications/read-all', { method: 'POST', token: adaToken });
      expect(denied.status).toBe(403);
    } finally {
      await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action: where.action, role: role.id } });
    }
  });

  test('a Public role given the routes by an admin still reads nothing (no user to scope to)', async () => {
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const action = 'plugin::notifs.notifications.find';
    const created = await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    try {
      const anonymous = await request(base, '/api/notifs/notifications');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError' });
    } finally {
      await app.strapi.db.query('plugin::users-permissions.permission').delete({ where: { id: created.id } });
    }
  });
});
