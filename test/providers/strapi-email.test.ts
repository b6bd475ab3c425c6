import { DeliveryError, ProviderConfigError } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { startFakeSmtp, type FakeSmtp } from '../helpers/smtp-server';
import { rejectionOf } from '../helpers/failure';

/**
 * `providers.email.useStrapiEmail`: mail goes through Strapi's email plugin, here with its default
 * sendmail provider pointed at a loopback SMTP server (test/app/config/plugins.js). The other
 * built-in providers are left unconfigured in this boot, for the ProviderConfigError cases.
 */
let app: TestApp;
let smtp: FakeSmtp;
let user: { id: number; email: string };

beforeAll(async () => {
  smtp = await startFakeSmtp();
  app = await bootStrapi({
    config: { backend: 'sync', providers: { email: { useStrapiEmail: true } } },
    env: { NOTIFS_TEST_SMTP_PORT: String(smtp.port) },
  });
  user = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

const notify = (channels: string[], context: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    shortDescription: 'Ada bought your book',
    url: 'https://shop.example/orders/1',
    channels,
    extraData: { context },
  });

describe('email provider with useStrapiEmail', () => {
  test('sends through strapi.plugin("email"), with its defaultFrom', async () => {
    await notify(['email'], { to: user.email, headers: { 'X-Order-Id': '42' } });
    expect(smtp.received).toHaveLength(1);
    const [{ recipients, mail }] = smtp.received;
    expect(recipients).toEqual([user.email]);
    expect(mail.from?.value).toEqual([{ name: 'Strapi', address: 'strapi@example.test' }]);
    expect(mail.subject).toBe('Ada bought your book');
    expect(mail.text?.trim()).toBe('Ada bought your book\n\nhttps://shop.example/orders/1');
    expect(mail.headers.get('x-order-id')).toBe('42');
  });

  test('a refusal from the SMTP server behind Strapi’s email plugin is a DeliveryError', async () => {
    const error = await rejectionOf(notify(['email'], { to: 'nobody@example.test' }));
    expect(error).toBeInstanceOf(DeliveryError);
    // Strapi's sendmail provider drops the SMTP reply code (550 here), so there is nothing to say
    // the failure is permanent: it is left to the queue's retries.
    expect(error).toMatchObject({ provider: 'email', status: undefined, retryable: true });
    expect(error.message).toBe('Email failed: Failed to deliver mail for all recipient domains');
  });

  test('verify() names Strapi’s email provider', async () => {
    expect(await service(app.strapi, 'providers').get('email').verify()).toEqual({
      ok: true,
      message: 'email goes through Strapi\'s email plugin (provider "sendmail")',
    });
  });
});

describe('a built-in channel whose provider is not configured', () => {
  test.each([
    ['slack', 'providers.slack'],
    ['pusher_channels', 'providers.pusher_channels'],
    ['webhook', 'providers.webhook'],
  ])('%s: ProviderConfigError naming %s, and nothing is stored', async (channel, option) => {
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(notify([channel], { channel: 'C1', channels: 'x', to: user.email }));
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect(error.message).toBe(`Provider "${channel}" is not configured: set notifs.config.${option} in config/plugins`);
    expect(await countNotifications(app.strapi)).toBe(before);
  });

  test('providers.list() tells which are configured', () => {
    expect(service(app.strapi, 'providers').list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'email', configured: true }),
        expect.objectContaining({ name: 'slack', configured: false, problem: expect.stringContaining('providers.slack') }),
      ])
    );
  });
});
