/**
 * Fallback channels on the database backend: in-app at once, an email only if the notification is
 * still unread (or unseen) when it is due. A real SMTP server receives the mail; the recipient marks
 * notifications read or seen through the real REST routes with their JWT; the queue is drained by hand.
 */
import { bootAdminApp, type AdminTestApp } from '../admin/setup';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { request, tokenFor } from '../helpers/http';
import { deliveryRows, type DeliveryRecord } from '../helpers/deliveries';
import { countNotifications } from '../helpers/db';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';
import { readmeExample, runExample } from '../helpers/readme-example';

const NEVER = '0 0 0 1 1 *';
const READ_REASON = 'the notification was read before this fallback was due';
const SEEN_REASON = 'the notification was seen before this fallback was due';

let t: AdminTestApp;
let smtp: FakeSmtp;
let ada: { id: number; email: string };
let adaToken: string;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  t = await bootAdminApp({
    backend: 'database',
    queue: { pollRule: NEVER },
    providers: {
      email: emailProviderFor(smtp),
    },
  });
  ada = await createUser(t.app.strapi, 'ada');
  adaToken = await tokenFor(t.app.strapi, ada.id);
});
afterAll(async () => {
  await t?.app.stop();
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const notify = () => service(t.app.strapi, 'notify');
const drain = () => service(t.app.strapi, 'queue').drain();
const rowsOf = (notificationId: number) => deliveryRows(t.app.strapi, { notification: { id: notificationId } });
const byChannel = async (notificationId: number): Promise<Record<string, DeliveryRecord>> =>
  Object.fromEntries((await rowsOf(notificationId)).map((row) => [(row as unknown as { channel: string }).channel, row]));
/** Waits until every queued delivery of the notification is due, then drains. */
const drainWhenDue = async (notificationId: number): Promise<void> => {
  const latest = Math.max(...(await rowsOf(notificationId)).map((row) => new Date(row.runAt).getTime()));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, latest - Date.now()) + 100));
  await drain();
};
const mailsTo = (address: string) => smtp.received.filter((mail) => mail.recipients.includes(address));

const fallbackNotify = (extra: Record<string, unknown> = {}, email: Record<string, unknown> = { delay: 1, unless: 'read' }) =>
  notify().notify({
    recipient: ada.id,
    shortDescription: 'Ada, your order shipped',
    url: 'https://shop.example/orders/7',
    channels: ['in_app', { name: 'email', ...email }],
    ...extra,
  });

describe('a fallback email on the database backend', () => {
  test('in-app goes at once; the email is not sent before its delay, then sent while the notification stays unread', async () => {
    const notification = await fallbackNotify();
    // The public field stays a list of names.
    expect(notification.channels).toEqual(['in_app', 'email']);
    const stored = (await request(t.base, `/api/notifs/notifications/${notification.id}`, { token: adaToken })).body.data;
    expect(stored.channels).toEqual(['in_app', 'email']);

    await drain();
    let rows = await byChannel(notification.id);
    expect(rows.in_app.status).toBe('sent');
    expect(rows.email).toMatchObject({ status: 'queued', attempts: 0, unless: 'read' });
    expect(mailsTo(ada.email)).toHaveLength(0);

    await drainWhenDue(notification.id);
    rows = await byChannel(notification.id);
    expect(rows.email).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    const [mail] = mailsTo(ada.email);
    expect(mail.mail.subject).toBe('Ada, your order shipped');
    expect(mail.mail.text).toContain('https://shop.example/orders/7');
  });

  test('read through POST /api/notifs/notifications/:id/read before the delay: the email is skipped with the reason, never sent', async () => {
    const notification = await fallbackNotify();
    await drain();
    const read = await request(t.base, `/api/notifs/notifications/${notification.documentId}/read`, { method: 'POST', token: adaToken });
    expect(read.status).toBe(200);

    await drainWhenDue(notification.id);
    const rows = await byChannel(notification.id);
    expect(rows.in_app.status).toBe('sent');
    expect(rows.email).toMatchObject({ status: 'skipped', lastError: READ_REASON, sentAt: null });
    expect(mailsTo(ada.email)).toHaveLength(0);

    // A retry of the skipped fallback checks its condition again: still read, still skipped.
    expect(await service(t.app.strapi, 'queue').retry(rows.email.id)).toBe(rows.email.id);
    await drain();
    expect((await byChannel(notification.id)).email).toMatchObject({ status: 'skipped', lastError: READ_REASON, attempts: 1 });
    expect(mailsTo(ada.email)).toHaveLength(0);
  });

  test('read, then marked unread again before the delay: the email goes (the state when it is due counts)', async () => {
    const notification = await fallbackNotify();
    await request(t.base, `/api/notifs/notifications/${notification.id}/read`, { method: 'POST', token: adaToken });
    await request(t.base, `/api/notifs/notifications/${notification.id}/unread`, { method: 'POST', token: adaToken });
    await drainWhenDue(notification.id);
    expect((await byChannel(notification.id)).email.status).toBe('sent');
    expect(mailsTo(ada.email)).toHaveLength(1);
  });

  test("unless: 'seen' is skipped once POST /seen-all marked it seen; unless: 'read' still goes when it was only seen", async () => {
    const ifUnseen = await fallbackNotify({}, { delay: 1, unless: 'seen' });
    const ifUnread = await fallbackNotify({}, { delay: 1, unless: 'read' });
    const seen = await request(t.base, '/api/notifs/notifications/seen-all', { method: 'POST', token: adaToken });
    expect(seen.status).toBe(200);

    await drainWhenDue(ifUnread.id);
    await drainWhenDue(ifUnseen.id);
    expect((await byChannel(ifUnseen.id)).email).toMatchObject({ status: 'skipped', lastError: SEEN_REASON });
    expect((await byChannel(ifUnread.id)).email.status).toBe('sent');
    expect(mailsTo(ada.email)).toHaveLength(1);
  });

  test('a per-channel delay alone delays it and sends it even if read; it counts on top of countdown', async () => {
    const notification = await fallbackNotify({ countdown: 1 }, { delay: 1 });
    await request(t.base, `/api/notifs/notifications/${notification.id}/read`, { method: 'POST', token: adaToken });
    let rows = await byChannel(notification.id);
    // Both are due after the countdown; the email a whole delay later (same base time).
    expect(new Date(rows.email.runAt).getTime() - new Date(rows.in_app.runAt).getTime()).toBe(1_000);
    expect(rows.email).toMatchObject({ status: 'queued', unless: null });

    await drain();
    expect((await byChannel(notification.id)).email.status).toBe('queued');
    await drainWhenDue(notification.id);
    rows = await byChannel(notification.id);
    expect(rows.in_app.status).toBe('sent');
    expect(rows.email.status).toBe('sent');
    expect(mailsTo(ada.email)).toHaveLength(1);
  });

  test('notifyMany: one query reads the whole claimed batch’s notifications; the read ones are skipped, the others mailed', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser(t.app.strapi)));
    const { ids } = await notify().notifyMany(
      users.map((user) => user.id),
      { shortDescription: 'Weekly digest', channels: [{ name: 'email', delay: 1, unless: 'read' }] }
    );
    for (const [i, user] of users.entries()) {
      if (i % 2 === 0) await service(t.app.strapi, 'read').read({ notifyId: ids[i], recipient: user.id });
    }
    const latest = Math.max(
      ...(await deliveryRows(t.app.strapi, { notification: { id: { $in: ids } } })).map((row) => new Date(row.runAt).getTime())
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, latest - Date.now()) + 100));

    const lookups: string[] = [];
    const onQuery = (query: { sql: string }) => {
      if (/^select/i.test(query.sql) && query.sql.includes('notifs_notifications')) lookups.push(query.sql);
    };
    t.app.strapi.db.connection.on('query', onQuery);
    try {
      await drain();
    } finally {
      t.app.strapi.db.connection.off('query', onQuery);
    }
    expect(lookups).toHaveLength(1);

    const rows = await deliveryRows(t.app.strapi, { notification: { id: { $in: ids } } });
    const statusOf = (id: number) => rows.find((row) => row.notification?.id === id)?.status;
    expect(ids.map(statusOf)).toEqual(['skipped', 'sent', 'skipped', 'sent', 'skipped', 'sent']);
    expect(smtp.received.flatMap((mail) => mail.recipients).sort()).toEqual([users[1].email, users[3].email, users[5].email].sort());
  });
});

describe('the README example', () => {
  test('in-app at once, the email 900 s later; read before it is due, the email is skipped', async () => {
    const notification = await runExample<{ id: number; channels: string[] }>(
      readmeExample('fallback-channels'),
      { strapi: t.app.strapi, user: ada },
      'notification'
    );
    expect(notification.channels).toEqual(['in_app', 'email']);
    await drain();
    let rows = await byChannel(notification.id);
    expect(rows.in_app.status).toBe('sent');
    expect(rows.email).toMatchObject({ status: 'queued', unless: 'read' });
    expect(new Date(rows.email.runAt).getTime() - new Date(rows.in_app.runAt).getTime()).toBe(900_000);

    await request(t.base, `/api/notifs/notifications/${notification.id}/read`, { method: 'POST', token: adaToken });
    // Fifteen minutes pass.
    await t.app.strapi.db
      .query('plugin::notifs.delivery')
      .update({ where: { id: rows.email.id }, data: { runAt: new Date(Date.now() - 1_000) } });
    await drain();
    rows = await byChannel(notification.id);
    expect(rows.email).toMatchObject({ status: 'skipped', lastError: READ_REASON });
    expect(mailsTo(ada.email)).toHaveLength(0);
  });
});

describe('bad fallback entries', () => {
  /** The ValidationError notify() throws, with its message and the paths it names. */
  const refusal = async (call: () => Promise<unknown>) => {
    const error = (await call().then(
      () => null,
      (thrown: unknown) => thrown
    )) as { name: string; message: string; details?: { errors?: { path: string[] }[] } } | null;
    expect(error).not.toBeNull();
    return { name: error!.name, message: error!.message, paths: (error!.details?.errors ?? []).map((issue) => issue.path.join('.')) };
  };

  test('notify() and notifyMany() name the entry’s path, and store nothing', async () => {
    const before = await countNotifications(t.app.strapi);
    const cases: [unknown, string, RegExp][] = [
      [{ name: 'email', delay: -1 }, 'channels.1.delay', /"channels\.1\.delay" Too small/],
      [{ name: 'email', unless: 'clicked' }, 'channels.1.unless', /"channels\.1\.unless" Invalid option: expected one of "read"\|"seen"/],
      [{ name: 'email', delay: 1, after: 2 }, 'channels.1.after', /"channels\.1\.after" is not a known key/],
      [{ delay: 1 }, 'channels.1.name', /"channels\.1\.name"/],
      [42, 'channels.1', /"channels\.1" must be a channel name, or \{ name, delay\?, unless\? \}/],
    ];
    for (const [entry, path, message] of cases) {
      const one = await refusal(() => notify().notify({ recipient: ada.id, channels: ['in_app', entry as never] }));
      expect(one).toMatchObject({ name: 'ValidationError', paths: [path] });
      expect(one.message).toMatch(message);
      const many = await refusal(() => notify().notifyMany([ada.id], { channels: ['in_app', entry as never] }));
      expect(many.paths).toEqual([path]);
    }
    const unknown = await refusal(() => notify().notify({ recipient: ada.id, channels: ['in_app', { name: 'smss', delay: 5 }] }));
    expect(unknown).toMatchObject({ name: 'InvalidChannelError', paths: ['channels.1.name'] });
    expect(unknown.message).toMatch(/^"channels\.1\.name" Unknown channel "smss": registered channels are /);
    expect(await countNotifications(t.app.strapi)).toBe(before);
  });

  test('unless needs a stored notification with a recipient: refused for silent ones and without a recipient, saying why', async () => {
    const before = await countNotifications(t.app.strapi);
    const silent = await refusal(() => notify().notify({ recipient: ada.id, silent: true, channels: [{ name: 'email', unless: 'read' }] }));
    expect(silent.paths).toEqual(['channels.0.unless']);
    expect(silent.message).toMatch(
      /cannot be used with silent: true: a silent notification is not stored, so it can never be read or seen/
    );
    const nobody = await refusal(() => notify().notify({ channels: ['console', { name: 'console', delay: 1, unless: 'seen' }] }));
    expect(nobody.paths).toEqual(['channels.1.unless']);
    expect(nobody.message).toMatch(/needs a recipient: only a recipient reads or sees a notification/);
    expect(await countNotifications(t.app.strapi)).toBe(before);
    // A delay alone needs neither: a silent notification's delivery is simply due later.
    await notify().notify({ recipient: ada.id, silent: true, channels: [{ name: 'console', delay: 1 }] });
  });

  test('through the admin compose route they are 400s naming the entry; a good fallback entry is taken', async () => {
    const post = (channels: unknown[]) =>
      t.superAdmin.post<{ status: string; id: string }>('/compose', { users: [ada.id], channels, shortDescription: 'From the admin' });
    const cases: [unknown, RegExp][] = [
      [{ name: 'email', delay: -1 }, /"channels\.0\.delay" Too small/],
      [{ name: 'email', unless: 'clicked' }, /"channels\.0\.unless" Invalid option/],
      [{ name: 'smss', delay: 60 }, /"channels\.0\.name" Unknown channel "smss"/],
    ];
    for (const [entry, message] of cases) {
      const response = await post([entry]);
      expect(response.status).toBe(400);
      expect((response.body as unknown as { error: { message: string } }).error.message).toMatch(message);
    }

    const started = await post(['in_app', { name: 'email', delay: 1, unless: 'read' }]);
    expect(started.status).toBe(202);
    await service(t.app.strapi, 'compose').settled();
    const [composed] = (await t.app.strapi.db
      .query('plugin::notifs.notification')
      .findMany({ where: { shortDescription: 'From the admin' } })) as {
      id: number;
      channels: string[];
    }[];
    expect(composed.channels).toEqual(['in_app', 'email']);
    expect((await byChannel(composed.id)).email).toMatchObject({ status: 'queued', unless: 'read' });
  });
});
