import type { Core } from '@strapi/strapi';
import { DeliveryError, InvalidPayloadError, TwilioSmsProvider, type TwilioSmsOptions } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { deliveryRows } from '../helpers/deliveries';
import { closedPort, startHttpServer, type LoopbackServer } from '../helpers/http-server';
import { startFakeTwilio, TWILIO_TEST_NUMBERS, type FakeTwilio } from '../helpers/twilio-server';
import { everythingSaid, rejectionOf } from '../helpers/failure';
import { readmeExample, runExample } from '../helpers/readme-example';

const ACCOUNT_SID = `AC${'1a2b3c4d'.repeat(4)}`;
const AUTH_TOKEN = 'twilio-auth-token-9f8e7d6c5b4a';
const FROM = '+15005550006';
const SERVICE_SID = `MG${'0f'.repeat(16)}`;

/** The app's users get a `phone` attribute, as an app adds one with the Content-Type Builder. */
const addPhoneAttribute = (strapi: Core.Strapi) => {
  strapi.get('content-types').extend('plugin::users-permissions.user', (contentType: { attributes: Record<string, unknown> }) => {
    contentType.attributes.phone = { type: 'string' };
  });
};

let app: TestApp;
let twilio: FakeTwilio;

const options = (overrides: Partial<TwilioSmsOptions> = {}): TwilioSmsOptions => ({
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  from: FROM,
  phoneAttribute: 'phone',
  apiUrl: twilio.apiUrl,
  ...overrides,
});

const userWithPhone = async (phone: string | null) => {
  const user = await createUser(app.strapi);
  await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { phone } });
  return user;
};

const notify = (recipient: number, context: Record<string, unknown> = {}, channels = ['twilio_sms']) =>
  service(app.strapi, 'notify').notify({
    recipient,
    sourceDisplayName: 'Shop',
    shortDescription: 'Ada bought your book',
    url: '/orders/1',
    channels,
    extraData: { context },
  });

/** Notifies, drains the queue, and answers the notification's twilio_sms delivery row. */
const deliver = async (recipient: number, context: Record<string, unknown> = {}) => {
  const notification = await notify(recipient, context);
  await service(app.strapi, 'queue').drain();
  const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id }, provider: 'twilio_sms' });
  return row;
};

describe('twilio_sms provider and channel', () => {
  beforeAll(async () => {
    twilio = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
    app = await bootStrapi({
      register: addPhoneAttribute,
      config: {
        backend: 'database',
        publicUrl: 'https://cms.example',
        providers: { twilio_sms: options(), webhook: { url: `http://127.0.0.1:${await closedPort()}/hook` } },
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await twilio?.close();
  });
  beforeEach(() => {
    twilio.messages.length = 0;
  });

  test("texts the recipient's phone attribute through the twilio library: basic auth, form body, link made absolute", async () => {
    const user = await userWithPhone('+15005550100');
    const row = await deliver(user.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0].form).toEqual({
      To: '+15005550100',
      From: FROM,
      Body: 'Shop: Ada bought your book\nhttps://cms.example/orders/1',
    });
    expect(twilio.requests.at(-1)).toEqual({
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      contentType: 'application/x-www-form-urlencoded',
      authorized: true,
    });
  });

  test("send answers the message's SID as externalId", async () => {
    const provider = service(app.strapi, 'providers').get('twilio_sms');
    const result = await provider.send({ to: '+15005550100', body: 'hi' }, {}, { signal: new AbortController().signal });
    expect(twilio.messages).toHaveLength(1);
    expect(result).toEqual({ externalId: twilio.messages[0].sid });
    expect(twilio.messages[0].sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  test('a Messaging Service SID as `from` is sent as MessagingServiceSid; context `to` and `body` replace the built ones', async () => {
    const user = await userWithPhone('+15005550100');
    const row = await deliver(user.id, { to: '+15005550111', body: 'Your code is 1234', from: SERVICE_SID });
    expect(row.status).toBe('sent');
    expect(twilio.messages.map(({ form }) => form)).toEqual([
      { To: '+15005550111', MessagingServiceSid: SERVICE_SID, Body: 'Your code is 1234' },
    ]);
  });

  test('a `to` that is not E.164 is an InvalidPayloadError naming it, and nothing is stored', async () => {
    const user = await userWithPhone('+15005550100');
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(notify(user.id, { to: '06 12 34 56 78' }));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toBe(
      'Invalid payload: channel "twilio_sms" built a payload for provider "twilio_sms" that does not fit: "to" must be a phone number in E.164 form, such as "+15005550006"'
    );
    expect(await countNotifications(app.strapi)).toBe(before);
  });

  test("a stored phone that is not E.164 is refused the same way, naming the recipient's number field", async () => {
    const user = await userWithPhone('0612345678');
    const error = await rejectionOf(notify(user.id));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(/"to" must be a phone number in E\.164 form/);
  });

  test('a recipient without a phone: the delivery is dead at once with the reason, and the notification is kept', async () => {
    const user = await userWithPhone(null);
    const row = await deliver(user.id);
    expect(twilio.messages).toHaveLength(0);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.lastError).toBe(
      'Twilio SMS not sent: the recipient has no phone number in their users-permissions attribute "phone" (providers.twilio_sms.phoneAttribute), and notify() gave none as extraData.context.to (not retried)'
    );
    expect(row.notification).not.toBeNull();
  });

  test('only the twilio_sms channel is handed the phone: another channel of the same notification never sees it', async () => {
    const user = await userWithPhone('+15005550122');
    const notification = await notify(user.id, {}, ['twilio_sms', 'webhook']);
    const rows = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    await service(app.strapi, 'notify').cancel(notification.id);
    expect(rows.find((row) => row.payload.to)?.payload.to).toBe('+15005550122');
    const webhook = rows.find((row) => 'data' in row.payload);
    expect(JSON.stringify(webhook?.payload)).not.toContain('5005550122');
  });

  test('21211 (invalid number) is dead at once: not retried, with Twilio’s code and words', async () => {
    const user = await userWithPhone(TWILIO_TEST_NUMBERS.invalid);
    const row = await deliver(user.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.lastError).toBe(`Twilio SMS failed: HTTP 400 21211 Invalid 'To' Phone Number: ${TWILIO_TEST_NUMBERS.invalid} (not retried)`);
  });

  test.each([
    [TWILIO_TEST_NUMBERS.rateLimited, 429, 7_000, 'HTTP 429 20429 Too Many Requests'],
    [TWILIO_TEST_NUMBERS.unavailable, 503, undefined, 'HTTP 503 20503 Service unavailable'],
  ])(
    'To %s: %i is a retryable DeliveryError (retryAfterMs %p), the library does not retry by itself',
    async (to, status, retryAfterMs, said) => {
      const before = twilio.requests.length;
      const provider = service(app.strapi, 'providers').get('twilio_sms');
      const error = await rejectionOf(provider.send({ to, body: 'hi' }, {}, { signal: new AbortController().signal }));
      expect(twilio.requests.length - before).toBe(1);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error).toMatchObject({ provider: 'twilio_sms', status, retryable: true, retryAfterMs });
      expect(error.message).toBe(`Twilio SMS failed: ${said}`);
    }
  );

  test('a 429 through the queue leaves the delivery failed, to be retried no sooner than Retry-After', async () => {
    const user = await userWithPhone(TWILIO_TEST_NUMBERS.rateLimited);
    const started = Date.now();
    const row = await deliver(user.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(new Date(row.runAt).getTime()).toBeGreaterThanOrEqual(started + 7_000);
  });

  test('a wrong auth token: 401 20003, not retried, and the token is in no error', async () => {
    const provider = new TwilioSmsProvider({ options: options({ authToken: 'wrong-token-000000000000' }), strapi: app.strapi });
    const error = await rejectionOf(provider.send({ to: '+15005550100', body: 'hi' }, {}, { signal: new AbortController().signal }));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toBe('Twilio SMS failed: HTTP 401 20003 Authenticate (not retried)');
    expect(everythingSaid(error)).not.toContain('wrong-token-000000000000');
    expect(twilio.requests.at(-1)?.authorized).toBe(false);
  });

  test("no server at apiUrl is retryable; a server that never answers is cut by the queue's signal", async () => {
    const refused = new TwilioSmsProvider({ options: options({ apiUrl: `http://127.0.0.1:${await closedPort()}` }), strapi: app.strapi });
    const error = await rejectionOf(refused.send({ to: '+15005550100', body: 'hi' }, {}, { signal: new AbortController().signal }));
    expect(error).toMatchObject({ provider: 'twilio_sms', retryable: true, status: undefined });
    expect(error.message).toBe('Twilio SMS failed: no answer (ECONNREFUSED)');

    const hanging: LoopbackServer = await startHttpServer(() => undefined);
    try {
      const silent = new TwilioSmsProvider({ options: options({ apiUrl: hanging.url }), strapi: app.strapi });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), 200);
      const cut = await rejectionOf(silent.send({ to: '+15005550100', body: 'hi' }, {}, { signal: controller.signal }));
      expect(cut).toMatchObject({ retryable: true });
      expect(cut.message).toBe("Twilio SMS failed: no answer before the queue's deadline (queue.sendTimeoutMs) or shutdown");
    } finally {
      await hanging.close();
    }
  });

  test('verify() fetches the account with the credentials', async () => {
    expect(await service(app.strapi, 'providers').get('twilio_sms').verify()).toEqual({
      ok: true,
      message: 'Twilio accepts the credentials (account "Notifs test account", active)',
    });
    const wrong = new TwilioSmsProvider({ options: options({ authToken: 'wrong-token-000000000000' }), strapi: app.strapi });
    expect(await wrong.verify()).toEqual({ ok: false, message: 'Twilio SMS failed: HTTP 401 20003 Authenticate (not retried)' });
  });

  test("the README's example texts the user at their phone attribute", async () => {
    const user = await userWithPhone('+15005550133');
    await runExample(readmeExample('twilio-sms-notify'), { strapi: app.strapi, user }, 'undefined');
    await service(app.strapi, 'queue').drain();
    expect(twilio.messages.map(({ form }) => form)).toEqual([
      { To: '+15005550133', From: FROM, Body: 'Shop: Your order has shipped\nhttps://cms.example/orders/1' },
    ]);
  });

  test('the auth token is in no providers.list() answer', () => {
    expect(JSON.stringify(service(app.strapi, 'providers').list())).not.toContain(AUTH_TOKEN);
  });
});

// After the suite above has stopped its app: one Strapi per process at a time.
describe('twilio_sms config at boot', () => {
  const bootWith = (twilioSms: Record<string, unknown>) =>
    bootStrapi({ register: addPhoneAttribute, config: { backend: 'sync', providers: { twilio_sms: twilioSms as TwilioSmsOptions } } });

  test.each([
    [
      'from without +',
      { from: '5005550006' },
      /"providers\.twilio_sms\.from"(?: \(.+?\))? must be a phone number in E\.164 form \(such as "\+15005550006"\) or a Messaging Service SID/,
    ],
    [
      'an API key SID as accountSid',
      { accountSid: 'SK123' },
      /"providers\.twilio_sms\.accountSid"(?: \(.+?\))? must be a Twilio Account SID: "AC" followed by 32 hex digits/,
    ],
    ['no authToken', { authToken: undefined }, /"providers\.twilio_sms\.authToken"/],
  ])('%s stops the boot, naming the option', async (_what, change, message) => {
    await expect(bootWith({ ...options(), ...change })).rejects.toThrow(message);
  });

  test('a phoneAttribute the users-permissions user does not have stops the boot, naming the option', async () => {
    await expect(bootWith({ ...options(), phoneAttribute: 'mobile' })).rejects.toThrow(
      /^notifs config "providers\.twilio_sms\.phoneAttribute": plugin::users-permissions\.user has no attribute "mobile" \(its text attributes: .*phone.*\); add one/
    );
  });
});
