import type { Queue } from 'bullmq';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows, waitFor, type DeliveryRecord } from '../helpers/deliveries';
import { countNotifications } from '../helpers/db';
import { describeWithRedis, openQueue, REDIS_URL, removeQueue, uniqueQueueName } from './redis';

/** The bullmq backend with a live worker: the same contract as the database backend's suite. */
describeWithRedis('bullmq backend', () => {
  const queueName = uniqueQueueName('delivery');
  let app: TestApp;
  let jobs: Queue;
  let bob: { id: number };
  const notify = () => service(app.strapi, 'notify');
  const queue = () => service(app.strapi, 'queue');

  beforeAll(async () => {
    app = await bootStrapi({
      config: {
        backend: 'bullmq',
        bullmq: { connection: REDIS_URL, queueName },
        queue: { maxAttempts: 3, backoff: { baseMs: 10, maxMs: 5_000 }, concurrency: 4 },
      },
    });
    jobs = openQueue(queueName);
    bob = await createUser(app.strapi, 'bob');
  });
  afterAll(async () => {
    await app?.stop();
    await jobs?.close();
    await removeQueue(queueName);
  });
  beforeEach(() => clearRecorded());

  const probe = (payload: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    notify().notify({ recipient: bob.id, channels: ['probe'], extraData: { context: { payload } }, ...extra });
  const rowOf = async (notificationId: number): Promise<DeliveryRecord> =>
    (await deliveryRows(app.strapi, { notification: { id: notificationId } }))[0];
  const waitForStatus = async (notificationId: number, status: string, timeoutMs = 5_000): Promise<DeliveryRecord> => {
    let row!: DeliveryRecord;
    await waitFor(
      async () => (row = await rowOf(notificationId)).status === status,
      timeoutMs,
      `delivery of notification ${notificationId} to be ${status}`
    );
    return row;
  };
  const sentKeys = () => recorded().map((call) => call.payloads[0].key);

  test('notify writes a queued row and a job named after it; the worker records sending, then sent', async () => {
    const notification = await probe({ key: 'plain', delayMs: 300 });
    const queued = await rowOf(notification.id);
    expect(queued).toMatchObject({ channel: 'probe', provider: 'recording', attempts: 0, sentAt: null });
    expect(['queued', 'sending']).toContain(queued.status);
    expect(await jobs.getJob(`delivery-${queued.id}`)).toBeTruthy();
    await waitForStatus(notification.id, 'sending');
    const sent = await waitForStatus(notification.id, 'sent');
    expect(sent).toMatchObject({ attempts: 1, lastError: null });
    expect(sent.sentAt).toBeTruthy();
    expect(sentKeys()).toEqual(['plain']);
    // Done jobs leave Redis: the row keeps the history.
    await waitFor(async () => !(await jobs.getJob(`delivery-${queued.id}`)), 10_000, 'the finished job to be removed');
  });

  test('a silent notification still gets its delivery row and job', async () => {
    const before = await countNotifications(app.strapi);
    await probe({ key: 'silent' }, { silent: true });
    expect(await countNotifications(app.strapi)).toBe(before);
    await waitFor(() => sentKeys().includes('silent'), 5_000, 'the silent delivery');
    // The row is marked sent just after the send (marks of sends that end together share a write).
    let row: DeliveryRecord | undefined;
    await waitFor(
      async () => ([row] = await deliveryRows(app.strapi, { notification: { id: { $null: true } } })) && row?.status === 'sent',
      5_000,
      'the silent row marked sent'
    );
    expect(row).toMatchObject({ status: 'sent', notification: null });
  });

  test('countdown: a delayed job, not sent before it is due, sent once due (by Redis, not the relay)', async () => {
    const notified = Date.now();
    const notification = await probe({ key: 'later' }, { countdown: 1 });
    const row = await rowOf(notification.id);
    expect(await jobs.getJob(`delivery-${row.id}`).then((job) => job?.getState())).toBe('delayed');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(sentKeys()).toEqual([]);
    expect((await rowOf(notification.id)).status).toBe('queued');
    await waitFor(() => sentKeys().includes('later'), 10_000, 'the countdown delivery');
    // Redis's delayed set released it, not the relay (every 30 s): the bound is loose for loaded CI machines.
    const lateMs = Date.now() - notified - 1_000;
    expect(lateMs).toBeLessThan(8_000);
  });

  test('a retryable failure is retried with backoff, then succeeds', async () => {
    const notification = await probe({ key: 'flaky', failTimes: 2 });
    const row = await waitForStatus(notification.id, 'sent');
    expect(row).toMatchObject({ attempts: 3, lastError: null });
    expect(sentKeys()).toEqual(['flaky']);
  });

  test('retries stop at maxAttempts: dead, with the last error kept; BullMQ failed the job too', async () => {
    const notification = await probe({ key: 'doomed', fail: 'retryable' });
    const row = await waitForStatus(notification.id, 'dead');
    expect(row).toMatchObject({ attempts: 3, lastError: 'recording provider failed on purpose (retryable)' });
    const job = await jobs.getJob(`delivery-${row.id}`);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(3);
  });

  test('a non-retryable error goes straight to dead (UnrecoverableError: one attempt)', async () => {
    const notification = await probe({ key: 'fatal', fail: 'fatal' });
    const row = await waitForStatus(notification.id, 'dead');
    expect(row).toMatchObject({ attempts: 1, lastError: 'recording provider failed on purpose (fatal)' });
    expect((await jobs.getJob(`delivery-${row.id}`))?.attemptsMade).toBe(1);
  });

  test('Retry-After is honoured as a delayed job, and the worker meanwhile sends other deliveries', async () => {
    const before = Date.now();
    // A wait long enough that the other sends fit in it even on a loaded machine.
    const limited = await probe({ key: 'limited', failTimes: 1, retryAfterMs: 4_000 });
    const failed = await waitForStatus(limited.id, 'failed');
    expect(new Date(failed.runAt).getTime()).toBeGreaterThanOrEqual(before + 4_000);
    expect(await jobs.getJob(`delivery-${failed.id}`).then((job) => job?.getState())).toBe('delayed');
    // No worker slot is held: with concurrency 4, five other sends go through during the wait.
    for (let i = 0; i < 5; i += 1) await probe({ key: `meanwhile${i}` });
    await waitFor(() => sentKeys().filter((key) => String(key).startsWith('meanwhile')).length === 5, 3_000, 'the other sends');
    expect(sentKeys()).not.toContain('limited');
    const sent = await waitForStatus(limited.id, 'sent', 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(before + 4_000);
    expect(sent.attempts).toBe(2);
  });

  test('queue.retry() sends a dead delivery again', async () => {
    const notification = await probe({ key: 'revived', fail: 'fatal' });
    const dead = await waitForStatus(notification.id, 'dead');
    await app.strapi.db.query('plugin::notifs.delivery').update({ where: { id: dead.id }, data: { payload: { key: 'revived' } } });
    await queue().retry(dead.id);
    const row = await waitForStatus(notification.id, 'sent');
    expect(row.attempts).toBe(1); // a retry starts the count again: it gets maxAttempts tries of its own
    await expect(queue().retry(row.id)).rejects.toThrow(`Delivery ${row.id} does not exist or is not failed, dead, cancelled or skipped`);
  });

  test('cancel() marks pending deliveries cancelled and removes their jobs', async () => {
    const notification = await probe({ key: 'cancelled' }, { countdown: 60 });
    const row = await rowOf(notification.id);
    expect(await jobs.getJob(`delivery-${row.id}`)).toBeTruthy();
    expect(await notify().cancel(notification.id)).toBe(1);
    expect((await rowOf(notification.id)).status).toBe('cancelled');
    expect(await jobs.getJob(`delivery-${row.id}`)).toBeFalsy();
    expect(await notify().cancel(notification.id)).toBe(0);
  });

  test("a job notify() adds carries its delivery (its worker need not read the row); queue.retry()'s job, the row id alone, claims the row and sends", async () => {
    const notification = await probe({ key: 'carried' }, { countdown: 60 });
    const row = await rowOf(notification.id);
    const carried = (await jobs.getJob(`delivery-${row.id}`))?.data;
    expect(carried).toEqual({
      deliveryId: row.id,
      delivery: expect.objectContaining({ notificationId: notification.id, channel: 'probe', provider: 'recording', deliveryId: row.documentId }),
    });
    expect(carried.delivery.payload).toEqual(row.payload);

    expect(await notify().cancel(notification.id)).toBe(1);
    await queue().retry(row.id);
    await waitFor(() => sentKeys().includes('carried'), 5_000, 'the retried send');
    expect(await waitForStatus(notification.id, 'sent')).toMatchObject({ attempts: 1, lastError: null });
  });

  test('outbox: a bad payload leaves no notification, no row and no job', async () => {
    await queue().drain();
    const [notificationsBefore, rowsBefore, jobsBefore] = [
      await countNotifications(app.strapi),
      (await deliveryRows(app.strapi)).length,
      await jobs.count(),
    ];
    await expect(probe({ fail: 'sometimes' })).rejects.toThrow(/Invalid payload/);
    expect(await countNotifications(app.strapi)).toBe(notificationsBefore);
    expect(await deliveryRows(app.strapi)).toHaveLength(rowsBefore);
    expect(await jobs.count()).toBe(jobsBefore);
  });

  test("outbox: inside the app's own transaction the job is added at its commit, and never on rollback", async () => {
    const rowsBefore = (await deliveryRows(app.strapi)).length;
    await expect(
      app.strapi.db.transaction(async () => {
        await probe({ key: 'rolled-back' });
        throw new Error('the app changed its mind');
      })
    ).rejects.toThrow('the app changed its mind');
    expect(await deliveryRows(app.strapi)).toHaveLength(rowsBefore);

    let jobsInside = -1;
    await app.strapi.db.transaction(async () => {
      await probe({ key: 'committed', delayMs: 0 }, { countdown: 30 });
      jobsInside = await jobs.getDelayedCount();
    });
    await waitFor(async () => (await jobs.getDelayedCount()) === jobsInside + 1, 10_000, 'the job added at commit');
    expect(sentKeys()).not.toContain('rolled-back');
  });

  test('stats() counts delivery rows per status; drain() waits for everything due', async () => {
    await probe({ key: 'drained1', delayMs: 200 });
    await probe({ key: 'drained2', delayMs: 200 });
    await queue().drain();
    expect(sentKeys()).toEqual(expect.arrayContaining(['drained1', 'drained2']));
    const stats = await queue().stats();
    const rows = await deliveryRows(app.strapi);
    expect(stats.sent).toBe(rows.filter((row) => row.status === 'sent').length);
    expect(stats.dead).toBe(rows.filter((row) => row.status === 'dead').length);
    expect(stats.sending).toBe(0);
  });
});
