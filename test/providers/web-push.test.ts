import { generateVAPIDKeys } from 'web-push';
import { InvalidPayloadError, WebPushProvider } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';
import { deliveryRows } from '../helpers/deliveries';
import { rejectionOf } from '../helpers/failure';
import { startPushService, type FakeBrowser, type PushService } from '../helpers/push-service';

const vapid = generateVAPIDKeys();
const SUBJECT = 'mailto:ops@example.com';

let app: TestApp;
let base: string;
let push: PushService;

beforeAll(async () => {
  push = await startPushService();
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '0 0 0 1 1 *' },
      providers: { web_push: { vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, subject: SUBJECT, timeoutMs: 500 } },
    },
  });
  base = await listen(app.strapi);
});
afterAll(async () => {
  await app?.stop();
  await push?.close();
});
beforeEach(() => {
  push.received.length = 0;
  push.refused.length = 0;
});

/** A user, with a JWT, whose browsers subscribed over REST as the README shows. */
const userWithBrowsers = async (count: number) => {
  const user = await createUser(app.strapi);
  const token = await tokenFor(app.strapi, user.id);
  const browsers: { browser: FakeBrowser; id: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const browser = push.subscribe();
    const response = await request(base, '/api/notifs/push-subscriptions', { method: 'POST', token, body: browser.subscription });
    expect(response.status).toBe(201);
    browsers.push({ browser, id: response.body.data.id });
  }
  return { user, token, browsers };
};

const notify = (recipient: number, context: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({
    recipient,
    category: 'orders',
    action: 'Bought',
    shortDescription: 'Ada bought your book',
    url: '/orders/1',
    channels: ['web_push'],
    extraData: { context },
  });
const drain = () => service(app.strapi, 'queue').drain();
const tokenOf = (browser: FakeBrowser) => browser.subscription.endpoint.split('/push/')[1];
const rowsOf = (notificationId: number) => deliveryRows(app.strapi, { notification: { id: notificationId } });
const subscriptionRow = (id: number) => app.strapi.db.query('plugin::notifs.push-subscription').findOne({ where: { id } });

describe('web_push provider', () => {
  test('each browser gets the notification, VAPID-signed and encrypted with its own keys, one delivery each', async () => {
    const { user, browsers } = await userWithBrowsers(2);
    const notification = await notify(user.id);
    await drain();

    expect(push.refused).toEqual([]);
    expect(push.received.map((one) => one.token).sort()).toEqual(browsers.map(({ browser }) => tokenOf(browser)).sort());
    for (const received of push.received) {
      expect(received.message).toEqual({
        title: 'Ada bought your book',
        url: '/orders/1',
        data: { id: notification.id, documentId: notification.documentId, category: 'orders' },
      });
      expect(received.vapidKey).toBe(vapid.publicKey);
      expect(received.claims).toMatchObject({ aud: push.url, sub: SUBJECT });
      expect(received.headers).toMatchObject({ 'content-encoding': 'aes128gcm', ttl: '86400', urgency: 'normal' });
    }
    const rows = await rowsOf(notification.id);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
    // The delivery names the subscription, never its keys.
    expect(JSON.stringify(rows)).not.toContain(browsers[0].browser.auth);
  });

  test("send answers the push service's Location as the message's externalId", async () => {
    const { user, browsers } = await userWithBrowsers(1);
    const provider = service(app.strapi, 'providers').get('web_push');
    const payload = provider.validate({ recipient: user.id, subscriptions: [{ id: browsers[0].id, service: push.url }], title: 'Hi' });
    const result = await provider.send(payload, {}, { signal: new AbortController().signal });
    expect(result).toEqual({ externalId: expect.stringMatching(new RegExp(`^${push.url}/message/m\\d+$`)) });
    expect(push.received.map((one) => one.message)).toEqual([{ title: 'Hi' }]);
  });

  test('context keys replace the built message, and ttl, urgency and topic reach the push service', async () => {
    const { user } = await userWithBrowsers(1);
    await notify(user.id, {
      title: 'Shipped',
      body: 'Your order left the warehouse',
      icon: '/icon.png',
      tag: 'order-1',
      data: { orderId: 1 },
      ttl: 60,
      urgency: 'high',
      topic: 'order-1',
    });
    await drain();
    expect(push.received).toHaveLength(1);
    expect(push.received[0].message).toEqual({
      title: 'Shipped',
      body: 'Your order left the warehouse',
      url: '/orders/1',
      icon: '/icon.png',
      tag: 'order-1',
      data: { orderId: 1 },
    });
    expect(push.received[0].headers).toMatchObject({ ttl: '60', urgency: 'high', topic: 'order-1' });
  });

  test('a 410 removes that subscription (not retried); the other browser still gets its push', async () => {
    const { user, browsers } = await userWithBrowsers(2);
    const [gone, kept] = browsers;
    push.answer(gone.browser, 410);
    const notification = await notify(user.id);
    await drain();

    expect(push.received.map((one) => one.token)).toEqual([tokenOf(kept.browser)]);
    expect(await subscriptionRow(gone.id)).toBeNull();
    expect(await subscriptionRow(kept.id)).not.toBeNull();
    const rows = await rowsOf(notification.id);
    const failed = rows.find((row) => row.status !== 'sent');
    expect(failed).toMatchObject({ status: 'dead', attempts: 1 });
    expect(failed?.lastError).toContain(
      `answered 410: subscription ${gone.id} has expired or was unsubscribed; it is removed (not retried)`
    );
    expect(failed?.lastError).not.toContain(tokenOf(gone.browser));
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(1);
  });

  test('a 404 removes the subscription too', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    push.answer(browsers[0].browser, 404);
    await notify(user.id);
    await drain();
    expect(await subscriptionRow(browsers[0].id)).toBeNull();
  });

  test('a 429 is retried later for that browser only; the subscription stays', async () => {
    const { user, browsers } = await userWithBrowsers(2);
    const [limited, fine] = browsers;
    push.answer(limited.browser, 429);
    const notification = await notify(user.id);
    await drain();
    const failed = (await rowsOf(notification.id)).find((row) => row.status !== 'sent');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.lastError).toContain(`answered 429 for subscription ${limited.id}`);
    // Retry-After: 3 puts the next attempt about 3 s later.
    expect(new Date(failed?.runAt as string).getTime()).toBeGreaterThan(Date.now() + 1_000);
    expect(await subscriptionRow(limited.id)).not.toBeNull();

    push.answer(limited.browser, 'accept');
    await service(app.strapi, 'queue').retry(failed?.id as number);
    await drain();
    expect(push.received.map((one) => one.token).sort()).toEqual([tokenOf(limited.browser), tokenOf(fine.browser)].sort());
    expect((await rowsOf(notification.id)).map((row) => row.status)).toEqual(['sent', 'sent']);
  });

  test('a push service that never answers: retried after the timeout', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    push.answer(browsers[0].browser, 'hang');
    const notification = await notify(user.id);
    await drain();
    const [row] = await rowsOf(notification.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastError).toContain(`Web push to subscription ${browsers[0].id} (${push.url}) failed: no answer within 500 ms`);
  });

  test('a browser that moved to another user before the send is not sent this notification', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    const other = await createUser(app.strapi);
    const notification = await notify(user.id);
    const moved = await request(base, '/api/notifs/push-subscriptions', {
      method: 'POST',
      token: await tokenFor(app.strapi, other.id),
      body: browsers[0].browser.subscription,
    });
    expect(moved.status).toBe(200);
    await drain();
    expect(push.received).toEqual([]);
    const [row] = await rowsOf(notification.id);
    expect(row).toMatchObject({ status: 'dead' });
    expect(row.lastError).toContain(`Push subscription ${browsers[0].id} now belongs to another user: not sent to it`);
  });

  test('a recipient without subscriptions: the notification is stored, no delivery is made', async () => {
    const user = await createUser(app.strapi);
    const notification = await notify(user.id);
    expect(notification.id).toEqual(expect.any(Number));
    expect(await rowsOf(notification.id)).toEqual([]);
  });

  test('a message larger than push services take is refused at notify time, naming the size', async () => {
    const { user } = await userWithBrowsers(1);
    const error = await rejectionOf(notify(user.id, { data: { text: 'x'.repeat(4000) } }));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(/makes a message of \d+ bytes; push services take 3993 at most: shorten body or data/);
  });
});

describe('web_push options', () => {
  const check = (options: unknown) => WebPushProvider.optionsSchema?.safeParse(options);
  test('a key pair from one run of the generator passes; keys of two runs do not', () => {
    expect(check({ vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, subject: SUBJECT })?.success).toBe(true);
    const other = generateVAPIDKeys();
    const mixed = check({ vapidPublicKey: vapid.publicKey, vapidPrivateKey: other.privateKey, subject: SUBJECT });
    expect(mixed?.error?.issues[0]).toMatchObject({
      path: ['vapidPublicKey'],
      message: 'is not the public key of vapidPrivateKey: give both keys of one pair',
    });
  });
  test('a subject that is no contact, and a short key, are named', () => {
    const result = check({ vapidPublicKey: 'abc', vapidPrivateKey: vapid.privateKey, subject: 'ops@example.com' });
    expect(result?.error?.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['vapidPublicKey', 'subject']));
  });
  test('the admin is told the private key is a secret', () => {
    expect(WebPushProvider.optionFields?.find((field) => field.name === 'vapidPrivateKey')).toMatchObject({ secret: true, required: true });
    const descriptor = service(app.strapi, 'providers')
      .list()
      .find((one) => one.name === 'web_push');
    expect(descriptor).toMatchObject({ name: 'web_push', configured: true });
    // The admin learns that the key is set, never what it is.
    const privateKey = descriptor?.fields?.find((field) => field.name === 'vapidPrivateKey');
    expect(privateKey).toMatchObject({ secret: true, set: true });
    expect(privateKey).not.toHaveProperty('value');
  });
});
