import { BaseNotificationChannel, DeliveryError, InvalidPayloadError, PusherChannelsProvider, type PusherChannelsOptions } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { closedPort } from '../helpers/http-server';
import { startFakePusher, type FakePusher } from '../helpers/pusher-server';
import { everythingSaid, rejectionOf } from '../helpers/failure';

const APP = { appId: '4242', key: 'app-key-1a2b', secret: 'pusher-secret-9c8d7e' };

/** Builds 25 payloads in bulk mode: one event per order. */
class OrderFeedChannel extends BaseNotificationChannel {
  static channelName = 'order_feed';
  providers = ['pusher_channels'];
  buildPayload() {
    return Array.from({ length: 25 }, (_, i) => ({ channels: 'orders', eventName: 'order', data: { n: i + 1 } }));
  }
}

let app: TestApp;
let pusher: FakePusher;
let user: { id: number };

beforeAll(async () => {
  pusher = await startFakePusher(APP);
  app = await bootStrapi({
    config: {
      backend: 'sync',
      channels: [OrderFeedChannel],
      providers: { pusher_channels: { ...APP, host: '127.0.0.1', port: pusher.port, useTLS: false } },
    },
  });
  user = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
  await pusher?.close();
});
beforeEach(() => {
  pusher.triggers.length = 0;
  pusher.batches.length = 0;
  pusher.refused.length = 0;
});

const notify = (context: Record<string, unknown> = {}, channels = ['pusher_channels']) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    shortDescription: 'Ada bought your book',
    channels,
    extraData: { context },
  });

const providerWith = (options: PusherChannelsOptions) => new PusherChannelsProvider({ options, strapi: app.strapi });

describe('pusher_channels provider', () => {
  test('triggers "notification" on the recipient’s private channel, signed as Pusher checks', async () => {
    const notification = await notify({ orderTotal: 42 });
    expect(pusher.refused).toEqual([]);
    expect(pusher.triggers).toEqual([
      [
        {
          channel: `private-notifs-user-${user.id}`,
          name: 'notification',
          data: {
            notification: expect.objectContaining({ id: notification.id, recipient: user.id, shortDescription: 'Ada bought your book' }),
            context: { orderTotal: 42 },
          },
        },
      ],
    ]);
  });

  test('context keys channels, eventName, data and socketId replace the built ones', async () => {
    await notify({ channels: ['orders', 'admins'], eventName: 'order.paid', data: { total: 42 }, socketId: '123.456' });
    expect(pusher.triggers).toEqual([
      [
        { channel: 'orders', name: 'order.paid', data: { total: 42 }, socketId: '123.456' },
        { channel: 'admins', name: 'order.paid', data: { total: 42 }, socketId: '123.456' },
      ],
    ]);
  });

  test('bulk: 25 payloads go out as 3 triggerBatch calls of 10, 10 and 5 events', async () => {
    await notify({ bulk: true }, ['order_feed']);
    expect(pusher.refused).toEqual([]);
    expect(pusher.triggers).toEqual([]);
    expect(pusher.batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(pusher.batches.flat().map(({ data }) => (data as { n: number }).n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(pusher.batches.flat().every(({ channel, name }) => channel === 'orders' && name === 'order')).toBe(true);
  });

  test('{ url } configures the SDK through Pusher.forURL', async () => {
    const provider = providerWith({ url: `http://${APP.key}:${APP.secret}@127.0.0.1:${pusher.port}/apps/${APP.appId}` });
    await provider.send({ channels: 'orders', eventName: 'ping', data: 'hello' });
    expect(pusher.triggers).toEqual([[{ channel: 'orders', name: 'ping', data: 'hello' }]]);
  });

  test('a wrong secret is refused with 401: not retryable, and the secret is in no error', async () => {
    const wrong = 'wrong-secret-0f0f0f';
    const viaHost = await rejectionOf(
      providerWith({ ...APP, secret: wrong, host: '127.0.0.1', port: pusher.port, useTLS: false }).send({
        channels: 'orders',
        eventName: 'ping',
        data: 1,
      })
    );
    const viaUrl = await rejectionOf(
      providerWith({ url: `http://${APP.key}:${wrong}@127.0.0.1:${pusher.port}/apps/${APP.appId}` }).send({
        channels: 'orders',
        eventName: 'ping',
        data: 1,
      })
    );
    expect(pusher.refused).toEqual(['invalid signature', 'invalid signature']);
    for (const error of [viaHost, viaUrl]) {
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error).toMatchObject({ provider: 'pusher_channels', status: 401, retryable: false });
      expect(error.message).toBe('Pusher trigger failed: HTTP 401 {"error":"invalid signature"}');
      expect(everythingSaid(error)).not.toContain(wrong);
      expect(everythingSaid(error)).not.toContain(APP.secret);
    }
  });

  test('500 is retryable; 413 is not; a failed batch fails only its own payloads, and names its events', async () => {
    expect(await rejectionOf(notify({ channels: 'fail-500' }))).toMatchObject({ status: 500, retryable: true });
    expect(await rejectionOf(notify({ channels: 'fail-413' }))).toMatchObject({ status: 413, retryable: false });
    const provider = service(app.strapi, 'providers').get('pusher_channels');
    const payloads = Array.from({ length: 12 }, (_, i) => ({ channels: i === 11 ? 'fail-500' : 'orders', eventName: 'e', data: i }));
    const outcomes = (await provider.sendBulk(payloads, {}, { signal: new AbortController().signal })) ?? [];
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([...Array(10).fill(true), false, false]);
    const failure = outcomes[11];
    expect(failure.ok === false && (failure.error as Error).message).toBe('Pusher triggerBatch (events 11-12 of 12) failed: HTTP 500 {"error":"internal"}');
    expect(pusher.batches.map((batch) => batch.length)).toEqual([10]);
  });

  test('without useTLS: false the provider speaks TLS, so nothing goes to a plain-HTTP server in clear', async () => {
    const error = await rejectionOf(
      providerWith({ ...APP, host: '127.0.0.1', port: pusher.port }).send({ channels: 'orders', eventName: 'ping', data: 1 })
    );
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.message).toMatch(/^Pusher trigger failed: no answer \(/);
    expect(pusher.triggers).toEqual([]);
  });

  test('no server is retryable, without status', async () => {
    const port = await closedPort();
    const error = await rejectionOf(
      providerWith({ ...APP, host: '127.0.0.1', port, useTLS: false }).send({ channels: 'orders', eventName: 'ping', data: 1 })
    );
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.message).toBe('Pusher trigger failed: no answer (ECONNREFUSED)');
  });

  test('a bad payload is an InvalidPayloadError naming the field, before anything is stored', async () => {
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(notify({ channels: 'not a channel!' }));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(/provider "pusher_channels".*"channels"/);
    expect(await countNotifications(app.strapi)).toBe(before);
    expect(pusher.triggers).toEqual([]);
  });

  test('verify() makes a signed GET that the server accepts, or says why not', async () => {
    expect(await service(app.strapi, 'providers').get('pusher_channels').verify()).toEqual({ ok: true, message: 'Pusher accepted the credentials' });
    const failed = await providerWith({ ...APP, secret: 'wrong-secret-0f0f0f', host: '127.0.0.1', port: pusher.port, useTLS: false }).verify();
    expect(failed).toEqual({ ok: false, message: 'Pusher GET /channels failed: HTTP 401 {"error":"invalid signature"}' });
  });

  test('the secret appears in no providers.list() answer', () => {
    const listed = service(app.strapi, 'providers').list();
    expect(listed).toContainEqual(expect.objectContaining({ name: 'pusher_channels', configured: true }));
    expect(JSON.stringify(listed)).not.toContain(APP.secret);
  });
});
