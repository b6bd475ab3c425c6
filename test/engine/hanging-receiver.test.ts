import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { deliveryRows, waitFor } from '../helpers/deliveries';
import { startCountingReceiver, type CountingReceiver } from '../helpers/counting-receiver';

/**
 * One receiver that never answers must not hold up deliveries to others: sends to one destination
 * take at most `queue.destinationConcurrency` of the `queue.concurrency` slots, and the queue's
 * deadline (`queue.sendTimeoutMs`) ends a send that hangs.
 */
let app: TestApp;
let hanging: CountingReceiver;
let healthy: CountingReceiver;

beforeAll(async () => {
  hanging = await startCountingReceiver();
  healthy = await startCountingReceiver();
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '*/1 * * * * *', concurrency: 10, maxAttempts: 2, backoff: { baseMs: 60_000, maxMs: 60_000 }, sendTimeoutMs: 4_000 },
      // The provider's own timeout is long: only the queue's deadline can end these sends.
      providers: { webhook: { url: `${hanging.url}/hang`, timeoutMs: 120_000 } },
    },
  });
});

afterAll(async () => {
  await hanging.close();
  await app?.stop();
  await healthy.close();
});

test('12 sends to a receiver that never answers leave the other deliveries free to go', async () => {
  const users = await Promise.all(Array.from({ length: 12 }, () => createUser(app.strapi)));
  const notify = service(app.strapi, 'notify');
  // First in the queue: the ones that hang.
  await notify.notifyMany(users.map((user) => user.id), { channels: ['webhook'], shortDescription: 'into the void' });
  await notify.notifyMany(users.map((user) => user.id), {
    channels: ['webhook'],
    shortDescription: 'elsewhere',
    extraData: { context: { url: `${healthy.url}/ok` } },
  });

  // Everything to the healthy receiver arrives while the others still hang.
  await waitFor(() => healthy.posts.length === 12, 10_000, 'the deliveries to the healthy receiver');
  expect(hanging.hanging()).toBeGreaterThan(0);
  expect(hanging.hanging()).toBeLessThanOrEqual(5); // half of the 10 slots at most

  // The deadline ends the hanging sends: they fail (retryable), and are not stuck `sending`.
  await waitFor(async () => (await deliveryRows(app.strapi)).filter((row) => row.status === 'failed').length === 12, 30_000, 'the hanging sends to time out');
  const rows = await deliveryRows(app.strapi);
  const failed = rows.filter((row) => row.status === 'failed');
  expect(failed.every((row) => /queue.sendTimeoutMs/.test(row.lastError ?? ''))).toBe(true);
  expect(rows.filter((row) => row.status === 'sent')).toHaveLength(12);
  expect(healthy.countsById().size).toBe(12);
}, 60_000);
