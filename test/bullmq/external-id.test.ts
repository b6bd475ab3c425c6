import { createUser } from '../helpers/users';
import { service } from '../helpers/services';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { deliveryRows, waitFor } from '../helpers/deliveries';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';
import { startFakeSlack, type FakeSlack } from '../helpers/slack-server';
import { describeWithRedis, REDIS_URL, removeQueue, uniqueQueueName } from './redis';

const SLACK_TOKEN = 'xoxb-external-id-bullmq-1f2e3d';

/** The bullmq backend writes the far side's id on the row as the database backend does. */
describeWithRedis('externalId on the bullmq backend', () => {
  const queueName = uniqueQueueName('external-id');
  let smtp: FakeSmtp;
  let slack: FakeSlack;
  let app: TestApp;
  let user: { id: number; email: string };

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    slack = await startFakeSlack(SLACK_TOKEN);
    app = await bootStrapi({
      config: {
        backend: 'bullmq',
        bullmq: { connection: REDIS_URL, queueName },
        providers: {
          email: emailProviderFor(smtp),
          slack: { token: SLACK_TOKEN, slackApiUrl: slack.apiUrl },
        },
      },
    });
    user = await createUser(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
    await removeQueue(queueName);
    await smtp?.close();
    await slack?.close();
  });

  test('email keeps the Message-ID the SMTP server received, Slack channel/ts, console none', async () => {
    const notification = await service(app.strapi, 'notify').notify({
      recipient: user.id,
      shortDescription: 'Ada bought your book',
      channels: ['email', 'slack', 'console'],
      extraData: { context: { to: user.email, channel: 'C_OK' } },
    });
    const rows = () => deliveryRows(app.strapi, { notification: { id: notification.id } });
    await waitFor(async () => (await rows()).every((row) => row.status === 'sent'), 10_000, 'the three deliveries to be sent');
    const byChannel = Object.fromEntries((await rows()).map((row) => [row.channel, row]));
    const mail = smtp.received.find(({ recipients }) => recipients.includes(user.email))?.mail;
    expect(mail?.messageId).toMatch(/^<.+@.+>$/);
    expect(byChannel.email.externalId).toBe(mail?.messageId);
    expect(byChannel.slack.externalId).toBe(`C_OK/${slack.timestamps.at(-1)}`);
    expect(byChannel.console.externalId).toBeNull();
  });
});
