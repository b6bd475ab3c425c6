import { bootStrapi, type TestApp } from './helpers/strapi';
import { service } from './helpers/services';
import { createUser } from './helpers/users';
import { clearRecorded, recorded } from './helpers/recording';
import { deliveryRows, waitFor } from './helpers/deliveries';
import { countNotifications, notificationRows } from './helpers/db';

let app: TestApp;
let bob: { id: number };
const notify = () => service(app.strapi, 'notify');
const queue = () => service(app.strapi, 'queue');

beforeAll(async () => {
  app = await bootStrapi({
    config: {
      backend: 'database',
      // A rule that never fires during the suite: these tests drain by hand, to be deterministic.
      // Retries wait 200–500 ms, so a drain does not reach the retry it has just scheduled.
      queue: { pollRule: '0 0 0 1 1 *', maxAttempts: 3, backoff: { baseMs: 400, maxMs: 500 } },
    },
  });
  bob = await createUser(app.strapi, 'bob');
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(() => clearRecorded());

const probe = (payload: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  notify().notify({ recipient: bob.id, channels: ['probe'], extraData: { context: { payload } }, ...extra });

describe('database backend', () => {
  test('notify writes the notification and a queued delivery; drain sends it', async () => {
    const notification = await probe({ key: 'plain' });
    const [queued] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, channel: 'probe', provider: 'recording', sentAt: null });
    expect(queued.payload).toEqual({ key: 'plain', notificationId: notification.id });
    expect(recorded()).toEqual([]);

    expect(await queue().drain()).toBe(1);
    expect(recorded()).toHaveLength(1);
    const [sent] = await deliveryRows(app.strapi, { id: queued.id });
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(sent.sentAt).toBeTruthy();
  });

  test('a silent notification still gets its deliveries', async () => {
    const before = await countNotifications(app.strapi);
    await probe({ key: 'silent' }, { silent: true });
    expect(await countNotifications(app.strapi)).toBe(before);
    const rows = await deliveryRows(app.strapi, { status: 'queued' });
    expect(rows).toHaveLength(1);
    expect(rows[0].notification).toBeNull();
    await queue().drain();
    expect(recorded().map((call) => call.payloads[0].key)).toEqual(['silent']);
  });

  test('a bad payload stores neither the notification nor any delivery', async () => {
    const [notificationsBefore, deliveriesBefore] = [await countNotifications(app.strapi), (await deliveryRows(app.strapi)).length];
    await expect(probe({ fail: 'sometimes' })).rejects.toThrow(/Invalid payload/);
    expect(await countNotifications(app.strapi)).toBe(notificationsBefore);
    expect(await deliveryRows(app.strapi)).toHaveLength(deliveriesBefore);
  });

  test('countdown: not sent before it is due, sent after', async () => {
    const notification = await probe({ key: 'later' }, { countdown: 1 });
    const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(new Date(row.runAt).getTime()).toBeGreaterThan(Date.now() + 500);
    expect(await queue().drain()).toBe(0);
    expect(recorded()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await queue().drain()).toBe(1);
    expect(recorded().map((call) => call.payloads[0].key)).toEqual(['later']);
  });

  test('a retryable failure is retried with backoff, then succeeds', async () => {
    const notification = await probe({ key: 'flaky', failTimes: 2 });
    await queue().drain();
    let [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/failed attempt 1 of key flaky/) });
    await waitFor(async () => {
      await queue().drain();
      [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
      return row.status === 'sent';
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(recorded()).toHaveLength(1);
  });

  test('retries stop at maxAttempts: dead, with the last error kept', async () => {
    const notification = await probe({ key: 'doomed', fail: 'retryable' });
    let row!: Awaited<ReturnType<typeof deliveryRows>>[number];
    await waitFor(async () => {
      await queue().drain();
      [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
      return row.status === 'dead';
    });
    expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: 'recording provider failed on purpose (retryable)' });
  });

  test('a non-retryable error goes straight to dead', async () => {
    const notification = await probe({ key: 'fatal', fail: 'fatal' });
    await queue().drain();
    const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(row).toMatchObject({ status: 'dead', attempts: 1, lastError: 'recording provider failed on purpose (fatal)' });
  });

  test('a Retry-After answer sets the next attempt that far out, up to backoff.maxMs', async () => {
    // Taken before notify: the poll may try the delivery before this test's drain does.
    const before = Date.now();
    const notification = await probe({ key: 'limited', failTimes: 1, retryAfterMs: 480 });
    await queue().drain();
    const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(row.status).toBe('failed');
    expect(new Date(row.runAt).getTime()).toBeGreaterThanOrEqual(before + 480);
    expect(await queue().drain()).toBe(0);
  });

  test('an absurd Retry-After (285,000 years) is capped at backoff.maxMs: retried, then sent', async () => {
    const notification = await probe({ key: 'absurd', failTimes: 1, retryAfterMs: 9_000_000_000_000_000 });
    await queue().drain();
    const attemptedBy = Date.now();
    const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(row.status).toBe('failed');
    expect(new Date(row.runAt).getTime()).toBeLessThanOrEqual(attemptedBy + 500 + 5_000);
    let after = row;
    await waitFor(async () => {
      await queue().drain();
      [after] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
      return after.status !== 'failed';
    }, 5_000, 'the capped retry');
    expect(after).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('queue.retry() sends a dead delivery again', async () => {
    const notification = await probe({ key: 'revived', failTimes: 1 });
    await queue().drain();
    const [failed] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    await app.strapi.db.query('plugin::notifs.delivery').update({ where: { id: failed.id }, data: { status: 'dead' } });
    await queue().retry(failed.id);
    expect(await queue().drain()).toBe(1);
    const [row] = await deliveryRows(app.strapi, { id: failed.id });
    expect(row.status).toBe('sent');
    await expect(queue().retry(row.id)).rejects.toThrow(`Delivery ${row.id} does not exist or is not failed, dead, cancelled or skipped`);
  });

  test('cancel() cancels pending deliveries', async () => {
    const notification = await probe({ key: 'cancelled' }, { countdown: 60 });
    expect(await notify().cancel(notification.id)).toBe(1);
    const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(row.status).toBe('cancelled');
    expect(await notify().cancel(notification.id)).toBe(0);
  });

  test('idempotencyKey: a repeat returns the first notification and queues nothing', async () => {
    const first = await probe({ key: 'once' }, { idempotencyKey: 'order-9' });
    const again = await probe({ key: 'twice' }, { idempotencyKey: 'order-9' });
    expect(again.id).toBe(first.id);
    expect(await deliveryRows(app.strapi, { notification: { id: first.id } })).toHaveLength(1);
    expect(await notificationRows(app.strapi, { id: { $gte: first.id } })).toHaveLength(1);
  });

  test('idempotencyKey: concurrent repeats make one notification', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => probe({ key: 'race' }, { idempotencyKey: 'race-1' })));
    expect(new Set(results.map((n) => n.id)).size).toBe(1);
    expect(await deliveryRows(app.strapi, { notification: { id: results[0].id } })).toHaveLength(1);
  });

  test('stats() counts deliveries by status', async () => {
    const stats = await queue().stats();
    const rows = await deliveryRows(app.strapi);
    for (const status of ['queued', 'sending', 'sent', 'failed', 'dead', 'cancelled'] as const) {
      expect(stats[status]).toBe(rows.filter((row) => row.status === status).length);
    }
    expect(stats.sent).toBeGreaterThan(0);
    expect(stats.cancelled).toBeGreaterThan(0);
  });

  test('notifyMany fans out 10,000 recipients: one notification and one delivery each', async () => {
    const role = (await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } })) as { id: number };
    const users = Array.from({ length: 10_000 }, (_, i) => ({
      username: `fan${i}`,
      email: `fan${i}@example.test`,
      provider: 'local',
      confirmed: true,
      role: role.id,
    }));
    await app.strapi.db.query('plugin::users-permissions.user').createMany({ data: users });
    // Not createMany's ids: on MySQL it answers with the first id of each batch only.
    const userIds = (
      (await app.strapi.db.query('plugin::users-permissions.user').findMany({ where: { username: { $startsWith: 'fan' } }, select: ['id'] })) as { id: number }[]
    ).map((user) => user.id);
    expect(userIds).toHaveLength(10_000);
    const before = await countNotifications(app.strapi);
    const queuedBefore = await app.strapi.db.query('plugin::notifs.delivery').count({ where: { status: 'queued' } });
    const result = await notify().notifyMany(userIds.map(Number), { shortDescription: 'Big sale', channels: ['probe'] });
    expect(result.count).toBe(10_000);
    expect(new Set(result.ids).size).toBe(10_000);
    expect(await countNotifications(app.strapi)).toBe(before + 10_000);
    expect(await app.strapi.db.query('plugin::notifs.delivery').count({ where: { status: 'queued' } })).toBe(queuedBefore + 10_000);
    await queue().drain();
    expect(await app.strapi.db.query('plugin::notifs.delivery').count({ where: { status: 'queued' } })).toBe(0);
    const fannedOut = recorded().filter((call) => result.ids.includes(call.payloads[0].notificationId as number));
    expect(fannedOut).toHaveLength(10_000);
  });
});
