import { BaseNotificationChannel } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows, waitFor } from '../helpers/deliveries';
import { describeWithRedis, REDIS_URL, removeQueue, uniqueQueueName } from './redis';

/**
 * Every path that writes deliveries goes through the outbox, so with the bullmq backend each adds
 * its jobs right after its commit: none waits for the relay (relayMs is ten minutes here).
 */
describeWithRedis('bullmq backend: every path adds its jobs after its commit', () => {
  const queueName = uniqueQueueName('outbox');
  let app: TestApp;
  let bob: { id: number };

  class DirectProbe extends BaseNotificationChannel {
    static channelName = 'direct_probe';
    providers = ['recording'];
    buildPayload() {
      return { key: (this.context as { key?: string }).key };
    }
  }

  beforeAll(async () => {
    app = await bootStrapi({
      config: { backend: 'bullmq', bullmq: { connection: REDIS_URL, queueName, relayMs: 600_000 }, queue: { backoff: { baseMs: 10, maxMs: 20 } } },
    });
    bob = await createUser(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
    await removeQueue(queueName);
  });
  beforeEach(() => clearRecorded());

  const sentKeys = () => recorded().flatMap((call) => call.payloads.map((payload) => payload.key));

  test('channel.notify() is sent at once, not at the next relay sweep', async () => {
    const stored = await service(app.strapi, 'notify').notify({ recipient: bob.id });
    await new DirectProbe(stored, { context: { key: 'direct' } }).notify();
    await waitFor(() => sentKeys().includes('direct'), 5_000, 'the channel.notify() delivery');
  });

  test('queue.retry() of a dead delivery is sent at once', async () => {
    const notification = await service(app.strapi, 'notify').notify({
      recipient: bob.id,
      channels: ['probe'],
      extraData: { context: { payload: { key: 'revive', fail: 'fatal' } } },
    });
    let row = (await deliveryRows(app.strapi, { notification: { id: notification.id } }))[0];
    await waitFor(async () => (row = (await deliveryRows(app.strapi, { notification: { id: notification.id } }))[0]).status === 'dead', 5_000, 'the delivery to be dead');
    await app.strapi.db.query('plugin::notifs.delivery').update({ where: { id: row.id }, data: { payload: { key: 'revived' } } });
    await service(app.strapi, 'queue').retry(row.id);
    await waitFor(() => sentKeys().includes('revived'), 5_000, 'the retried delivery');
  });
});
