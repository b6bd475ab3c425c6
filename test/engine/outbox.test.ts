import { BaseNotificationChannel, IdempotencyConflictError } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications, notificationRows } from '../helpers/db';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows } from '../helpers/deliveries';
import { startCountingReceiver, type CountingReceiver } from '../helpers/counting-receiver';

/** The one entry point that writes deliveries: transactions, idempotency keys, one delivery per target. */
let app: TestApp;
let receiver: CountingReceiver;
let bob: { id: number };
let ann: { id: number };

const notify = () => service(app.strapi, 'notify');
const queue = () => service(app.strapi, 'queue');
const probe = (payload: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  notify().notify({ recipient: bob.id, channels: ['probe'], extraData: { context: { payload } }, ...extra });

beforeAll(async () => {
  receiver = await startCountingReceiver();
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '0 0 0 1 1 *', backoff: { baseMs: 10, maxMs: 20 } },
      providers: { webhook: { url: [`${receiver.url}/ok`, `${receiver.url}/flaky`] } },
    },
  });
  bob = await createUser(app.strapi);
  ann = await createUser(app.strapi);
});

beforeEach(() => clearRecorded());

afterAll(async () => {
  await app?.stop();
  await receiver.close();
});

describe("notify() inside the app's own transaction", () => {
  test('a refused payload leaves nothing behind when the app catches the error and commits', async () => {
    const before = { notifications: await countNotifications(app.strapi), deliveries: (await deliveryRows(app.strapi)).length };
    let refusal: unknown;
    await app.strapi.db.transaction(async () => {
      // The recording provider's schema refuses this payload ("fail" must be retryable or fatal).
      refusal = await probe({ fail: 'not-a-mode' }, { idempotencyKey: 'half-made' }).catch((error: unknown) => error);
      await probe({ key: 'kept' });
    });
    expect((refusal as Error).name).toBe('InvalidPayloadError');
    expect(await countNotifications(app.strapi)).toBe(before.notifications + 1);
    expect(await deliveryRows(app.strapi)).toHaveLength(before.deliveries + 1);
    // The key was not spent on the refused call: it makes a notification now.
    const again = await probe({ key: 'second-try' }, { idempotencyKey: 'half-made' });
    expect(await notificationRows(app.strapi, { id: again.id })).toHaveLength(1);
    expect(await deliveryRows(app.strapi, { notification: { id: again.id } })).toHaveLength(1);
  });

  test('when the app rolls back, nothing is stored and nothing is sent', async () => {
    const before = await countNotifications(app.strapi);
    await app.strapi.db
      .transaction(async () => {
        await probe({ key: 'rolled-back' });
        throw new Error('the app changed its mind');
      })
      .catch(() => undefined);
    expect(await countNotifications(app.strapi)).toBe(before);
    await queue().drain();
    expect(recorded().flatMap((call) => call.payloads).some((payload) => payload.key === 'rolled-back')).toBe(false);
  });
});

describe('idempotency keys', () => {
  test('a key used for another recipient is a conflict, not the first recipient\'s notification', async () => {
    await probe({ key: 'for-bob' }, { idempotencyKey: 'order-77' });
    const error = await notify()
      .notify({ recipient: ann.id, channels: ['probe'], idempotencyKey: 'order-77' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect((error as Error).message).toMatch(/idempotencyKey "order-77" was already used for recipient \d+, not \d+: a key is scoped to one recipient/);
  });

  test('silent notifications honour the key: a repeat sends nothing', async () => {
    const input = { recipient: bob.id, channels: ['probe'], silent: true as const, idempotencyKey: 'silent-1', extraData: { context: { payload: { key: 'silent-once' } } } };
    const first = await notify().notify(input);
    const second = await notify().notify(input);
    expect(first.id).toBeUndefined();
    expect(second.id).toBeUndefined();
    await queue().drain();
    expect(recorded().flatMap((call) => call.payloads).filter((payload) => payload.key === 'silent-once')).toHaveLength(1);
  });
});

describe('one delivery per target', () => {
  test('a webhook with two URLs is two deliveries: a retry posts again only where it failed, with the same id', async () => {
    const notification = await notify().notify({ recipient: bob.id, channels: ['webhook'] });
    const rows = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(rows).toHaveLength(2);
    await queue().drain();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await queue().drain();
    expect((await deliveryRows(app.strapi, { notification: { id: notification.id } })).map((row) => row.status)).toEqual(['sent', 'sent']);
    const ok = receiver.posts.filter((post) => post.path === '/ok');
    const flaky = receiver.posts.filter((post) => post.path === '/flaky');
    expect(ok).toHaveLength(1);
    expect(flaky).toHaveLength(2);
    expect(flaky[1].deliveryId).toBe(flaky[0].deliveryId);
    expect(ok[0].deliveryId).not.toBe(flaky[0].deliveryId);
  });

  test('a bulk is one delivery per payload: a retry repeats only the payload that failed', async () => {
    class Many extends BaseNotificationChannel {
      static channelName = 'many_probe';
      providers = ['recording'];
      buildPayload() {
        return [{ key: 'bulk-a' }, { key: 'bulk-b', failTimes: 1 }, { key: 'bulk-c' }];
      }
    }
    const stored = await notify().notify({ recipient: bob.id });
    clearRecorded();
    await new Many(stored, { context: { bulk: true } }).notify();
    expect(await deliveryRows(app.strapi, { notification: { id: stored.id } })).toHaveLength(3);
    await queue().drain();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await queue().drain();
    const sentKeys = recorded().flatMap((call) => call.payloads.map((payload) => payload.key));
    expect(sentKeys.sort()).toEqual(['bulk-a', 'bulk-b', 'bulk-c']);
    expect(recorded()[0]).toMatchObject({ method: 'sendBulk' });
  });
});
