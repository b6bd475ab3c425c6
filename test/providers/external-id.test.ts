import { BaseNotificationChannel } from 'strapi-plugin-notifs';
import { createUser } from '../helpers/users';
import { service } from '../helpers/services';
import { deliveryRows } from '../helpers/deliveries';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';
import { startFakeSlack, type FakeSlack } from '../helpers/slack-server';
import { bootAdminApp, MANUAL_QUEUE, type AdminTestApp } from '../admin/setup';

const SLACK_TOKEN = 'xoxb-external-id-4a5b6c';

/** Three messages in one bulk: the second is refused by the SMTP server (550), so it has no id. */
class DigestChannel extends BaseNotificationChannel {
  static channelName = 'digest';
  providers = ['email'];
  buildPayload() {
    return ['ann@example.test', 'nobody@example.test', 'bob@example.test'].map((to) => ({ to, subject: 'Your digest', text: 'News' }));
  }
}

let smtp: FakeSmtp;
let slack: FakeSlack;
let t: AdminTestApp;
let user: { id: number; email: string };

beforeAll(async () => {
  smtp = await startFakeSmtp();
  slack = await startFakeSlack(SLACK_TOKEN);
  t = await bootAdminApp({
    ...MANUAL_QUEUE,
    queue: { ...MANUAL_QUEUE.queue, maxAttempts: 1 },
    channels: [DigestChannel],
    providers: {
      email: emailProviderFor(smtp),
      slack: { token: SLACK_TOKEN, slackApiUrl: slack.apiUrl },
    },
  });
  user = await createUser(t.app.strapi);
});
afterAll(async () => {
  await t?.app.stop();
  await smtp?.close();
  await slack?.close();
});

const notify = (channels: string[], context: Record<string, unknown> = {}) =>
  service(t.app.strapi, 'notify').notify({
    recipient: user.id,
    shortDescription: 'Ada bought your book',
    channels,
    extraData: { context },
  });

describe('externalId: the far side’s message id on the delivery (database backend)', () => {
  test('email stores the Message-ID the SMTP server received; Slack stores channel/ts; console has none', async () => {
    const notification = await notify(['email', 'slack', 'console'], { to: user.email, channel: 'C_OK' });
    await service(t.app.strapi, 'queue').drain();
    const rows = await deliveryRows(t.app.strapi, { notification: { id: notification.id } });
    const byChannel = Object.fromEntries(rows.map((row) => [row.channel, row]));
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);

    const mail = smtp.received.find(({ recipients }) => recipients.includes(user.email))?.mail;
    expect(mail?.messageId).toMatch(/^<.+@.+>$/);
    expect(byChannel.email.externalId).toBe(mail?.messageId);
    expect(byChannel.slack.externalId).toBe(`C_OK/${slack.timestamps.at(-1)}`);
    expect(byChannel.console.externalId).toBeNull();
  });

  test('a bulk: each sent message keeps its own id, the refused one none', async () => {
    const notification = await notify(['digest'], { bulk: true });
    await service(t.app.strapi, 'queue').drain();
    const rows = await deliveryRows(t.app.strapi, { notification: { id: notification.id } });
    expect(rows.map((row) => row.status)).toEqual(['sent', 'dead', 'sent']);
    const idOf = (to: string) => smtp.received.find(({ recipients }) => recipients.includes(to))?.mail.messageId;
    expect(rows.map((row) => row.externalId)).toEqual([idOf('ann@example.test'), null, idOf('bob@example.test')]);
    expect(rows[0].externalId).not.toBe(rows[2].externalId);
  });

  test('the admin API shows it in the delivery list and the notification’s detail', async () => {
    const notification = await notify(['slack'], { channel: 'C_OK' });
    await service(t.app.strapi, 'queue').drain();
    const expected = `C_OK/${slack.timestamps.at(-1)}`;
    const list = await t.superAdmin.get<{ notificationId: number; externalId: string | null }[]>('/deliveries?status=sent&pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.data.find((delivery) => delivery.notificationId === notification.id)).toMatchObject({ externalId: expected });
    const detail = await t.superAdmin.get<{ deliveries: { externalId: string | null }[] }>(`/notifications/${notification.id}`);
    expect(detail.body.data.deliveries).toEqual([expect.objectContaining({ externalId: expected })]);
  });
});
