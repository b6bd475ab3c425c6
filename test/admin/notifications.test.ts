import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { deliveryRows } from '../helpers/deliveries';
import { adminWith, type AdminClient } from '../helpers/admin-http';
import { ACTIONS } from '../../server/src/admin/permissions';
import { bootAdminApp, type AdminTestApp } from './setup';

interface Item {
  id: number;
  category: string | null;
  isRead: boolean;
  recipient: number;
  recipientUser: { username: string };
}
interface Delivery {
  id: number;
  status: string;
  attempts: number;
  lastError: string | null;
  channel: string;
}
type Pagination = { pagination: { total: number; page: number; pageSize: number; pageCount: number } };

let t: AdminTestApp;
let reader: AdminClient;
let ann: { id: number };
let ben: { id: number };
const notify = () => service(t.app.strapi, 'notify');
const drain = () => service(t.app.strapi, 'queue').drain();

beforeAll(async () => {
  t = await bootAdminApp();
  reader = await adminWith(t.app.strapi, t.base, [ACTIONS.notificationsRead]);
  ann = await createUser(t.app.strapi, 'ann');
  ben = await createUser(t.app.strapi, 'ben');
  await notify().notify({ recipient: ann.id, category: 'orders', channels: ['probe'], shortDescription: 'order 1' });
  await notify().notify({ recipient: ann.id, category: 'news', channels: ['console'], shortDescription: 'news 1' });
  await notify().notify({ recipient: ben.id, category: 'orders', channels: ['probe'], shortDescription: 'order 2' });
  await drain();
});
afterAll(async () => {
  await t?.app.stop();
});

describe('admin notifications', () => {
  test('list: every recipient, newest first, with the recipient user and pagination', async () => {
    const { status, body } = await reader.get<Item[]>('/notifications?pageSize=2');
    expect(status).toBe(200);
    expect(body.data.map((item) => item.recipientUser.username)).toEqual(['ben', 'ann']);
    expect((body.meta as Pagination).pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
  });

  test('list and detail show when the recipient saw and archived it', async () => {
    const seen = await notify().notify({ recipient: ben.id, category: 'inbox', channels: [], shortDescription: 'archived' });
    await service(t.app.strapi, 'read').seenAll({ recipient: ben.id });
    await service(t.app.strapi, 'read').archive({ notifyId: seen.id, recipient: ben.id });
    const { body } = await reader.get<(Item & { seenAt: string | null; archivedAt: string | null })[]>('/notifications?category=inbox');
    expect(body.data).toEqual([expect.objectContaining({ id: seen.id, isRead: false, seenAt: expect.any(String), archivedAt: expect.any(String) })]);
    const detail = await reader.get<{ seenAt: string | null; archivedAt: string | null }>(`/notifications/${seen.documentId}`);
    expect(detail.body.data).toMatchObject({ seenAt: body.data[0].seenAt, archivedAt: body.data[0].archivedAt });
    await t.app.strapi.db.query('plugin::notifs.notification').delete({ where: { id: seen.id } });
  });

  test('list: meta.channels names the registered channels for the channel filter, with read access only', async () => {
    const { status, body } = await reader.get<Item[]>('/notifications?pageSize=1');
    expect(status).toBe(200);
    const channels = (body.meta as { channels: { name: string; displayName: string }[] }).channels;
    expect(channels).toEqual(expect.arrayContaining([{ name: 'console', displayName: 'Console' }, { name: 'email', displayName: 'Email' }]));
    // Names only: how a channel's providers are configured is for settings.read.
    for (const channel of channels) expect(Object.keys(channel).sort()).toEqual(['displayName', 'name']);
  });

  test('list filters: recipient, category, channel, read state, dates', async () => {
    const ids = async (query: string) => (await reader.get<Item[]>(`/notifications?${query}`)).body.data.length;
    expect(await ids(`recipient=${ann.id}`)).toBe(2);
    expect(await ids('category=orders')).toBe(2);
    expect(await ids(`category=orders&recipient=${ben.id}`)).toBe(1);
    expect(await ids('channel=console')).toBe(1);
    expect(await ids('channel=slack')).toBe(0);
    expect(await ids('isRead=false')).toBe(3);
    expect(await ids('isRead=true')).toBe(0);
    expect(await ids(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toBe(0);
    expect(await ids(`to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toBe(3);
  });

  test('list: a bad filter is a 400 naming it', async () => {
    const { status, body } = await reader.get('/notifications?isRead=maybe&bogus=1');
    expect(status).toBe(400);
    expect(body.error?.name).toBe('ValidationError');
    expect(body.error?.message).toMatch(/"isRead"/);
    expect(body.error?.message).toMatch(/"bogus" is not a known key/);
  });

  test('detail: the notification with each delivery, its status, attempts and last error', async () => {
    const failing = await notify().notify({
      recipient: ann.id,
      channels: ['probe'],
      obj: { uid: 'api::article.article', documentId: 'abc' },
      extraData: { context: { payload: { fail: 'fatal' } } },
    });
    await drain();
    const { status, body } = await reader.get<Item & { deliveries: Delivery[]; objDisplayName: string; channelDisplayNames: string[] }>(
      `/notifications/${failing.id}`
    );
    expect([status, body.error]).toEqual([200, undefined]);
    expect(body.data.deliveries).toEqual([
      expect.objectContaining({ channel: 'probe', channelDisplayName: 'Probe', status: 'dead', attempts: 1, lastError: expect.stringMatching(/failed on purpose/) }),
    ]);
    // The names people read: the content type's display name, the channels'.
    expect(body.data).toMatchObject({ objDisplayName: 'Article', channelDisplayNames: ['Probe'] });
    // The moment it died is recorded (runAt) after its creation: what "Last change" shows.
    const [dead] = body.data.deliveries as unknown as { runAt: string; createdAt: string }[];
    expect(Date.parse(dead.runAt)).toBeGreaterThanOrEqual(Date.parse(dead.createdAt));
    expect((await reader.get('/notifications/999999')).status).toBe(404);
    expect((await reader.get('/notifications/abc')).status).toBe(400);
  });

  test('resend queues each delivery again with its first payload; cancel stops pending ones', async () => {
    const [sent] = (await reader.get<Item[]>(`/notifications?recipient=${ben.id}`)).body.data;
    const resent = await t.superAdmin.post<{ queued: number }>(`/notifications/${sent.id}/resend`);
    expect(resent).toMatchObject({ status: 200, body: { data: { queued: 1 } } });
    const rows = await deliveryRows(t.app.strapi, { notification: { id: sent.id } });
    expect(rows.map((row) => row.status)).toEqual(['sent', 'queued']);
    expect(rows[1].payload).toEqual(rows[0].payload);

    const cancelled = await t.superAdmin.post<{ cancelled: number }>(`/notifications/${sent.id}/cancel`);
    expect(cancelled.body.data).toEqual({ cancelled: 1 });
    expect((await deliveryRows(t.app.strapi, { notification: { id: sent.id } })).map((row) => row.status)).toEqual(['sent', 'cancelled']);
    expect((await reader.post(`/notifications/${sent.id}/resend`)).status).toBe(403);
  });
});

describe('admin deliveries', () => {
  test('stats: counts per status and the backend', async () => {
    const { body } = await reader.get<{ backend: string; counts: Record<string, number> }>('/deliveries/stats');
    expect(body.data.backend).toBe('database');
    expect(body.data.counts).toMatchObject({ sent: 3, dead: 1, cancelled: 1, queued: 0 });
  });

  test('failed and dead deliveries are listed, and retry sends one again', async () => {
    const { body } = await reader.get<Delivery[]>('/deliveries');
    expect(body.data.map((row) => row.status)).toEqual(['dead']);
    const [dead] = body.data;
    expect((await reader.post(`/deliveries/${dead.id}/retry`)).status).toBe(403);
    const retried = await t.superAdmin.post(`/deliveries/${dead.id}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { data: { id: dead.id, status: 'queued' } } });
    expect((await deliveryRows(t.app.strapi, { id: dead.id }))[0].status).toBe('queued');
    // Not failed any more: a second retry is a 404 that says why.
    const again = await t.superAdmin.post(`/deliveries/${dead.id}/retry`);
    expect(again.status).toBe(404);
    expect(again.body.error?.message).toMatch(/not failed, dead, cancelled or skipped/);
    await drain();
    expect((await reader.get<Delivery[]>('/deliveries?status=sent,dead&pageSize=50')).body.data.length).toBe(4);
    expect((await reader.get('/deliveries?status=lost')).status).toBe(400);
  });

  test('series: sent and failed per hour over the last day, per day over a range', async () => {
    const hourly = await reader.get<{ at: string; sent: number; failed: number }[]>('/deliveries/series');
    expect(hourly.status).toBe(200);
    expect(hourly.body.data.length).toBe(25);
    const total = (key: 'sent' | 'failed') => hourly.body.data.reduce((sum, point) => sum + point[key], 0);
    expect(total('sent')).toBe(3); // the retried delivery fails again (fatal): dead once more
    expect(total('failed')).toBe(1);
    expect(hourly.body.data[hourly.body.data.length - 1].sent).toBeGreaterThan(0);

    const from = new Date(Date.now() - 6 * 86_400_000).toISOString();
    const daily = await reader.get<{ at: string }[]>(`/deliveries/series?interval=day&from=${encodeURIComponent(from)}`);
    expect(daily.body.data.length).toBe(7);
    expect(daily.body.data[0].at).toMatch(/T00:00:00.000Z$/);
    expect((await reader.get('/deliveries/series?interval=minute')).status).toBe(400);
    expect((await reader.get(`/deliveries/series?from=2020-01-01`)).status).toBe(400);
  });
});
