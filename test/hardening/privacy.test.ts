import { createHmac } from 'node:crypto';
import { BaseNotificationChannel } from 'strapi-plugin-notifs';
import { bootStrapi, queryDatabase, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { deliveryRows, waitFor } from '../helpers/deliveries';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-server';
import { startCountingReceiver, type CountingReceiver } from '../helpers/counting-receiver';

/** Privacy: what reaches each channel, and what is kept in the database. */
const WEBHOOK_SECRET = 'whsec-privacy-7c1d';
const SIGNING_KEY = 'sk_live_9f8e7d6c5b4a3f2e1d0c';

let app: TestApp;
let smtp: FakeSmtp;
let webhook: WebhookReceiver;
let counting: CountingReceiver;
let user: { id: number; email: string };

/** An app's channel that signs a link with a key from the context: the key is used, never sent, never kept. */
class PasswordResetChannel extends BaseNotificationChannel {
  static channelName = 'password_reset';
  providers = ['webhook'];
  buildPayload() {
    const link = String(this.context.link);
    const signature = createHmac('sha256', String(this.context.signingKey)).update(link).digest('hex');
    return { url: `${counting.url}/flaky`, event: 'password_reset', data: { link, signature } };
  }
}

/** An app's own channel that asks for the recipient's email, as the built-in `email` does. */
class AddressBookChannel extends BaseNotificationChannel {
  static channelName = 'address_book';
  static usesRecipientEmail = true;
  providers = ['webhook'];
  buildPayload() {
    return { event: 'address_book', data: { email: this.context.email ?? null } };
  }
}

beforeAll(async () => {
  smtp = await startFakeSmtp();
  webhook = await startWebhookReceiver(WEBHOOK_SECRET);
  counting = await startCountingReceiver();
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '0 0 0 1 1 *', backoff: { baseMs: 10, maxMs: 20 } },
      channels: [PasswordResetChannel, AddressBookChannel],
      providers: {
        email: emailProviderFor(smtp),
        webhook: { url: `${webhook.url}/ok`, secret: WEBHOOK_SECRET },
      },
    },
  });
  user = await createUser(app.strapi);
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([smtp?.close(), webhook?.close(), counting?.close()]);
});

const notify = () => service(app.strapi, 'notify');
const drain = () => service(app.strapi, 'queue').drain();

/** Every row of the plugin's tables, as the database holds them (read without Strapi). */
const allPluginRows = async (): Promise<string> => {
  const uids = ['plugin::notifs.notification', 'plugin::notifs.delivery', 'plugin::notifs.idempotency-key'];
  const dumps = await Promise.all(
    uids.map(async (uid) => JSON.stringify(await queryDatabase(app.tmpDir, `SELECT * FROM ${app.strapi.db.metadata.get(uid).tableName}`)))
  );
  return dumps.join('\n');
};

test("the recipient's email reaches the email channel only: not the webhook body, not the console output", async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await notify().notify({
      recipient: user.id,
      shortDescription: 'Your order shipped',
      channels: ['email', 'webhook', 'console'],
      extraData: { context: { orderTotal: 42 } },
    });
    await drain();
    const printed = log.mock.calls.map((args) => String(args[0])).filter((line) => line.startsWith('[notifs:console]'));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('"orderTotal":42');
    expect(printed[0]).not.toContain(user.email);
  } finally {
    log.mockRestore();
  }
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].recipients).toEqual([user.email]);
  expect(webhook.received).toHaveLength(1);
  expect(webhook.received[0].body.data).toMatchObject({ context: { orderTotal: 42 } });
  expect(JSON.stringify(webhook.received[0].body)).not.toContain(user.email);
});

test("an app's channel that declares usesRecipientEmail gets it; the caller's own context.email reaches every channel", async () => {
  webhook.received.length = 0;
  await notify().notify({ recipient: user.id, channels: ['address_book', 'webhook'] });
  await drain();
  const byEvent = Object.fromEntries(webhook.received.map((one) => [one.body.event, one.body.data]));
  expect(byEvent.address_book).toEqual({ email: user.email });
  expect(JSON.stringify(byEvent.notification)).not.toContain(user.email);

  webhook.received.length = 0;
  await notify().notify({ recipient: user.id, channels: ['webhook'], extraData: { context: { email: 'given@example.test' } } });
  await drain();
  expect(webhook.received[0].body.data).toMatchObject({ context: { email: 'given@example.test' } });
});

test('no row keeps a context value the payload does not hold, and a retry sends the same payload', async () => {
  const link = 'https://shop.example/reset?u=1';
  const notification = await notify().notify({
    recipient: user.id,
    channels: ['password_reset'],
    idempotencyKey: 'reset-1',
    extraData: { reason: 'forgot', context: { link, signingKey: SIGNING_KEY } },
  });
  expect(await allPluginRows()).not.toContain(SIGNING_KEY);

  // The receiver answers 500 first: the delivery fails once, then its retry (10 ms later) goes out from the row.
  let row!: Awaited<ReturnType<typeof deliveryRows>>[number];
  await waitFor(async () => {
    await drain();
    [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    return row.status === 'sent';
  });
  expect(row.attempts).toBe(2);
  const posts = counting.posts.filter((post) => post.path === '/flaky');
  expect(posts).toHaveLength(2);
  const signature = createHmac('sha256', SIGNING_KEY).update(link).digest('hex');
  expect(posts[0].body).toEqual({ event: 'password_reset', data: { link, signature } });
  expect(posts[1].body).toEqual(posts[0].body);
  expect(posts[1].deliveryId).toBe(posts[0].deliveryId);
  expect(await allPluginRows()).not.toContain(SIGNING_KEY);
});
