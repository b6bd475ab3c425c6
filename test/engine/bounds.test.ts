import { errors } from '@strapi/utils';
import { BaseNotificationChannel } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { deliveryRows, waitFor } from '../helpers/deliveries';
import { startCountingReceiver, type CountingReceiver } from '../helpers/counting-receiver';

/** Times that leave the Date range, providers an instance does not have, notifications deleted before their send. */
let app: TestApp;
let receiver: CountingReceiver;
let bob: { id: number };

const notify = () => service(app.strapi, 'notify');
const queue = () => service(app.strapi, 'queue');

beforeAll(async () => {
  receiver = await startCountingReceiver();
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '0 0 0 1 1 *', maxAttempts: 3, backoff: { baseMs: 200, maxMs: 1_000 } },
      providers: { webhook: { url: `${receiver.url}/absurd-retry-after` } },
    },
  });
  bob = await createUser(app.strapi);
});

afterAll(async () => {
  await app?.stop();
  await receiver.close();
});

test('Retry-After: 99999999999999 is capped at backoff.maxMs: the row keeps a run time, and the retry goes out', async () => {
  const notification = await notify().notify({ recipient: bob.id, channels: ['webhook'] });
  const before = Date.now();
  await queue().drain();
  const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
  expect(row.status).toBe('failed');
  expect(row.runAt).not.toBeNull();
  expect(new Date(row.runAt).getTime()).toBeLessThanOrEqual(before + 1_000 + 5_000);
  expect(row.lastError).toMatch(/answered 429/);

  let after = row;
  await waitFor(async () => {
    await queue().drain();
    [after] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    return after.status !== 'failed';
  }, 5_000, 'the retry to be due');
  expect(after).toMatchObject({ status: 'sent', attempts: 2 });
  // Both attempts carried the same delivery id: a receiver can drop a repeat.
  expect(receiver.posts.map((post) => post.deliveryId)).toEqual([expect.any(String), receiver.posts[0].deliveryId]);
});

test('a countdown past the Date range is refused with a clear error, and nothing is stored', async () => {
  const before = await countNotifications(app.strapi);
  const error = await notify().notify({ recipient: bob.id, channels: ['webhook'], countdown: 8.64e12 }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(errors.ValidationError);
  expect((error as Error).message).toMatch(/"countdown" must be at most 31536000 seconds \(one year\)/);
  expect(await countNotifications(app.strapi)).toBe(before);

  class Plain extends BaseNotificationChannel {
    static channelName = 'plain_countdown';
    providers = ['webhook'];
    buildPayload() {
      return { data: 'x' };
    }
  }
  const rowsBefore = (await deliveryRows(app.strapi)).length;
  await expect(new Plain({ ...(await notify().notify({ recipient: bob.id })) }).notify({ countdown: 8.64e12 })).rejects.toThrow(
    /"countdown" must be a number of seconds from 0 to 31536000/
  );
  expect(await deliveryRows(app.strapi)).toHaveLength(rowsBefore);
});

test('a delivery whose provider this instance does not have (a rolling deploy) is retried, not dead', async () => {
  const created = (await app.strapi.db.query('plugin::notifs.delivery').create({
    data: { channel: 'future', provider: 'future_provider', destination: 'future_provider', payload: {}, context: {}, status: 'queued', attempts: 0, runAt: new Date() },
  })) as { id: number };
  await queue().drain();
  const [row] = await deliveryRows(app.strapi, { id: created.id });
  expect(row.status).toBe('failed');
  expect(row.attempts).toBe(1);
  expect(row.lastError).toMatch(/Unknown provider "future_provider".*retried/);
});

test('deleting a notification cancels its deliveries still waiting, whoever deletes it', async () => {
  const mine = await notify().notify({ recipient: bob.id, channels: ['webhook'], countdown: 600 });
  await service(app.strapi, 'read').remove({ notifyId: mine.id, recipient: bob.id });
  const other = await notify().notify({ recipient: bob.id, channels: ['webhook'], countdown: 600 });
  await app.strapi.db.query('plugin::notifs.notification').delete({ where: { id: other.id } });

  const rows = await deliveryRows(app.strapi, { status: { $in: ['queued', 'cancelled'] } });
  expect(rows.filter((row) => row.status === 'cancelled')).toHaveLength(2);
  expect(rows.filter((row) => row.status === 'queued')).toHaveLength(0);
});
