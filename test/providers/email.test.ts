import { BaseNotificationChannel, DeliveryError, EmailProvider, InvalidPayloadError, type EmailOptions } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { closedPort } from '../helpers/http-server';
import { startFakeSmtp, type FakeSmtp } from '../helpers/smtp-server';
import { everythingSaid, rejectionOf } from '../helpers/failure';

const CREDENTIALS = { user: 'notifs', pass: 'smtp-pass-5e6f7a' };

/** Builds one message per reader in bulk mode. */
class NewsletterChannel extends BaseNotificationChannel {
  static channelName = 'newsletter';
  providers = ['email'];
  buildPayload() {
    return Array.from({ length: 30 }, (_, i) => ({ to: `reader${i + 1}@example.test`, subject: `Issue 7 for reader ${i + 1}`, text: 'News' }));
  }
}

let app: TestApp;
let smtp: FakeSmtp;
let user: { id: number; email: string };

const transport = (port: number, pass = CREDENTIALS.pass) => ({
  host: '127.0.0.1',
  port,
  secure: false,
  ignoreTLS: true,
  auth: { user: CREDENTIALS.user, pass },
});

beforeAll(async () => {
  smtp = await startFakeSmtp(CREDENTIALS);
  app = await bootStrapi({
    config: {
      backend: 'sync',
      channels: [NewsletterChannel],
      providers: { email: { transport: transport(smtp.port), from: 'Shop <shop@example.test>' } },
      publicUrl: 'https://cms.example.test',
    },
  });
  user = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const notify = (context: Record<string, unknown>, channels = ['email']) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    shortDescription: 'Ada bought your book',
    url: 'https://shop.example/orders/1',
    channels,
    extraData: { context },
  });

/** A provider outside the app's config; closed after `use`. */
const withProvider = async <T>(options: EmailOptions, use: (provider: EmailProvider) => Promise<T>): Promise<T> => {
  const provider = new EmailProvider({ options, strapi: app.strapi });
  try {
    return await use(provider);
  } finally {
    await provider.close();
  }
};

describe('email provider', () => {
  test('emails the recipient at their users-permissions address: subject from shortDescription, text and html with the link, default from', async () => {
    await notify({});
    expect(smtp.received).toHaveLength(1);
    const [{ from, recipients, user: authUser, mail }] = smtp.received;
    expect(authUser).toBe(CREDENTIALS.user);
    expect(from).toBe('shop@example.test');
    expect(recipients).toEqual([user.email]);
    expect(mail.subject).toBe('Ada bought your book');
    expect(mail.from?.value).toEqual([{ name: 'Shop', address: 'shop@example.test' }]);
    expect(mail.text?.trim()).toBe('Ada bought your book\n\nhttps://shop.example/orders/1');
    expect(mail.html).toBe('<p>Ada bought your book</p><p><a href="https://shop.example/orders/1">https://shop.example/orders/1</a></p>');
  });

  describe('links', () => {
    const mailFor = async (url: string, context: Record<string, unknown> = {}) => {
      await service(app.strapi, 'notify').notify({ recipient: user.id, shortDescription: 'Your order', url, channels: ['email'], extraData: { context } });
      const [{ mail }] = smtp.received.splice(0);
      return mail;
    };

    test('a relative url becomes an absolute link from config publicUrl, in html and text', async () => {
      const mail = await mailFor('/orders/1?tab=items');
      expect(mail.html).toBe('<p>Your order</p><p><a href="https://cms.example.test/orders/1?tab=items">https://cms.example.test/orders/1?tab=items</a></p>');
      expect(mail.text?.trim()).toBe('Your order\n\nhttps://cms.example.test/orders/1?tab=items');
    });

    test('context.baseUrl wins over config', async () => {
      const mail = await mailFor('orders/1', { baseUrl: 'https://shop.example.test/account/' });
      expect(mail.html).toContain('<a href="https://shop.example.test/account/orders/1">');
    });

    test("without publicUrl, Strapi's server URL is the base", async () => {
      const publicUrl = app.strapi.config.get('plugin::notifs.publicUrl');
      app.strapi.config.set('plugin::notifs.publicUrl', undefined);
      try {
        const mail = await mailFor('/orders/1');
        const server = String(app.strapi.config.get('server.absoluteUrl'));
        expect(server).toMatch(/^https?:\/\//);
        expect(mail.html).toContain(`<a href="${new URL('/orders/1', server).href}">`);
      } finally {
        app.strapi.config.set('plugin::notifs.publicUrl', publicUrl);
      }
    });

    test.each(['javascript:alert(document.cookie)', ' JaVa\tScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'])(
      '%j is shown as text, never as a link',
      async (url) => {
        const mail = await mailFor(url);
        expect(mail.html).not.toMatch(/<a\b|href=/i);
        expect(mail.html).toContain('<p>Your order</p><p>');
        expect(mail.html).not.toMatch(/<script/i);
      }
    );
  });

  test('context keys set cc, bcc (envelope only), from, replyTo, subject, attachments and headers', async () => {
    await notify({
      email: 'bob@example.test',
      cc: ['carol@example.test', 'dave@example.test'],
      bcc: 'audit@example.test',
      from: 'Orders <orders@example.test>',
      replyTo: 'help@example.test',
      subject: 'Your order',
      text: 'Thanks!',
      html: '<b>Thanks!</b>',
      attachments: [
        { filename: 'note.txt', content: 'plain text file', contentType: 'text/plain' },
        { filename: 'data.bin', content: Buffer.from([0, 1, 2, 250]).toString('base64'), encoding: 'base64', contentType: 'application/octet-stream' },
      ],
      headers: { 'X-Order-Id': '42' },
    });
    const [{ from, recipients, mail }] = smtp.received;
    expect(from).toBe('orders@example.test');
    expect(recipients.sort()).toEqual(['audit@example.test', 'bob@example.test', 'carol@example.test', 'dave@example.test']);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.cc).toMatchObject({ text: 'carol@example.test, dave@example.test' });
    expect(mail.replyTo?.text).toBe('help@example.test');
    expect(mail.subject).toBe('Your order');
    expect(mail.text?.trim()).toBe('Thanks!');
    expect(mail.html).toBe('<b>Thanks!</b>');
    expect(mail.headers.get('x-order-id')).toBe('42');
    expect(mail.attachments.map(({ filename, contentType, content }) => [filename, contentType, [...content]])).toEqual([
      ['note.txt', 'text/plain', [...Buffer.from('plain text file')]],
      ['data.bin', 'application/octet-stream', [0, 1, 2, 250]],
    ]);
  });

  test('bulk: 30 messages all go out over the pool (at most 5 connections)', async () => {
    const connectionsBefore = smtp.connections;
    await notify({ bulk: true }, ['newsletter']);
    expect(smtp.received.map(({ recipients }) => recipients[0]).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `reader${i + 1}@example.test`).sort()
    );
    expect(smtp.connections - connectionsBefore).toBeLessThanOrEqual(5);
  });

  test('an SMTP 4xx reply (452) is retryable, a 5xx reply (550) is not', async () => {
    const full = await rejectionOf(notify({ to: 'full@example.test' }));
    expect(full).toBeInstanceOf(DeliveryError);
    expect(full).toMatchObject({ provider: 'email', status: 452, retryable: true });
    expect(full.message).toMatch(/^Email failed: .*452 Mailbox full, try again later/);
    const nobody = await rejectionOf(notify({ to: 'nobody@example.test' }));
    expect(nobody).toMatchObject({ provider: 'email', status: 550, retryable: false });
    expect(nobody.message).toMatch(/550 No such user here/);
  });

  test('a bulk with one refused recipient answers one outcome per mail: only that one failed', async () => {
    const provider = service(app.strapi, 'providers').get('email');
    const payloads = ['a@example.test', 'nobody@example.test', 'b@example.test'].map((to) => ({ to, subject: 'Hi', text: 'Hi' }));
    const outcomes = await provider.sendBulk(payloads, {}, { signal: new AbortController().signal });
    expect(outcomes?.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    const failure = outcomes?.[1];
    expect(failure?.ok === false && failure.error).toMatchObject({ status: 550, retryable: false });
    expect(failure?.ok === false && (failure.error as Error).message).toMatch(/^Email failed: .*550/);
    expect(smtp.received).toHaveLength(2);
  });

  test('an SMTP authentication failure (535) is not retryable and the password is in no error', async () => {
    const wrong = 'wrong-pass-3b3b3b';
    const error = await withProvider({ transport: transport(smtp.port, wrong), from: 'a@example.test' }, (provider) =>
      rejectionOf(provider.send({ to: 'bob@example.test', subject: 'Hi', text: 'Hi' }))
    );
    expect(error).toMatchObject({ provider: 'email', status: 535, retryable: false });
    expect(error.message).toMatch(/^Email failed: Invalid login: 535/);
    expect(everythingSaid(error)).not.toContain(wrong);
    expect(everythingSaid(error)).not.toContain(CREDENTIALS.pass);
    expect(smtp.received).toHaveLength(0);
  });

  test('no SMTP server is retryable, without status', async () => {
    const port = await closedPort();
    const error = await withProvider({ transport: transport(port), from: 'a@example.test' }, (provider) =>
      rejectionOf(provider.send({ to: 'bob@example.test', subject: 'Hi', text: 'Hi' }))
    );
    expect(error).toMatchObject({ provider: 'email', status: undefined, retryable: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  test('verify() connects and authenticates', async () => {
    expect(await service(app.strapi, 'providers').get('email').verify()).toEqual({
      ok: true,
      message: 'the SMTP server accepted the connection and credentials',
    });
    const failed = await withProvider({ transport: transport(smtp.port, 'wrong-pass-3b3b3b') }, (provider) => provider.verify());
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/^Email failed: Invalid login: 535/);
    expect(failed.message).not.toContain('wrong-pass-3b3b3b');
  });

  test('notifyMany mails each recipient at their own address', async () => {
    const others = [await createUser(app.strapi), await createUser(app.strapi)];
    await service(app.strapi, 'notify').notifyMany(others.map((other) => other.id), { shortDescription: 'Sale', channels: ['email'] });
    expect(smtp.received.map((message) => message.recipients[0]).sort()).toEqual(others.map((other) => other.email).sort());
  });

  test('context.to sends elsewhere than the recipient', async () => {
    await notify({ to: 'someone.else@example.test' });
    expect(smtp.received.map((message) => message.recipients)).toEqual([['someone.else@example.test']]);
  });

  test('a recipient without an email is an InvalidPayloadError naming "to", and nothing is stored', async () => {
    const role = (await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } })) as { id: number };
    const noEmail = (await app.strapi.db.query('plugin::users-permissions.user').create({
      data: { username: 'no-email', provider: 'local', confirmed: true, role: role.id },
    })) as { id: number };
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(service(app.strapi, 'notify').notify({ recipient: noEmail.id, shortDescription: 'x', channels: ['email'] }));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toBe(
      `Channel "email" has no address for recipient ${noEmail.id}: give the user an email, or pass one to notify() as extraData.context.to`
    );
    expect(error.details).toMatchObject({ provider: 'email', errors: [{ path: ['to'] }] });
    expect(await countNotifications(app.strapi)).toBe(before);
  });

  test.each([
    [{ to: 'not-an-address' }, /"to" must be an email address/],
    [{ to: 'bob@example.test', headers: { 'X-Evil': 'a\r\nBcc: all@example.test' } }, /"headers.X-Evil" may not contain line breaks/],
    [{ to: 'bob@example.test', attachments: [{ content: 'x' }] }, /"attachments.0.filename"/],
    [{ to: 'bob@example.test', subject: 'a\nb' }, /"subject" may not contain line breaks/],
  ])('a bad payload %j is an InvalidPayloadError naming the field, before anything is stored', async (context, message) => {
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(notify(context));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(message);
    expect(await countNotifications(app.strapi)).toBe(before);
    expect(smtp.received).toHaveLength(0);
  });

  test('the password appears in no providers.list() answer', () => {
    const listed = service(app.strapi, 'providers').list();
    expect(listed).toContainEqual(expect.objectContaining({ name: 'email', configured: true }));
    // The transport (it holds auth.pass) is secret: said to be set, never shown; the default sender is shown.
    const fields = listed.find((provider) => provider.name === 'email')?.fields;
    expect(fields?.find((field) => field.name === 'transport')).toMatchObject({ secret: true, set: true });
    expect(fields?.find((field) => field.name === 'transport')).not.toHaveProperty('value');
    expect(fields?.find((field) => field.name === 'from')).toMatchObject({ set: true, value: 'Shop <shop@example.test>' });
    expect(JSON.stringify(listed)).not.toContain(CREDENTIALS.pass);
  });
});
