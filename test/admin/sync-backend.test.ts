import { createUser } from '../helpers/users';
import { bootAdminApp, type AdminTestApp } from './setup';

let t: AdminTestApp;
beforeAll(async () => {
  t = await bootAdminApp({ backend: 'sync' });
});
afterAll(async () => {
  await t?.app.stop();
});

describe('admin API on the sync backend (no queue)', () => {
  test('stats name the backend and have no counts; the page says so instead of failing', async () => {
    const { status, body } = await t.superAdmin.get<{ backend: string; counts: null }>('/deliveries/stats');
    expect(status).toBe(200);
    expect(body.data).toEqual({ backend: 'sync', counts: null });
  });

  test('retry explains that it needs a durable backend', async () => {
    const { status, body } = await t.superAdmin.post('/deliveries/1/retry');
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/needs a durable backend: this app uses backend "sync"/);
  });

  test('the chart and lists still answer (deliveries are rows only with a durable backend)', async () => {
    expect((await t.superAdmin.get<unknown[]>('/deliveries/series')).body.data).toHaveLength(25);
    expect((await t.superAdmin.get<unknown[]>('/deliveries')).body.data).toEqual([]);
  });

  test('compose with a digest is refused with the reason, and nothing is stored', async () => {
    const ann = await createUser(t.app.strapi, 'ann-sync-compose-digest');
    const { status, body } = await t.superAdmin.post('/compose', {
      users: [ann.id],
      channels: ['probe'],
      shortDescription: 'Release notes',
      digest: { key: 'releases', window: 600 },
    });
    expect(status).toBe(400);
    expect(body.error?.name).toBe('ValidationError');
    expect(body.error?.message).toMatch(/"digest" needs a durable backend/);
    // The compose page names the field from the path.
    expect(body.error?.details).toMatchObject({
      errors: [{ path: ['digest'], message: expect.stringMatching(/^needs a durable backend/) }],
    });
    expect(await t.app.strapi.db.query('plugin::notifs.notification').count({})).toBe(0);
  });
});
