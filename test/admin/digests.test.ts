/**
 * Digests, throttles and skips in the admin API: merged deliveries point at their digest, a digest
 * says how many were merged into it, the members of one digest can be listed, and the compose route
 * takes a digest (refused with a 400 and a message when it cannot be kept).
 */
import { createUser } from '../helpers/users';
import { service } from '../helpers/services';
import { bootAdminApp, MANUAL_QUEUE, type AdminTestApp } from './setup';

interface Delivery {
  id: number;
  status: string;
  channel: string;
  digestKey: string | null;
  mergedInto: number | null;
  mergedCount?: number;
  lastError: string | null;
}
type Job = { id: string; status: string; done: number; total: number; error: string | null };

let t: AdminTestApp;
let ann: { id: number };

beforeAll(async () => {
  t = await bootAdminApp(MANUAL_QUEUE);
  ann = await createUser(t.app.strapi, 'ann-digests');
});
afterAll(async () => {
  await t?.app.stop();
});

const comment = (n: number, key = 'admin-thread') =>
  service(t.app.strapi, 'notify').notify({
    recipient: ann.id,
    shortDescription: `Comment ${n}`,
    channels: ['probe'],
    digest: { key, window: 600 },
  });

test('merged deliveries point at their digest; the digest counts them; its members are listed by mergedInto', async () => {
  for (const n of [1, 2, 3]) await comment(n);
  const merged = await t.superAdmin.get<Delivery[]>('/deliveries?status=merged&pageSize=50');
  expect(merged.status).toBe(200);
  const mine = merged.body.data.filter((row) => row.digestKey === 'admin-thread');
  expect(mine).toHaveLength(3);
  const digestId = mine[0].mergedInto as number;
  expect(mine.every((row) => row.mergedInto === digestId && row.status === 'merged')).toBe(true);

  const pending = await t.superAdmin.get<Delivery[]>('/deliveries?status=queued&pageSize=50');
  expect(pending.body.data.find((row) => row.id === digestId)).toMatchObject({
    digestKey: 'admin-thread',
    mergedInto: null,
    mergedCount: 3,
  });

  const members = await t.superAdmin.get<Delivery[]>(`/deliveries?mergedInto=${digestId}`);
  expect(members.body.data.map((row) => row.id).sort()).toEqual(mine.map((row) => row.id).sort());
  // With a status too, both hold.
  const mergedMembers = await t.superAdmin.get<Delivery[]>(`/deliveries?mergedInto=${digestId}&status=merged`);
  expect(mergedMembers.body.data).toHaveLength(3);
  expect((await t.superAdmin.get<Delivery[]>(`/deliveries?mergedInto=${digestId}&status=sent`)).body.data).toEqual([]);
  // The digest itself, by its id, whatever its status.
  const digest = await t.superAdmin.get<Delivery[]>(`/deliveries?id=${digestId}`);
  expect(digest.body.data).toMatchObject([{ id: digestId, status: 'queued', digestKey: 'admin-thread', mergedCount: 3 }]);
  expect((await t.superAdmin.get<Delivery[]>(`/deliveries?id=${digestId}&status=sent`)).body.data).toEqual([]);
  // Paged like any list.
  const firstPage = await t.superAdmin.get<Delivery[]>(`/deliveries?mergedInto=${digestId}&pageSize=2`);
  expect(firstPage.body.data).toHaveLength(2);
  expect(firstPage.body.meta?.pagination).toMatchObject({ total: 3, pageCount: 2 });
});

test("a notification's detail shows its delivery merged into the digest, and the digest it opened with its count", async () => {
  const first = (await comment(4, 'detail-thread')) as { id: number };
  await comment(5, 'detail-thread');
  const detail = await t.superAdmin.get<{ deliveries: Delivery[] }>(`/notifications/${first.id}`);
  expect(detail.status).toBe(200);
  const { deliveries } = detail.body.data;
  // The digest delivery points at the first member's notification.
  const digest = deliveries.find((row) => row.mergedInto === null);
  expect(digest).toMatchObject({ status: 'queued', digestKey: 'detail-thread', mergedCount: 2 });
  expect(deliveries.find((row) => row.mergedInto !== null)).toMatchObject({
    status: 'merged',
    digestKey: 'detail-thread',
    mergedInto: digest?.id,
  });
});

test('rows written directly: each digest delivery of a page counts its own members, other rows none', async () => {
  const deliveries = t.app.strapi.db.query('plugin::notifs.delivery');
  const digestRow = (key: string) =>
    deliveries.create({
      data: { channel: 'probe', provider: 'recording', status: 'queued', digestKey: key, runAt: new Date() },
    }) as Promise<{
      id: number;
    }>;
  const empty = await digestRow('direct-empty');
  const full = await digestRow('direct-full');
  for (let n = 0; n < 2; n += 1) {
    await deliveries.create({
      data: { channel: 'probe', provider: 'recording', status: 'merged', digestKey: 'direct-full', mergedInto: full.id, runAt: new Date() },
    });
  }
  const plain = (await deliveries.create({ data: { channel: 'probe', provider: 'recording', status: 'queued', runAt: new Date() } })) as {
    id: number;
  };
  const listed = (await t.superAdmin.get<Delivery[]>('/deliveries?status=queued&pageSize=100')).body.data;
  const byId = new Map(listed.map((row) => [row.id, row]));
  expect(byId.get(empty.id)).toMatchObject({ digestKey: 'direct-empty', mergedInto: null, mergedCount: 0 });
  expect(byId.get(full.id)).toMatchObject({ digestKey: 'direct-full', mergedInto: null, mergedCount: 2 });
  expect(byId.get(plain.id)).toMatchObject({ digestKey: null, mergedInto: null });
  expect(byId.get(plain.id)?.mergedCount).toBeUndefined();
});

test('a throttled delivery is listed as skipped with its reason', async () => {
  for (const n of [1, 2]) {
    await service(t.app.strapi, 'notify').notify({
      recipient: ann.id,
      shortDescription: `Ping ${n}`,
      channels: ['probe'],
      throttle: { key: 'admin-pings', limit: 1, window: 600 },
    });
  }
  const skipped = await t.superAdmin.get<Delivery[]>('/deliveries?status=skipped&pageSize=50');
  expect(skipped.body.data.map((row) => row.lastError)).toContain(
    'throttled: more than 1 notification with key "admin-pings" for this recipient within 600 s'
  );
});

test.each([
  ['mergedInto=abc', /mergedInto/],
  ['mergedInto=0', /mergedInto/],
  ['mergedInto=-1', /mergedInto/],
  ['mergedInto=1.5', /mergedInto/],
  ['mergedInto=99999999999', /mergedInto/],
  ['mergedInto=1&status=bogus', /status/],
  ['id=x1', /"id"/],
  ['digest=1', /digest/],
])('a bad filter (%s) is a 400 with a message', async (query, message) => {
  const response = await t.superAdmin.get(`/deliveries?${query}`);
  expect(response.status).toBe(400);
  expect(response.body.error?.message).toMatch(message);
});

test('compose with a digest: each recipient’s messages fold into their own digest', async () => {
  const ben = await createUser(t.app.strapi, 'ben-digests');
  const finished = async (id: string): Promise<Job> => {
    await service(t.app.strapi, 'compose').settled();
    return (await t.superAdmin.get<Job>(`/compose/${id}`)).body.data;
  };
  for (const n of [1, 2]) {
    const started = await t.superAdmin.post<Job>('/compose', {
      users: [ann.id, ben.id],
      channels: ['probe'],
      shortDescription: `Release ${n}`,
      digest: { key: 'releases', window: 600 },
    });
    expect(started.status).toBe(202);
    expect(await finished(started.body.data.id)).toMatchObject({ status: 'done', done: 2 });
  }
  const digests = (await t.superAdmin.get<Delivery[]>('/deliveries?status=queued&pageSize=100')).body.data.filter(
    (row) => row.digestKey === 'releases' && row.mergedInto === null
  );
  expect(digests.map((row) => row.mergedCount)).toEqual([2, 2]);
});

test.each([
  [{ digest: { key: 'k', window: 0 } }, /"digest.window" must be at least 1/],
  [{ digest: { key: '', window: 60 } }, /"digest.key" must not be empty/],
  [{ digest: { key: 'k', window: '60' } }, /"digest.window" must be a number of seconds/],
  [{ digest: { key: 'k' } }, /"digest.window"/],
  [{ digest: { key: 'k', window: 60, extra: 1 } }, /digest/],
  [{ digest: { key: 'k', window: 60 }, silent: true }, /silent|not a known key/],
])('compose with a digest it cannot keep: 400 %#', async (change, message) => {
  const response = await t.superAdmin.post('/compose', { users: [ann.id], channels: ['probe'], shortDescription: 'x', ...change });
  expect(response.status).toBe(400);
  expect(response.body.error?.message).toMatch(message);
});
