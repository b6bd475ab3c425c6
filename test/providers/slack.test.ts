import { DeliveryError, InvalidPayloadError, SlackProvider } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { closedPort } from '../helpers/http-server';
import { startFakeSlack, type FakeSlack } from '../helpers/slack-server';
import { everythingSaid, rejectionOf } from '../helpers/failure';

const TOKEN = 'xoxb-test-token-7d1e0b';

let app: TestApp;
let slack: FakeSlack;
let user: { id: number };

beforeAll(async () => {
  slack = await startFakeSlack(TOKEN);
  app = await bootStrapi({ config: { backend: 'sync', providers: { slack: { token: TOKEN, slackApiUrl: slack.apiUrl } } } });
  user = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
  await slack?.close();
});
beforeEach(() => {
  slack.messages.length = 0;
});

const notify = (context: Record<string, unknown>) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    shortDescription: 'Ada bought your book',
    url: 'https://shop.example/orders/1',
    channels: ['slack'],
    extraData: { context },
  });

/** A provider instance with another token or API URL, outside the app's config. */
const providerWith = (options: { token: string; slackApiUrl: string }) => new SlackProvider({ options, strapi: app.strapi });

describe('slack provider', () => {
  test('posts chat.postMessage, form-encoded with the bearer token, built from the notification', async () => {
    await notify({ channel: 'C_OK' });
    expect(slack.messages).toEqual([{ channel: 'C_OK', text: 'Ada bought your book\nhttps://shop.example/orders/1' }]);
    expect(slack.requests.at(-1)).toEqual({ method: '/api/chat.postMessage', contentType: 'application/x-www-form-urlencoded' });
  });

  test('context keys text, blocks and thread_ts replace the built ones', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Sold!*' } }];
    await notify({ channel: 'C_OK', text: 'Sold', blocks, thread_ts: '1700000000.000001' });
    expect(slack.messages).toEqual([{ channel: 'C_OK', text: 'Sold', blocks, thread_ts: '1700000000.000001' }]);
  });

  test('ok:false is a DeliveryError carrying Slack’s reason, not retryable', async () => {
    const error = await rejectionOf(notify({ channel: 'C_MISSING' }));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ provider: 'slack', retryable: false, status: undefined });
    expect(error.message).toBe('Slack chat.postMessage failed: channel_not_found');
  });

  test('429 is retryable with retryAfterMs from Retry-After, and the SDK does not wait or retry', async () => {
    const before = slack.requests.length;
    const started = Date.now();
    const error = await rejectionOf(notify({ channel: 'C_RATE' }));
    expect(Date.now() - started).toBeLessThan(5_000); // far below the 7 s the server asked for
    expect(slack.requests.length - before).toBe(1);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7000 });
    expect(error.message).toBe('Slack chat.postMessage failed: rate limited, retry after 7 s');
  });

  test('500 is retryable, once', async () => {
    const before = slack.requests.length;
    const error = await rejectionOf(notify({ channel: 'C_BROKEN' }));
    expect(slack.requests.length - before).toBe(1);
    expect(error).toMatchObject({ status: 500, retryable: true });
    expect(error.message).toBe('Slack chat.postMessage failed: HTTP 500 internal_error');
  });

  test('a wrong token (401 invalid_auth) is not retryable, and the token is in no error', async () => {
    const provider = providerWith({ token: 'xoxb-wrong-token-000000', slackApiUrl: slack.apiUrl });
    const error = await rejectionOf(provider.send({ channel: 'C_OK', text: 'hi' }));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toBe('Slack chat.postMessage failed: HTTP 401 invalid_auth');
    expect(everythingSaid(error)).not.toContain('xoxb-wrong-token-000000');
    expect(everythingSaid(error)).not.toContain(TOKEN);
  });

  test('no server at slackApiUrl is retryable', async () => {
    const port = await closedPort();
    const error = await rejectionOf(providerWith({ token: TOKEN, slackApiUrl: `http://127.0.0.1:${port}/api/` }).send({ channel: 'C_OK', text: 'hi' }));
    expect(error).toMatchObject({ provider: 'slack', retryable: true, status: undefined });
    expect(error.message).toMatch(/^Slack chat.postMessage failed: no answer \(ECONNREFUSED\)$/);
  });

  test('verify() calls auth.test', async () => {
    expect(await service(app.strapi, 'providers').get('slack').verify()).toEqual({
      ok: true,
      message: 'Slack accepts the token (team Notifs, user notifs-bot)',
    });
    expect(await providerWith({ token: 'xoxb-wrong-token-000000', slackApiUrl: slack.apiUrl }).verify()).toEqual({
      ok: false,
      message: 'Slack auth.test failed: HTTP 401 invalid_auth',
    });
  });

  test('a payload without channel is an InvalidPayloadError naming it, before anything is stored', async () => {
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(notify({}));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(/provider "slack".*"channel"/);
    expect(await countNotifications(app.strapi)).toBe(before);
  });

  test('the token appears in no failure and in no providers.list() answer', async () => {
    const errors = await Promise.all([notify({ channel: 'C_MISSING' }), notify({ channel: 'C_RATE' }), notify({ channel: 'C_BROKEN' })].map(rejectionOf));
    errors.forEach((error) => expect(everythingSaid(error)).not.toContain(TOKEN));
    expect(JSON.stringify(service(app.strapi, 'providers').list())).not.toContain(TOKEN);
  });
});
