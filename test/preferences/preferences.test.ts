/**
 * Recipients' preferences end to end: over real HTTP (REST, GraphQL, the unsubscribe link without a
 * login), with the database backend and a real SMTP server receiving what is sent.
 */
import { createHmac } from 'node:crypto';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { graphql, listen, request, tokenFor } from '../helpers/http';
import { deliveryRows, waitFor, type DeliveryRecord } from '../helpers/deliveries';
import { adminWith } from '../helpers/admin-http';
import { readmeExample, runExample } from '../helpers/readme-example';
import { startFakeSmtp, type FakeSmtp, type ReceivedMail, emailProviderFor } from '../helpers/smtp-server';

let app: TestApp;
let base: string;
let smtp: FakeSmtp;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  app = await bootStrapi({
    config: {
      backend: 'database',
      // Drained by hand: deterministic.
      queue: { pollRule: '0 0 0 1 1 *' },
      providers: {
        email: emailProviderFor(smtp),
      },
      preferences: { required: ['security'], defaults: { digest: { email: false } } },
    },
  });
  base = await listen(app.strapi);
  // Links in mails point at this very server, so the test can POST them as a mail client would.
  app.strapi.config.set('plugin::notifs.publicUrl', base);
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const newUser = async (name: string) => {
  const user = await createUser(app.strapi, `${name}-${Date.now()}`);
  return { ...user, token: await tokenFor(app.strapi, user.id) };
};
const notify = (recipient: number, category: string | null, channels = ['email', 'in_app']) =>
  service(app.strapi, 'notify').notify({ recipient, category, shortDescription: `about ${category}`, channels });
const drain = () => service(app.strapi, 'queue').drain();
const deliveriesOf = async (notificationId: number) =>
  Object.fromEntries(
    (await deliveryRows(app.strapi, { notification: { id: notificationId } })).map((row) => [
      (row as DeliveryRecord & { channel: string }).channel,
      row,
    ])
  );
/** The unsubscribe secret the README documents: derived from an app key. */
const secretOf = (appKey: string) => createHmac('sha256', appKey).update('strapi-plugin-notifs unsubscribe link v1').digest('base64url');
const put = (token: string, body: unknown) => request(base, '/api/notifs/preferences', { method: 'PUT', token, body });
const header = (mail: ReceivedMail, name: string): string | undefined =>
  mail.mail.headerLines.find((line) => line.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '');
const linkIn = (mail: ReceivedMail): string => (header(mail, 'List-Unsubscribe') ?? '').replace(/^<|>$/g, '');
const postLink = (link: string) =>
  fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

describe('REST: the caller reads and changes their own preferences', () => {
  test('GET: config defaults under nothing of their own, and the required categories', async () => {
    const ada = await newUser('ada');
    const { status, body } = await request(base, '/api/notifs/preferences', { token: ada.token });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { categories: { digest: { email: false } } }, meta: { required: ['security'] } });
  });

  test('PUT merges: a switch set, another kept, null back to the default; quiet hours stored', async () => {
    const ada = await newUser('ada');
    await put(ada.token, { data: { categories: { comments: { email: false, in_app: true } } } });
    const { status, body } = await put(ada.token, {
      data: {
        categories: { comments: { in_app: null }, digest: { email: true } },
        quietHours: { start: '22:00', end: '07:30', timeZone: 'Europe/Paris' },
      },
    });
    expect(status).toBe(200);
    expect(body.data).toEqual({
      categories: { comments: { email: false }, digest: { email: true } },
      quietHours: { start: '22:00', end: '07:30', timeZone: 'Europe/Paris' },
    });
    expect((await request(base, '/api/notifs/preferences', { token: ada.token })).body.data).toEqual(body.data);
  });

  test('a required category cannot be switched off: 400 naming it, nothing stored', async () => {
    const ada = await newUser('ada');
    const { status, body } = await put(ada.token, { data: { categories: { security: { email: false }, comments: { email: false } } } });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      'Invalid preferences: "preferences.categories.security.email" cannot be switched off: category "security" is required (config preferences.required)'
    );
    expect((await request(base, '/api/notifs/preferences', { token: ada.token })).body.data.categories).toEqual({
      digest: { email: false },
    });
  });

  test('without a login: 403, and nothing to read', async () => {
    const { status } = await request(base, '/api/notifs/preferences');
    expect(status).toBe(403);
  });
});

describe('enforcement, database backend, real SMTP', () => {
  test('email switched off over REST: stored and in-app, its email skipped with the reason, no mail', async () => {
    const ada = await newUser('ada');
    expect((await put(ada.token, { data: { categories: { comments: { email: false } } } })).status).toBe(200);
    const { id } = await notify(ada.id, 'comments');
    await drain();

    const inbox = await request(base, '/api/notifs/notifications', { token: ada.token });
    expect(inbox.body.data.map((one: { id: number }) => one.id)).toEqual([id]);
    const rows = await deliveriesOf(id);
    expect(rows.email).toMatchObject({
      status: 'skipped',
      attempts: 0,
      lastError: 'recipient switched off category "comments" on channel "email"',
    });
    expect(rows.in_app.status).toBe('sent');
    expect(smtp.received).toHaveLength(0);
  });

  test('a required category still mails, without an unsubscribe link', async () => {
    const ada = await newUser('ada');
    const { id } = await notify(ada.id, 'security', ['email']);
    await drain();
    expect((await deliveriesOf(id)).email.status).toBe('sent');
    expect(smtp.received.map((mail) => mail.recipients)).toEqual([[ada.email]]);
    expect(header(smtp.received[0], 'List-Unsubscribe')).toBeUndefined();
  });

  test('config defaults switch a category off until the user switches it on', async () => {
    const ada = await newUser('ada');
    const before = await notify(ada.id, 'digest', ['email']);
    await put(ada.token, { data: { categories: { digest: { email: true } } } });
    const after = await notify(ada.id, 'digest', ['email']);
    await drain();
    expect((await deliveriesOf(before.id)).email).toMatchObject({
      status: 'skipped',
      lastError: 'category "digest" is off by default on channel "email" (config preferences.defaults)',
    });
    expect((await deliveriesOf(after.id)).email.status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
  });

  test('a notification without a category is always delivered', async () => {
    const ada = await newUser('ada');
    const { id } = await notify(ada.id, null, ['email']);
    await drain();
    expect((await deliveriesOf(id)).email.status).toBe('sent');
    expect(header(smtp.received[0], 'List-Unsubscribe')).toBeUndefined();
  });

  test('in_app can be switched off: the notification is still stored and listed, its real-time push skipped', async () => {
    const ada = await newUser('ada');
    await put(ada.token, { data: { categories: { chatter: { in_app: false } } } });
    const { id } = await notify(ada.id, 'chatter', ['in_app']);
    expect((await deliveriesOf(id)).in_app).toMatchObject({
      status: 'skipped',
      lastError: 'recipient switched off category "chatter" on channel "in_app"',
    });
    expect((await request(base, `/api/notifs/notifications/${id}`, { token: ada.token })).status).toBe(200);
  });

  test('notifyMany with mixed preferences: one preferences query for all recipients, each one skipped or sent as they chose', async () => {
    const [off, on, none] = [await newUser('off'), await newUser('on'), await newUser('none')];
    await put(off.token, { data: { categories: { comments: { email: false } } } });
    await put(on.token, { data: { categories: { comments: { email: true } } } });
    const queries: string[] = [];
    const onQuery = (query: { sql: string }) => queries.push(query.sql);
    app.strapi.db.connection.on('query', onQuery);
    const { ids } = await service(app.strapi, 'notify').notifyMany([off.id, on.id, none.id], {
      category: 'comments',
      shortDescription: 'hi',
      channels: ['email'],
    });
    app.strapi.db.connection.off('query', onQuery);
    // One per submission, not one per recipient (on SQLite the outbox's held connection runs it as a cached statement, unseen by knex).
    expect(queries.filter((sql) => sql.includes('notifs_preferences')).length).toBeLessThanOrEqual(1);

    await drain();
    const statuses = await Promise.all(ids.map(async (id) => (await deliveriesOf(id)).email.status));
    expect(statuses).toEqual(['skipped', 'sent', 'sent']);
    expect(smtp.received.map((mail) => mail.recipients[0]).sort()).toEqual([on.email, none.email].sort());
  });

  test('notify() calls in flight with mixed preferences: each screened by its own recipient, one preferences query per group transaction', async () => {
    const [off, on, none] = [await newUser('off'), await newUser('on'), await newUser('none')];
    await put(off.token, { data: { categories: { comments: { email: false } } } });
    await put(on.token, { data: { categories: { comments: { email: true } } } });
    const recipients = Array.from({ length: 5 }, () => [off, on, none]).flat();
    const queries: string[] = [];
    const onQuery = (query: { sql: string }) => queries.push(query.sql);
    app.strapi.db.connection.on('query', onQuery);
    const made = await Promise.all(recipients.map((user) => notify(user.id, 'comments', ['email'])));
    app.strapi.db.connection.off('query', onQuery);
    // The calls share group transactions (one commit for many), and a group reads its submissions'
    // preferences in one query, not one per call. On SQLite the group's statements bypass knex.
    const commits = queries.filter((sql) => /^commit/i.test(sql.trim())).length;
    const preferenceReads = queries.filter((sql) => sql.includes('notifs_preferences')).length;
    if (commits > 0) {
      expect(commits).toBeLessThan(recipients.length / 2);
      expect(preferenceReads).toBeLessThanOrEqual(commits);
    }

    await drain();
    const statuses = await Promise.all(made.map(async ({ id }) => (await deliveriesOf(id)).email.status));
    expect(statuses).toEqual(recipients.map((user) => (user === off ? 'skipped' : 'sent')));
    expect(smtp.received.map((mail) => mail.recipients[0]).sort()).toEqual(
      recipients.filter((user) => user !== off).map((user) => user.email).sort()
    );
  });

  test('channel.notify() is checked too', async () => {
    const ada = await newUser('ada');
    await put(ada.token, { data: { categories: { orders: { email: false } } } });
    const EmailChannel = service(app.strapi, 'channels').get('email');
    const stored = await notify(ada.id, 'orders', []);
    const planned = await new EmailChannel(stored, { context: { email: ada.email } }).notify();
    expect(planned.map((one) => one.skipReason)).toEqual(['recipient switched off category "orders" on channel "email"']);
    await drain();
    expect(smtp.received).toHaveLength(0);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  test('the mail carries List-Unsubscribe and List-Unsubscribe-Post; POSTing the link with no login switches that category × email off', async () => {
    const ada = await newUser('ada');
    await notify(ada.id, 'orders', ['email']);
    await drain();
    const [mail] = smtp.received;
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = linkIn(mail);
    expect(link).toMatch(new RegExp(`^${base}/api/notifs/unsubscribe\\?token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));

    // A GET (a mail scanner prefetching links) shows a page and changes nothing.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('Stop receiving "orders" notifications by email?');
    expect(html).toContain('<form method="post"');
    expect((await request(base, '/api/notifs/preferences', { token: ada.token })).body.data.categories.orders).toBeUndefined();

    const answer = await postLink(link);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { category: 'orders', channel: 'email', subscribed: false }, meta: {} });
    expect((await request(base, '/api/notifs/preferences', { token: ada.token })).body.data.categories.orders).toEqual({ email: false });

    smtp.received.length = 0;
    const later = await notify(ada.id, 'orders', ['email']);
    await drain();
    expect((await deliveriesOf(later.id)).email.status).toBe('skipped');
    expect(smtp.received).toHaveLength(0);
  });

  test('a browser form post gets a page; a tampered, foreign, malformed or expired token is refused with a message', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    await notify(ada.id, 'news', ['email']);
    await drain();
    const link = linkIn(smtp.received[0]);
    const [body, signature] = new URL(link).searchParams.get('token')!.split('.');

    // Bob's id in Ada's payload, Ada's signature: refused.
    const [, category, channel, issuedAt] = JSON.parse(Buffer.from(body, 'base64url').toString()) as [number, string, string, number];
    const forged = `${Buffer.from(JSON.stringify([bob.id, category, channel, issuedAt])).toString('base64url')}.${signature}`;
    const tampered = await request(base, `/api/notifs/unsubscribe?token=${forged}`, { method: 'POST' });
    expect(tampered.status).toBe(403);
    expect(tampered.body.error.message).toBe(
      'Invalid unsubscribe link: its signature does not match (the link was changed, or made by another app)'
    );

    const malformed = await request(base, '/api/notifs/unsubscribe?token=nope', { method: 'POST' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe(
      'Invalid unsubscribe link: its token is missing or malformed (copy the whole link from the email)'
    );
    expect((await request(base, '/api/notifs/unsubscribe', { method: 'POST' })).status).toBe(400);

    // Signed as documented (a secret derived from the first app key), but 400 days old.
    const [appKey] = app.strapi.config.get('server.app.keys') as string[];
    const secret = secretOf(appKey);
    const oldBody = Buffer.from(JSON.stringify([ada.id, 'news', 'email', Math.floor(Date.now() / 1000) - 400 * 86_400])).toString(
      'base64url'
    );
    const old = `${oldBody}.${createHmac('sha256', secret).update(oldBody).digest('base64url')}`;
    const expired = await request(base, `/api/notifs/unsubscribe?token=${old}`, { method: 'POST' });
    expect(expired.status).toBe(403);
    expect(expired.body.error.message).toMatch(/^This unsubscribe link has expired \(links are valid for 365 days\)/);

    // Nothing changed for either of them.
    for (const who of [ada, bob])
      expect((await request(base, '/api/notifs/preferences', { token: who.token })).body.data.categories.news).toBeUndefined();

    // A browser submitting the page's form gets a page back.
    const viaForm = await fetch(link, {
      method: 'POST',
      headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(viaForm.status).toBe(200);
    expect(await viaForm.text()).toContain('You will no longer receive "news" notifications by email.');
    const tamperedPage = await fetch(`${base}/api/notifs/unsubscribe?token=${forged}`);
    expect(tamperedPage.status).toBe(403);
    expect(await tamperedPage.text()).toContain('its signature does not match');
  });

  test('app keys rotated after boot: new links are signed with the new first key, old links work while their key stays listed', async () => {
    const ada = await newUser('ada');
    const keys = app.strapi.config.get('server.app.keys') as string[];
    const signedWith = (link: string, key: string) => {
      const [body, signature] = new URL(link).searchParams.get('token')!.split('.');
      return createHmac('sha256', secretOf(key)).update(body).digest('base64url') === signature;
    };
    const mailLink = async (category: string) => {
      smtp.received.length = 0;
      await notify(ada.id, category, ['email']);
      await drain();
      return linkIn(smtp.received[0]);
    };
    const before = await mailLink('rotate-a');
    expect(signedWith(before, keys[0])).toBe(true);
    try {
      app.strapi.config.set('server.app.keys', ['rotated-key-made-by-the-test', ...keys]);
      const after = await mailLink('rotate-b');
      expect(signedWith(after, 'rotated-key-made-by-the-test')).toBe(true);
      expect((await postLink(before)).status).toBe(200);

      app.strapi.config.set('server.app.keys', ['rotated-key-made-by-the-test']);
      const dropped = await postLink(before);
      expect(dropped.status).toBe(403);
      expect((await postLink(after)).status).toBe(200);
    } finally {
      app.strapi.config.set('server.app.keys', keys);
    }
  });
});

describe("another user's preferences can be neither read nor written", () => {
  test('REST: no user can be named; each call reads and writes the caller’s own', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    const named = await put(ada.token, { data: { categories: { comments: { email: false } } }, recipient: bob.id });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toBe('Invalid preferences: "recipient" is not a known key (only "data")');
    const inside = await put(ada.token, { data: { recipient: bob.id, categories: { comments: { email: false } } } });
    expect(inside.status).toBe(400);
    expect(inside.body.error.message).toBe('Invalid preferences: "preferences.recipient" is not a known key');

    await put(ada.token, { data: { categories: { comments: { email: false } } } });
    expect((await request(base, `/api/notifs/preferences?recipient=${ada.id}`, { token: bob.token })).body.data.categories).toEqual({
      digest: { email: false },
    });
  });

  test('GraphQL: notifsPreferences and notifsUpdatePreferences act on the caller only', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    const update = await graphql(
      base,
      'mutation { notifsUpdatePreferences(categories: { comments: { email: false } }, quietHours: { start: "22:00", end: "07:00", timeZone: "UTC" }) { categories quietHours { start end timeZone } required } }',
      {},
      ada.token
    );
    expect(update.body.errors).toBeUndefined();
    expect(update.body.data.notifsUpdatePreferences).toEqual({
      categories: { digest: { email: false }, comments: { email: false } },
      quietHours: { start: '22:00', end: '07:00', timeZone: 'UTC' },
      required: ['security'],
    });
    const bobs = await graphql(base, 'query { notifsPreferences { categories quietHours { start } } }', {}, bob.token);
    expect(bobs.body.data.notifsPreferences).toEqual({ categories: { digest: { email: false } }, quietHours: null });
    const naming = await graphql(base, `query { notifsPreferences(recipient: ${ada.id}) { categories } }`, {}, bob.token);
    expect(naming.body.errors?.[0].message).toMatch(/Unknown argument "recipient"/);
    const anonymous = await graphql(base, 'query { notifsPreferences { categories } }');
    expect(anonymous.body.errors?.[0].message).toMatch(/Forbidden/i);
    const required = await graphql(
      base,
      'mutation { notifsUpdatePreferences(categories: { security: { email: false } }) { categories } }',
      {},
      bob.token
    );
    expect(required.body.errors?.[0].message).toMatch(/category "security" is required/);
  });
});

describe('admin', () => {
  test("the notification detail shows the recipient's preferences, read-only, and the skipped delivery's reason", async () => {
    const ada = await newUser('ada');
    await put(ada.token, { data: { categories: { comments: { email: false } } } });
    const { id } = await notify(ada.id, 'comments', ['email']);
    const admin = await adminWith(app.strapi, base, 'super');
    const detail = await admin.get<{
      recipientPreferences: unknown;
      requiredCategories: string[];
      deliveries: { status: string; lastError: string }[];
    }>(`/notifications/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.data.recipientPreferences).toEqual({ categories: { digest: { email: false }, comments: { email: false } } });
    expect(detail.body.data.requiredCategories).toEqual(['security']);
    expect(detail.body.data.deliveries).toMatchObject([
      { status: 'skipped', lastError: 'recipient switched off category "comments" on channel "email"' },
    ]);
    const skipped = await admin.get<{ id: number; lastError: string }[]>('/deliveries?status=skipped');
    expect(skipped.body.data.some((row) => row.lastError === 'recipient switched off category "comments" on channel "email"')).toBe(true);
  });

  test("the admin's resend and compose respect the recipient's preferences", async () => {
    const ada = await newUser('ada');
    const admin = await adminWith(app.strapi, base, 'super');
    const sent = await notify(ada.id, 'promo', ['email']);
    await drain();
    expect(smtp.received).toHaveLength(1);
    await put(ada.token, { data: { categories: { promo: { email: false } } } });

    const resent = await admin.post<{ queued: number; skipped: number }>(`/notifications/${sent.id}/resend`);
    expect(resent.body.data).toEqual({ queued: 0, skipped: 1 });

    const job = await admin.post<{ id: string }>('/compose', {
      users: [ada.id],
      channels: ['email'],
      shortDescription: 'Sale!',
      category: 'promo',
    });
    expect(job.status).toBe(202);
    await waitFor(
      async () => (await admin.get<{ status: string }>(`/compose/${job.body.data.id}`)).body.data.status !== 'running',
      30_000,
      'compose'
    );
    await drain();
    const rows = (await deliveryRows(app.strapi)).filter((row) => row.payload.to === ada.email);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'skipped', 'skipped']);
    expect(smtp.received).toHaveLength(1);
  });
});

describe('README', () => {
  test('the service example: set, get, and the email of a switched-off category skipped', async () => {
    const user = await newUser('readme');
    const now = await runExample<{ categories: Record<string, unknown> }>(
      readmeExample('preferences-service'),
      { strapi: app.strapi, user },
      'now'
    );
    expect(now).toEqual({ categories: { digest: { email: false }, comments: { email: false } } });
    const [notification] = (await app.strapi.db.query('plugin::notifs.notification').findMany({ where: { recipient: user.id } })) as {
      id: number;
    }[];
    expect((await deliveriesOf(notification.id)).email).toMatchObject({
      status: 'skipped',
      lastError: 'recipient switched off category "comments" on channel "email"',
    });
  });
});
