/**
 * Quiet hours end to end: a recipient's `quietHours` preference puts off their deliveries on channels
 * that are not in-app until the window ends (by the database backend's run time), then they are sent
 * to a real SMTP server; in-app deliveries and required categories go at once. The daylight-saving
 * arithmetic is proven instant by instant in server/src/domain/quiet-hours.test.ts; here the window is
 * set around the real clock, in a zone with daylight saving.
 */
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { deliveryRows, type DeliveryRecord } from '../helpers/deliveries';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';

let app: TestApp;
let smtp: FakeSmtp;
const ZONE = 'America/New_York';

beforeAll(async () => {
  smtp = await startFakeSmtp();
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '0 0 0 1 1 *' },
      providers: {
        email: emailProviderFor(smtp),
      },
      preferences: { required: ['security'] },
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

/** The wall-clock hour in ZONE now, and the instant of the next top of the hour that is `ahead` hours from now there. */
const zoneHour = (at: Date): number =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: 'numeric', hourCycle: 'h23' }).format(at));
const pad = (hour: number) => `${String(((hour % 24) + 24) % 24).padStart(2, '0')}:00`;

/** Quiet from an hour ago to two hours from now (by ZONE's clock): we are inside. */
const quietAroundNow = () => {
  const hour = zoneHour(new Date());
  return { start: pad(hour - 1), end: pad(hour + 2), timeZone: ZONE };
};

/**
 * When that window ends, found without the code under test: the first instant from now, minute by
 * minute, at which ZONE's clock reads the end hour.
 */
const expectedEnd = (endHour: number): Date => {
  const at = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  while (zoneHour(at) !== endHour % 24) at.setTime(at.getTime() + 60_000);
  return at;
};

const drain = () => service(app.strapi, 'queue').drain();
const byChannel = async (notificationId: number): Promise<Record<string, DeliveryRecord>> =>
  Object.fromEntries((await deliveryRows(app.strapi, { notification: { id: notificationId } })).map((row) => [row.channel, row]));
const timePasses = (id: number) =>
  app.strapi.db.query('plugin::notifs.delivery').update({ where: { id }, data: { runAt: new Date(Date.now() - 1_000) } });

test('inside quiet hours: the email waits until they end, in-app goes at once; then the email is sent', async () => {
  const ada = await createUser(app.strapi, `ada-quiet-${Date.now()}`);
  const quietHours = quietAroundNow();
  await service(app.strapi, 'preferences').set({ recipient: ada.id, preferences: { quietHours } });
  const notification = await service(app.strapi, 'notify').notify({
    recipient: ada.id,
    category: 'comment',
    shortDescription: 'A late comment',
    channels: ['email', 'in_app'],
  });
  const rows = await byChannel(notification.id);
  expect(new Date(rows.email.runAt).toISOString()).toBe(expectedEnd(Number(quietHours.end.slice(0, 2))).toISOString());
  await drain();
  expect(smtp.received).toHaveLength(0);
  expect((await byChannel(notification.id)).in_app.status).toBe('sent');

  await timePasses(rows.email.id);
  await drain();
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].mail.subject).toBe('A late comment');
});

test('outside quiet hours, and for a required category, nothing waits', async () => {
  const bob = await createUser(app.strapi, `bob-quiet-${Date.now()}`);
  const hour = zoneHour(new Date());
  await service(app.strapi, 'preferences').set({
    recipient: bob.id,
    preferences: { quietHours: { start: pad(hour + 2), end: pad(hour + 4), timeZone: ZONE } },
  });
  await service(app.strapi, 'notify').notify({ recipient: bob.id, shortDescription: 'Daytime', channels: ['email'] });
  const cy = await createUser(app.strapi, `cy-quiet-${Date.now()}`);
  await service(app.strapi, 'preferences').set({ recipient: cy.id, preferences: { quietHours: quietAroundNow() } });
  await service(app.strapi, 'notify').notify({
    recipient: cy.id,
    category: 'security',
    shortDescription: 'New sign-in',
    channels: ['email'],
  });
  await drain();
  expect(smtp.received.map((mail) => mail.mail.subject).sort()).toEqual(['Daytime', 'New sign-in']);
});

test('a digest opened inside quiet hours is due when they end, if that is after its window', async () => {
  const dee = await createUser(app.strapi, `dee-quiet-${Date.now()}`);
  const quietHours = quietAroundNow();
  await service(app.strapi, 'preferences').set({ recipient: dee.id, preferences: { quietHours } });
  for (const n of [1, 2]) {
    await service(app.strapi, 'notify').notify({
      recipient: dee.id,
      shortDescription: `Comment ${n}`,
      channels: ['email'],
      digest: { key: 'quiet-digest', window: 60 },
    });
  }
  const digests = (await deliveryRows(app.strapi, { digestKey: 'quiet-digest', mergedInto: null })) as DeliveryRecord[];
  expect(digests).toHaveLength(1);
  expect(new Date(digests[0].runAt).toISOString()).toBe(expectedEnd(Number(quietHours.end.slice(0, 2))).toISOString());
});
