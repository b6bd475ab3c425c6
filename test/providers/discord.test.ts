import { DeliveryError, DiscordProvider, InvalidPayloadError } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { deliveryRows } from '../helpers/deliveries';
import { closedPort } from '../helpers/http-server';
import { startFakeDiscord, type FakeDiscord } from '../helpers/discord-server';
import { everythingSaid, rejectionOf } from '../helpers/failure';
import { readmeExample, runExample } from '../helpers/readme-example';

const WEBHOOK_ID = '1234567890123456789';
const TOKEN = 'discord-webhook-token_Zx81Qw';

let app: TestApp;
let discord: FakeDiscord;
let user: { id: number };

const signal = () => new AbortController().signal;
const providerAt = (url: string) => new DiscordProvider({ options: { url }, strapi: app.strapi });

const notify = (context: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    sourceDisplayName: 'Shop',
    category: 'orders',
    shortDescription: 'Ada bought your book',
    url: '/orders/1',
    channels: ['discord'],
    extraData: { context },
  });

describe('discord provider and channel', () => {
  beforeAll(async () => {
    discord = await startFakeDiscord({ [WEBHOOK_ID]: TOKEN });
    app = await bootStrapi({
      config: { backend: 'database', publicUrl: 'https://cms.example', providers: { discord: { url: discord.webhookUrl(WEBHOOK_ID) } } },
    });
    user = await createUser(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.close();
  });
  beforeEach(() => {
    discord.messages.length = 0;
  });

  test('posts one embed built from the notification, with ?wait=true and no mentions allowed', async () => {
    const notification = await notify();
    await service(app.strapi, 'queue').drain();
    const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(discord.messages).toHaveLength(1);
    expect(discord.requests.at(-1)).toEqual({
      method: 'POST',
      path: `/api/webhooks/${WEBHOOK_ID}/TOKEN?wait=true`,
      contentType: 'application/json',
    });
    expect(discord.messages[0].body).toEqual({
      embeds: [
        {
          title: 'Ada bought your book',
          url: 'https://cms.example/orders/1',
          color: 0x5865f2,
          author: { name: 'Shop' },
          footer: { text: 'orders' },
          timestamp: new Date(String(notification.createdAt)).toISOString(),
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  test("send answers Discord's message id as externalId", async () => {
    const result = await service(app.strapi, 'providers').get('discord').send({ content: 'hello' }, {}, { signal: signal() });
    expect(discord.messages).toHaveLength(1);
    expect(result).toEqual({ externalId: discord.messages[0].id });
  });

  test('user text with @everyone is posted, but allowed_mentions pings nobody unless the payload says so', async () => {
    await notify({ content: '@everyone Ada bought your book', embeds: [] });
    await service(app.strapi, 'queue').drain();
    await notify({ content: '<@42> your order', embeds: [], allowed_mentions: { users: ['42'] } });
    await service(app.strapi, 'queue').drain();
    expect(discord.messages.map(({ body }) => [body.content, body.allowed_mentions])).toEqual([
      ['@everyone Ada bought your book', { parse: [] }],
      ['<@42> your order', { users: ['42'] }],
    ]);
  });

  test.each([
    [
      'content over 2,000 characters',
      { content: 'x'.repeat(2001), embeds: [] },
      /"content" Too big: expected string to have <=2000 characters/,
    ],
    ['an empty message', { content: ' ', embeds: [] }, /"content" a Discord message needs "content" or "embeds"/],
    [
      'an embed title over 256',
      { embeds: [{ title: 't'.repeat(257) }] },
      /"embeds\.0\.title" Too big: expected string to have <=256 characters/,
    ],
    [
      'embeds over 6,000 characters in all',
      { embeds: [1, 2].map(() => ({ description: 'd'.repeat(3001) })) },
      /"embeds" the embeds hold more than 6000 characters/,
    ],
  ])('%s is an InvalidPayloadError before anything is stored', async (_what, context, message) => {
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(notify(context));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(message);
    expect(await countNotifications(app.strapi)).toBe(before);
  });

  test('the counterpart refuses what Discord refuses, past our schema: too long (400 50035), empty (400 50006), not retried', async () => {
    const provider = service(app.strapi, 'providers').get('discord');
    const tooLong = await rejectionOf(provider.send({ content: 'x'.repeat(2001) }, {}, { signal: signal() }));
    expect(tooLong).toMatchObject({ status: 400, retryable: false });
    expect(tooLong.message).toBe(`Discord webhook ${discord.url} answered 400 50035 Invalid Form Body (not retried)`);
    const empty = await rejectionOf(provider.send({ content: '' }, {}, { signal: signal() }));
    expect(empty.message).toBe(`Discord webhook ${discord.url} answered 400 50006 Cannot send an empty message (not retried)`);
    expect(discord.messages).toHaveLength(0);
  });

  test('429 is retryable after retry_after (2.5 s in the body, preferred to Retry-After: 3)', async () => {
    const error = await rejectionOf(providerAt(discord.webhookUrl('429')).send({ content: 'hi' }, {}, { signal: signal() }));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ provider: 'discord', status: 429, retryable: true, retryAfterMs: 2500 });
    expect(error.message).toBe(`Discord webhook ${discord.url} answered 429 You are being rate limited.`);
  });

  test('503 is retryable; an unknown webhook (404 10015) or a wrong token (401 50027) is not', async () => {
    expect(await rejectionOf(providerAt(discord.webhookUrl('503')).send({ content: 'hi' }, {}, { signal: signal() }))).toMatchObject({
      status: 503,
      retryable: true,
    });
    const unknown = await rejectionOf(
      providerAt(`${discord.url}/api/webhooks/999/${TOKEN}`).send({ content: 'hi' }, {}, { signal: signal() })
    );
    expect(unknown).toMatchObject({ status: 404, retryable: false });
    expect(unknown.message).toBe(`Discord webhook ${discord.url} answered 404 10015 Unknown Webhook (not retried)`);
    const wrongToken = await rejectionOf(
      providerAt(`${discord.url}/api/webhooks/${WEBHOOK_ID}/not-the-token`).send({ content: 'hi' }, {}, { signal: signal() })
    );
    expect(wrongToken).toMatchObject({ status: 401, retryable: false });
    expect(wrongToken.message).toBe(`Discord webhook ${discord.url} answered 401 50027 Invalid Webhook Token (not retried)`);
  });

  test("the webhook's token is in no error, no destination and no providers.list() answer", async () => {
    const urls = [
      discord.webhookUrl('429'),
      discord.webhookUrl('503'),
      `${discord.url}/api/webhooks/${WEBHOOK_ID}/${TOKEN}x`,
      `http://127.0.0.1:${await closedPort()}/api/webhooks/1/${TOKEN}`,
    ];
    const errors = await Promise.all(urls.map((url) => rejectionOf(providerAt(url).send({ content: 'hi' }, {}, { signal: signal() }))));
    errors.forEach((error) => expect(everythingSaid(error)).not.toContain(TOKEN));
    expect(errors[3].message).toMatch(/^Discord webhook http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED$/);
    const provider = service(app.strapi, 'providers').get('discord');
    expect(provider.destination({ content: 'hi' })).toBe(`discord ${discord.url}`);
    expect(JSON.stringify(service(app.strapi, 'providers').list())).not.toContain(TOKEN);
  });

  test("a webhook that never answers is cut by the queue's signal, retryable", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), 200);
    const error = await rejectionOf(providerAt(discord.webhookUrl('hang')).send({ content: 'hi' }, {}, { signal: controller.signal }));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toBe(
      `Discord webhook ${discord.url} failed: no answer before the queue's deadline (queue.sendTimeoutMs) or shutdown`
    );
  });

  test("the README's example pings the role it allows, and only it", async () => {
    await runExample(readmeExample('discord-notify'), { strapi: app.strapi, user }, 'undefined');
    await service(app.strapi, 'queue').drain();
    expect(discord.messages).toHaveLength(1);
    expect(discord.messages[0].body).toMatchObject({
      content: 'Deploy finished <@&123456789012345678>',
      allowed_mentions: { roles: ['123456789012345678'] },
      embeds: [expect.objectContaining({ title: 'Deploy finished' })],
    });
  });

  test('verify() asks Discord for the webhook, sending no message', async () => {
    expect(await service(app.strapi, 'providers').get('discord').verify()).toEqual({
      ok: true,
      message: `Discord knows the webhook "Notifs" (${discord.url})`,
    });
    expect(await providerAt(`${discord.url}/api/webhooks/999/${TOKEN}`).verify()).toEqual({
      ok: false,
      message: `Discord webhook ${discord.url} answered 404 10015 Unknown Webhook: is the URL right, and the webhook not deleted?`,
    });
    expect(discord.messages).toHaveLength(0);
  });
});

// After the suite above has stopped its app: one Strapi per process at a time.
describe('discord config at boot', () => {
  test.each([
    [
      'https://discord.com/channels/1/2',
      /"providers\.discord\.url"(?: \(.+?\))? must be a Discord webhook URL, such as "https:\/\/discord\.com\/api\/webhooks\/<id>\/<token>"/,
    ],
    ['discord.com/api/webhooks/1/abc', /"providers\.discord\.url"(?: \(.+?\))? must be an absolute http\(s\) URL/],
  ])('url %s stops the boot, naming the option', async (url, message) => {
    await expect(bootStrapi({ config: { backend: 'sync', providers: { discord: { url } } } })).rejects.toThrow(message);
  });
});
