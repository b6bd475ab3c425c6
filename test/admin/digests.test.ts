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
  ['mergedInto=99999999999', /mergedInto/],
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
  [{ digest: { key: 'k', window: 60 }, silent: true }, /silent|not a known key/],
])('compose with a digest it cannot keep: 400 %#', async (change, message) => {
  const response = await t.superAdmin.post('/compose', { users: [ann.id], channels: ['probe'], shortDescription: 'x', ...change });
  expect(response.status).toBe(400);
  expect(response.body.error?.message).toMatch(message);
});
