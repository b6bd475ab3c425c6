import { DeliveryError, InvalidPayloadError, WebhookProvider, signWebhookBody, verifyWebhookSignature } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { closedPort, startHttpServer, type LoopbackServer } from '../helpers/http-server';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-server';
import { everythingSaid, rejectionOf } from '../helpers/failure';
import { readmeExample, runExample } from '../helpers/readme-example';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Standard Webhooks secret: `whsec_` and the key in base64. */
const SECRET = `whsec_${Buffer.from('notifs-test-webhook-key-4f9a2c').toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.from('another-key-entirely').toString('base64')}`;

let app: TestApp;
let receiver: WebhookReceiver;
let otherReceiver: WebhookReceiver;
let hanging: LoopbackServer;
let user: { id: number };

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  otherReceiver = await startWebhookReceiver(OTHER_SECRET);
  hanging = await startHttpServer(() => undefined);
  app = await bootStrapi({
    config: { backend: 'sync', providers: { webhook: { url: `${receiver.url}/ok`, secret: SECRET, timeoutMs: 300 } } },
  });
  user = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
  await Promise.all([receiver?.close(), otherReceiver?.close(), hanging?.close()]);
});
beforeEach(() => {
  receiver.received.length = 0;
});

const notify = (context: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    category: 'orders',
    shortDescription: 'Ada bought your book',
    url: '/orders/1',
    channels: ['webhook'],
    extraData: { context },
  });

describe('webhook provider', () => {
  test('posts the notification as JSON signed with Standard Webhooks headers, which the standardwebhooks package verifies', async () => {
    const notification = await notify({ orderTotal: 42 });
    expect(receiver.rejected).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe(request.headers['x-notifs-delivery-id']);
    expect(request.headers['webhook-id']).toMatch(/^\w{10,}$/);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    // The default scheme sends none of the older headers.
    expect(request.headers['x-notifs-signature']).toBeUndefined();
    expect(request.body).toEqual({
      event: 'orders',
      data: {
        notification: expect.objectContaining({ id: notification.id, recipient: user.id, shortDescription: 'Ada bought your book', url: '/orders/1' }),
        context: { orderTotal: 42 },
      },
    });
  });

  test('context keys event, data and url replace the built ones; url may list several receivers', async () => {
    await notify({ event: 'order.paid', data: { total: 42 }, url: [`${receiver.url}/ok`, `${receiver.url}/ok?copy=2`] });
    expect(receiver.received.map(({ path, body }) => [path, body])).toEqual(
      expect.arrayContaining([
        ['/ok', { event: 'order.paid', data: { total: 42 } }],
        ['/ok?copy=2', { event: 'order.paid', data: { total: 42 } }],
      ])
    );
  });

  test('429 is retryable, with Retry-After as retryAfterMs', async () => {
    const error = await rejectionOf(notify({ url: `${receiver.url}/rate-limited` }));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ provider: 'webhook', status: 429, retryable: true, retryAfterMs: 7000 });
    expect(error.message).toBe(`Webhook ${receiver.url} answered 429`);
  });

  test('503 is retryable with its Retry-After; 500 is retryable without one', async () => {
    expect(await rejectionOf(notify({ url: `${receiver.url}/unavailable` }))).toMatchObject({
      status: 503,
      retryable: true,
      retryAfterMs: 2000,
    });
    const error = await rejectionOf(notify({ url: `${receiver.url}/error` }));
    expect(error).toMatchObject({ status: 500, retryable: true, retryAfterMs: undefined });
  });

  test('404 (a dead endpoint) is not retryable', async () => {
    const error = await rejectionOf(notify({ url: `${receiver.url}/gone` }));
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect(error.message).toBe(`Webhook ${receiver.url} answered 404 (not retried)`);
  });

  test('401 from a receiver that does not accept our signature is not retryable', async () => {
    const error = await rejectionOf(notify({ url: `${otherReceiver.url}/ok` }));
    expect(otherReceiver.rejected).toBe(1);
    expect(error).toMatchObject({ status: 401, retryable: false });
  });

  test('a refused connection is retryable, without status', async () => {
    const port = await closedPort();
    const error = await rejectionOf(notify({ url: `http://127.0.0.1:${port}/ok` }));
    expect(error).toMatchObject({ provider: 'webhook', status: undefined, retryable: true });
    expect(error.message).toBe(`Webhook http://127.0.0.1:${port} failed: ECONNREFUSED`);
  });

  test('a receiver that never answers times out after timeoutMs, retryable', async () => {
    const started = Date.now();
    const error = await rejectionOf(notify({ url: `${hanging.url}/hang` }));
    expect(Date.now() - started).toBeLessThan(5_000); // far below fetch's own limits: timeoutMs fired
    expect(error).toMatchObject({ retryable: true, status: undefined });
    expect(error.message).toBe(`Webhook ${hanging.url} failed: no answer within 300 ms`);
  });

  test('one failing URL of several fails the delivery and names it', async () => {
    const error = await rejectionOf(notify({ url: [`${receiver.url}/ok`, `${receiver.url}/gone`] }));
    expect(receiver.received.map(({ path }) => path)).toEqual(expect.arrayContaining(['/ok', '/gone']));
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  test('a bad payload is an InvalidPayloadError naming the field, and nothing is stored', async () => {
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(notify({ url: 'not a url' }));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(/provider "webhook".*"url"/);
    expect(await countNotifications(app.strapi)).toBe(before);
    expect(receiver.received).toHaveLength(0);
  });

  test('the secret appears in no error and in no providers.list() answer', async () => {
    const errors = await Promise.all([
      rejectionOf(notify({ url: `${otherReceiver.url}/ok` })),
      rejectionOf(notify({ url: `${receiver.url}/error` })),
      rejectionOf(notify({ url: 'not a url' })),
    ]);
    errors.forEach((error) => expect(everythingSaid(error)).not.toContain(SECRET));
    expect(JSON.stringify(service(app.strapi, 'providers').list())).not.toContain(SECRET);
    expect(service(app.strapi, 'providers').list()).toContainEqual(expect.objectContaining({ name: 'webhook', configured: true }));
  });

  test('verify() connects to the receiver and sends no request', async () => {
    const result = await service(app.strapi, 'providers').get('webhook').verify();
    expect(result).toEqual({ ok: true, message: `webhook connects to ${receiver.url}, signed (Standard Webhooks)` });
    expect(receiver.received).toHaveLength(0);
  });

  test('verify() is not ok when nothing listens, naming the URL that cannot be reached', async () => {
    const port = await closedPort();
    const provider = new WebhookProvider({ options: { url: [`${receiver.url}/ok`, `http://127.0.0.1:${port}/hooks?token=x`] }, strapi: app.strapi });
    const result = await provider.verify();
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      `webhook cannot connect to http://127.0.0.1:${port} (ECONNREFUSED): is the receiver running, and are host and port right?`
    );
    expect(result.message).not.toContain('token=x');
    expect(receiver.received).toHaveLength(0);
  });
});

describe('the README receiver example', () => {
  test('accepts what the provider signs and refuses another secret', async () => {
    const handled: unknown[][] = [];
    process.env.NOTIFS_WEBHOOK_SECRET = SECRET;
    const server = await runExample<http.Server>(readmeExample('webhook-receiver'), { handle: (...args: unknown[]) => handled.push(args) }, 'receiver');
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await notify({ url, event: 'order.paid', data: { total: 42 } });
      expect(handled).toEqual([['order.paid', { total: 42 }]]);
      process.env.NOTIFS_WEBHOOK_SECRET = OTHER_SECRET;
      expect(await rejectionOf(notify({ url }))).toMatchObject({ status: 401, retryable: false });
      expect(handled).toHaveLength(1);
    } finally {
      delete process.env.NOTIFS_WEBHOOK_SECRET;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"event":"x","data":1}';
  const now = Date.UTC(2026, 0, 1);
  const t = Math.floor(now / 1000);

  test('accepts its own signature, from a string or a Buffer', () => {
    const header = signWebhookBody('s3cret', body, t);
    expect(verifyWebhookSignature('s3cret', header, body, 300, now)).toBe(true);
    expect(verifyWebhookSignature('s3cret', header, Buffer.from(body), 300, now)).toBe(true);
  });

  test('refuses a wrong secret, a changed body, an old timestamp and garbage', () => {
    const header = signWebhookBody('s3cret', body, t);
    expect(verifyWebhookSignature('other', header, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature('s3cret', header, `${body} `, 300, now)).toBe(false);
    expect(verifyWebhookSignature('s3cret', header, body, 300, now + 301_000)).toBe(false);
    expect(verifyWebhookSignature('s3cret', 't=1,v1=zz', body, 300, now)).toBe(false);
    expect(verifyWebhookSignature('s3cret', undefined, body)).toBe(false);
  });

  test('accepts any one of several v1 signatures (secret rotation)', () => {
    const header = `${signWebhookBody('old', body, t)},${signWebhookBody('s3cret', body, t).split(',')[1]}`;
    expect(verifyWebhookSignature('s3cret', header, body, 300, now)).toBe(true);
  });
});
