/**
 * Throttle end to end on the database backend: beyond `limit` notifications per recipient and key in
 * the window, notifications are still stored but their deliveries are `skipped` with the reason; the
 * ones let through are sent (to the test app's recording provider).
 */
import { bootStrapi, databaseKind, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { deliveryRows } from '../helpers/deliveries';
import { clearRecorded, recorded } from '../helpers/recording';
import { readmeExample, runExample } from '../helpers/readme-example';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';

let app: TestApp;
let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp();
  const email = emailProviderFor(smtp);
  app = await bootStrapi({ config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *' }, providers: { email } } });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});
beforeEach(() => clearRecorded());

const drain = () => service(app.strapi, 'queue').drain();
const input = (recipient: number, n: number, throttle = { key: 'comments', limit: 3, window: 60 }) => ({
  recipient,
  shortDescription: `Comment ${n}`,
  channels: ['probe'],
  extraData: { context: { payload: { n } } },
  throttle,
});
const statuses = async (ids: number[]) =>
  (await deliveryRows(app.strapi, { notification: { id: { $in: ids } } })).map((row) => ({ status: row.status, lastError: row.lastError }));
const notificationCount = () => app.strapi.db.query('plugin::notifs.notification').count({});

describe(`throttle on ${databaseKind()}`, () => {
  test('10 calls one after another, limit 3: all 10 stored, 3 sent, 7 skipped with the reason', async () => {
    const ada = await createUser(app.strapi, `ada-throttle-${Date.now()}`);
    const ids: number[] = [];
    for (let n = 1; n <= 10; n += 1) ids.push((await service(app.strapi, 'notify').notify(input(ada.id, n))).id);
    await drain();
    const rows = await statuses(ids);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(3);
    const skipped = rows.filter((row) => row.status === 'skipped');
    expect(skipped).toHaveLength(7);
    expect(skipped[0].lastError).toBe('throttled: more than 3 notifications with key "comments" for this recipient within 60 s');
    expect(recorded().map((call) => call.payloads[0].n)).toEqual([1, 2, 3]);
    expect(await app.strapi.db.query('plugin::notifs.notification').count({ where: { id: { $in: ids } } })).toBe(10);
  });

  test('10 calls at once, limit 3: exactly 3 go', async () => {
    const bob = await createUser(app.strapi, `bob-throttle-${Date.now()}`);
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => service(app.strapi, 'notify').notify(input(bob.id, i + 1))));
    await drain();
    const rows = await statuses(made.map((one) => one.id));
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(3);
    expect(rows.filter((row) => row.status === 'skipped')).toHaveLength(7);
    expect(recorded()).toHaveLength(3);
  });

  test('10 calls at once, each with its own idempotency key, limit 3: exactly 3 go', async () => {
    // The key's lookup reads before the throttle counts: the count must still see what the calls
    // before it committed (on MySQL, a plain read would see the transaction's first snapshot).
    const kit = await createUser(app.strapi, `kit-throttle-${Date.now()}`);
    const made = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        service(app.strapi, 'notify').notify({ ...input(kit.id, i + 1), idempotencyKey: `kit-${kit.id}-${i}` })
      )
    );
    await drain();
    const rows = await statuses(made.map((one) => one.id));
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(3);
    expect(rows.filter((row) => row.status === 'skipped')).toHaveLength(7);
  });

  test('10 calls at once, each in an app transaction that read first, limit 3: exactly 3 go', async () => {
    const lee = await createUser(app.strapi, `lee-throttle-${Date.now()}`);
    const made = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.strapi.db.transaction(async () => {
          await notificationCount();
          return service(app.strapi, 'notify').notify(input(lee.id, i + 1));
        })
      )
    );
    await drain();
    const rows = await statuses(made.map((one) => one.id));
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(3);
    expect(rows.filter((row) => row.status === 'skipped')).toHaveLength(7);
  });

  test('the window slides: once it has passed, the next one goes', async () => {
    const cy = await createUser(app.strapi, `cy-throttle-${Date.now()}`);
    const short = { key: 'short', limit: 1, window: 2 };
    const first = await service(app.strapi, 'notify').notify(input(cy.id, 1, short));
    const second = await service(app.strapi, 'notify').notify(input(cy.id, 2, short));
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const third = await service(app.strapi, 'notify').notify(input(cy.id, 3, short));
    await drain();
    expect((await statuses([first.id, second.id, third.id])).map((row) => row.status)).toEqual(['sent', 'skipped', 'sent']);
  });

  test('keys and recipients are counted apart; notifyMany counts each recipient', async () => {
    const dee = await createUser(app.strapi, `dee-throttle-${Date.now()}`);
    const eve = await createUser(app.strapi, `eve-throttle-${Date.now()}`);
    const one = { key: 'apart', limit: 1, window: 60 };
    await service(app.strapi, 'notify').notify(input(dee.id, 1, one));
    await service(app.strapi, 'notify').notify(input(dee.id, 2, { ...one, key: 'apart-other' }));
    const many = await service(app.strapi, 'notify').notifyMany([dee.id, eve.id], {
      shortDescription: 'Both',
      channels: ['probe'],
      extraData: { context: { payload: { n: 3 } } },
      throttle: one,
    });
    await drain();
    const rows = await deliveryRows(app.strapi, { notification: { id: { $in: many.ids } } });
    const byRecipient = Object.fromEntries(
      await Promise.all(
        rows.map(async (row) => {
          const notification = (await app.strapi.db
            .query('plugin::notifs.notification')
            .findOne({ where: { id: row.notification?.id }, populate: { recipient: { select: ['id'] } } })) as {
            recipient: { id: number };
          };
          return [notification.recipient.id, row.status];
        })
      )
    );
    expect(byRecipient).toEqual({ [dee.id]: 'skipped', [eve.id]: 'sent' });
    expect(
      recorded()
        .map((call) => call.payloads[0].n)
        .sort()
    ).toEqual([1, 2, 3]);
  });

  test('a throttled notification is still listed in the recipient’s inbox', async () => {
    const fay = await createUser(app.strapi, `fay-throttle-${Date.now()}`);
    const once = { key: 'inbox', limit: 1, window: 60 };
    await service(app.strapi, 'notify').notify(input(fay.id, 1, once));
    await service(app.strapi, 'notify').notify(input(fay.id, 2, once));
    const list = await service(app.strapi, 'read').list({ recipient: fay.id });
    expect(list.results.map((one) => one.shortDescription).sort()).toEqual(['Comment 1', 'Comment 2']);
  });

  describe('bad input: a ValidationError naming "throttle", nothing stored', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['silent', { silent: true }, /"throttle" cannot be used with silent/],
      ['no recipient', { recipient: undefined }, /"throttle" needs a recipient/],
      ['limit 0', { throttle: { key: 'k', limit: 0, window: 60 } }, /"throttle.limit" must be at least 1/],
      ['limit not whole', { throttle: { key: 'k', limit: 1.5, window: 60 } }, /"throttle.limit" must be a whole number/],
      ['limit too big', { throttle: { key: 'k', limit: 10_001, window: 60 } }, /"throttle.limit" must be at most 10000/],
      ['window 0', { throttle: { key: 'k', limit: 1, window: 0 } }, /"throttle.window" must be at least 1/],
      ['window too long', { throttle: { key: 'k', limit: 1, window: 40 * 24 * 3600 } }, /"throttle.window" must be at most/],
      ['empty key', { throttle: { key: '', limit: 1, window: 60 } }, /"throttle.key" must not be empty/],
      ['key with NUL', { throttle: { key: 'a\u0000b', limit: 1, window: 60 } }, /"throttle.key" contains a NUL/],
      ['unknown property', { throttle: { key: 'k', limit: 1, window: 60, burst: 2 } }, /"throttle.burst" is not a known key/],
      ['a string', { throttle: '3/min' }, /"throttle"/],
    ];
    test.each(cases)('%s', async (_name, change, message) => {
      const gil = await createUser(app.strapi, `gil-${Date.now()}-${Math.random()}`);
      const before = await notificationCount();
      const given = { ...input(gil.id, 1), ...change };
      await expect(service(app.strapi, 'notify').notify(given as never)).rejects.toMatchObject({
        name: 'ValidationError',
        message: expect.stringMatching(message),
      });
      expect(await notificationCount()).toBe(before);
    });
  });
});

test('the README example: the fourth price alert in an hour is stored, its deliveries skipped', async () => {
  const user = await createUser(app.strapi, `readme-throttle-${Date.now()}`);
  const code = readmeExample('throttle');
  const alerts: { id: number }[] = [];
  for (let i = 0; i < 4; i += 1) alerts.push(await runExample<{ id: number }>(code, { strapi: app.strapi, user }, 'alert'));
  const last = await deliveryRows(app.strapi, { notification: { id: alerts[3].id } });
  expect(last.map((row) => row.status)).toEqual(['skipped', 'skipped']);
  expect(last[0].lastError).toMatch(/^throttled: more than 3 notifications with key "price-alerts"/);
  const third = await deliveryRows(app.strapi, { notification: { id: alerts[2].id } });
  expect(third.map((row) => row.status)).toEqual(['queued', 'queued']);
});
