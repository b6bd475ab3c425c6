/**
 * Fallback channels on the bullmq backend: the fallback's job waits in Redis's delayed set for its
 * delay, and the worker skips it if the notification was read (marked over the REST route) by then.
 */
import type { Queue } from 'bullmq';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows, waitFor, type DeliveryRecord } from '../helpers/deliveries';
import { describeWithRedis, openQueue, REDIS_URL, removeQueue, uniqueQueueName } from '../bullmq/redis';

describeWithRedis('fallback channels on the bullmq backend', () => {
  const queueName = uniqueQueueName('fallback');
  let app: TestApp;
  let base: string;
  let jobs: Queue;
  let ada: { id: number };
  let adaToken: string;

  beforeAll(async () => {
    app = await bootStrapi({ config: { backend: 'bullmq', bullmq: { connection: REDIS_URL, queueName }, queue: { concurrency: 4 } } });
    base = await listen(app.strapi);
    jobs = openQueue(queueName);
    ada = await createUser(app.strapi, 'ada');
    adaToken = await tokenFor(app.strapi, ada.id);
  });
  afterAll(async () => {
    await app?.stop();
    await jobs?.close();
    await removeQueue(queueName);
  });
  beforeEach(() => clearRecorded());

  const fallback = (key: string, delay = 1) =>
    service(app.strapi, 'notify').notify({
      recipient: ada.id,
      shortDescription: 'New reply',
      channels: ['in_app', { name: 'probe', delay, unless: 'read' }],
      extraData: { context: { payload: { key } } },
    });
  const probeRow = async (notificationId: number): Promise<DeliveryRecord> =>
    (await deliveryRows(app.strapi, { notification: { id: notificationId }, channel: 'probe' }))[0];
  const finalRow = async (notificationId: number): Promise<DeliveryRecord> => {
    let row!: DeliveryRecord;
    await waitFor(
      async () => ['sent', 'skipped'].includes((row = await probeRow(notificationId)).status),
      10_000,
      'the fallback to be sent or skipped'
    );
    return row;
  };
  const sentKeys = () => recorded().map((call) => call.payloads[0].key);

  test('unread: the job waits delayed in Redis, then the fallback is sent; in-app went at once', async () => {
    // Long enough that the looks below happen before it is due, on a slow machine too.
    const notification = await fallback('unread', 3);
    const queued = await probeRow(notification.id);
    expect(queued).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await jobs.getJobState(`delivery-${queued.id}`)).toBe('delayed');
    await waitFor(
      async () => (await deliveryRows(app.strapi, { notification: { id: notification.id }, channel: 'in_app' }))[0].status === 'sent',
      5_000,
      'in-app to be sent'
    );
    // In-app is sent and the fallback is still not: not before its delay.
    expect((await probeRow(notification.id)).status).toBe('queued');
    expect(sentKeys()).toEqual([]);

    expect(await finalRow(notification.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sentKeys()).toEqual(['unread']);
  });

  test('read through the REST route before the delay: skipped with the reason, never sent', async () => {
    const notification = await fallback('read');
    const read = await request(base, `/api/notifs/notifications/${notification.id}/read`, { method: 'POST', token: adaToken });
    expect(read.status).toBe(200);
    expect(await finalRow(notification.id)).toMatchObject({
      status: 'skipped',
      lastError: 'the notification was read before this fallback was due',
      sentAt: null,
    });
    expect(sentKeys()).toEqual([]);
  });
});
