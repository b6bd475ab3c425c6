/**
 * Digests are durable: they survive a restart in the middle of their window, two instances writing at
 * once agree on one digest, and the bullmq backend sends a digest when its window ends in real time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { bootStrapi, databaseKind, removeTestDir, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { deliveryRows, waitFor, type DeliveryRecord } from '../helpers/deliveries';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';
import { describeOnServerDatabase, notifyBurstsInChildren } from '../helpers/burst';
import { describeWithRedis, REDIS_URL, removeQueue, uniqueQueueName } from '../bullmq/redis';

type DigestRecord = DeliveryRecord & { digestKey: string | null; mergedInto: number | null };

const NEVER = '0 0 0 1 1 *';
let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp();
});
afterAll(async () => {
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const emailConfig = () => emailProviderFor(smtp);
const digestsOf = async (strapi: Core.Strapi, key: string) =>
  (await deliveryRows(strapi, { digestKey: key, mergedInto: null })) as DigestRecord[];
const membersOf = async (strapi: Core.Strapi, id: number) => (await deliveryRows(strapi, { mergedInto: id })) as DigestRecord[];
const windowPasses = (strapi: Core.Strapi, key: string) =>
  strapi.db
    .query('plugin::notifs.delivery')
    .updateMany({ where: { digestKey: key, mergedInto: null, status: 'queued' }, data: { runAt: new Date(Date.now() - 1_000) } });
const comment = (recipient: number, n: number, key: string, window = 60) => ({
  recipient,
  shortDescription: `Comment ${n}`,
  channels: ['email', 'in_app'],
  digest: { key, window },
});

/** In the calling describe: a database of its own for each test (a temp dir), and boots of the test app on it. */
const oneDatabasePerTest = () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-digest-'));
  });
  afterEach(async () => {
    await removeTestDir(dir);
  });
  return {
    tmpDir: () => dir,
    boot: (poll = NEVER) =>
      bootStrapi({ tmpDir: dir, config: { backend: 'database', queue: { pollRule: poll }, providers: { email: emailConfig() } } }),
  };
};

describe(`a digest across a restart, on ${databaseKind()}`, () => {
  const { boot } = oneDatabasePerTest();

  test('a restart in the middle of the window loses nothing: one email with all ten', async () => {
    let app: TestApp = await boot();
    let ada: { id: number; email: string };
    try {
      ada = await createUser(app.strapi, 'ada');
      for (let n = 1; n <= 5; n += 1) await service(app.strapi, 'notify').notify(comment(ada.id, n, 'restart'));
    } finally {
      await app.stop();
    }
    // Booted again on the same database, sending every second.
    app = await boot('*/1 * * * * *');
    try {
      for (let n = 6; n <= 10; n += 1) await service(app.strapi, 'notify').notify(comment(ada.id, n, 'restart'));
      const [digest, ...others] = await digestsOf(app.strapi, 'restart');
      expect(others).toEqual([]);
      expect(await membersOf(app.strapi, digest.id)).toHaveLength(10);
      await windowPasses(app.strapi, 'restart');
      await waitFor(() => smtp.received.length > 0, 15_000, 'the digest email');
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a second one would come here
      expect(smtp.received).toHaveLength(1);
      for (let n = 1; n <= 10; n += 1) expect(smtp.received[0].mail.text).toContain(`Comment ${n}`);
    } finally {
      await app.stop();
    }
  });
});

describeOnServerDatabase(`a digest across instances, on ${databaseKind()}`, () => {
  const { boot, tmpDir } = oneDatabasePerTest();

  test('two instances notifying at the same moment make exactly one digest', async () => {
    let app: TestApp = await boot();
    let ada: { id: number; email: string };
    try {
      ada = await createUser(app.strapi, 'ada');
    } finally {
      await app.stop();
    }
    const config: PluginConfigInput = { backend: 'database', queue: { pollRule: NEVER }, providers: { email: emailConfig() } };
    const burst = (from: number) => Array.from({ length: 10 }, (_, i) => comment(ada.id, from + i, 'instances'));
    expect(await notifyBurstsInChildren(tmpDir(), config, [burst(1), burst(11)])).toEqual(['done 10', 'done 10']);

    app = await boot();
    try {
      const digests = await digestsOf(app.strapi, 'instances');
      expect(digests).toHaveLength(1);
      const members = await membersOf(app.strapi, digests[0].id);
      expect(members).toHaveLength(20);
      expect(members.every((member) => member.status === 'merged')).toBe(true);
      await windowPasses(app.strapi, 'instances');
      await service(app.strapi, 'queue').drain();
      expect(smtp.received).toHaveLength(1);
      for (let n = 1; n <= 20; n += 1) expect(smtp.received[0].mail.text).toMatch(new RegExp(`Comment ${n}\\b`));
    } finally {
      await app.stop();
    }
  }, 120_000);
});

describeWithRedis('a digest on the bullmq backend', () => {
  const queueName = uniqueQueueName('digest');
  let app: TestApp;
  beforeAll(async () => {
    app = await bootStrapi({
      config: {
        backend: 'bullmq',
        bullmq: { connection: REDIS_URL, queueName },
        queue: { concurrency: 4 },
        providers: { email: emailConfig() },
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await removeQueue(queueName);
  });

  test('the digest job waits for the window in Redis, then one email holds them all; in-app went at once', async () => {
    const ada = await createUser(app.strapi, 'ada-bull');
    const made: { id: number }[] = [];
    for (let n = 1; n <= 5; n += 1) made.push(await service(app.strapi, 'notify').notify(comment(ada.id, n, 'bull', 3)));
    const [digest] = await digestsOf(app.strapi, 'bull');
    expect(await membersOf(app.strapi, digest.id)).toHaveLength(5);
    await waitFor(
      async () =>
        (await deliveryRows(app.strapi, { channel: 'in_app', notification: { id: { $in: made.map((one) => one.id) } } })).every(
          (row) => row.status === 'sent'
        ),
      10_000,
      'the in-app deliveries'
    );
    expect(smtp.received).toHaveLength(0);
    await waitFor(() => smtp.received.length > 0, 20_000, 'the digest email');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.received).toHaveLength(1);
    for (let n = 1; n <= 5; n += 1) expect(smtp.received[0].mail.text).toContain(`Comment ${n}`);
    expect((await digestsOf(app.strapi, 'bull'))[0].status).toBe('sent');
  });
});
