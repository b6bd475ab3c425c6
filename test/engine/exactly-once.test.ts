import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { bootStrapi, databaseKind, queryDatabase, removeTestDir } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { waitFor } from '../helpers/deliveries';
import { startCountingReceiver, type CountingReceiver } from '../helpers/counting-receiver';
import { spawnAppChild, type AppChild } from './children';

/**
 * The claim protocol against counterparts as slow and hostile as real ones: two Strapi instances
 * sharing one database (PostgreSQL in CI), a receiver slower than the lease, a delivery that kills
 * its worker every time it is sent.
 */
const EVERY_SECOND = '*/1 * * * * *';
const NEVER = '0 0 0 1 1 *';
const freshDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-exactly-once-'));

const rowsOf = async (tmpDir: string) =>
  (await queryDatabase(tmpDir, 'select id, status, attempts, last_error from notifs_deliveries order by id')).map((row) => ({
    status: String(row.status),
    attempts: Number(row.attempts),
    lastError: row.last_error === null ? null : String(row.last_error),
  }));

describe(`claims on ${databaseKind()}`, () => {
  let receiver: CountingReceiver;
  let children: AppChild[] = [];

  beforeEach(async () => {
    receiver = await startCountingReceiver();
    children = [];
  });

  afterEach(async () => {
    children.forEach(({ child }) => child.kill('SIGKILL'));
    await Promise.all(children.map(({ exited }) => exited));
    await receiver.close();
  });

  test('two instances and a receiver slower than the lease: every delivery is posted exactly once', async () => {
    const tmpDir = freshDir();
    const DELIVERIES = 16;
    // Each POST takes 2.5 s; the lease is 1 s: without renewal every send would be taken up again.
    const providers = { webhook: { url: `${receiver.url}/slow/2500`, timeoutMs: 20_000 } };
    const queue = { pollRule: EVERY_SECOND, leaseMs: 1_000, batchSize: 10, concurrency: 4, destinationConcurrency: 4, sendTimeoutMs: 20_000 };
    try {
      const producer = await bootStrapi({ tmpDir, config: { backend: 'database', queue: { pollRule: NEVER }, providers } });
      try {
        const users = await Promise.all(Array.from({ length: DELIVERIES }, () => createUser(producer.strapi)));
        await service(producer.strapi, 'notify').notifyMany(users.map((user) => user.id), { channels: ['webhook'], shortDescription: 'slow' });
      } finally {
        await producer.stop();
      }
      const config: PluginConfigInput = { backend: 'database', queue, providers };
      children = [spawnAppChild(tmpDir, config), spawnAppChild(tmpDir, config)];
      await waitFor(async () => (await rowsOf(tmpDir)).every((row) => row.status === 'sent'), 90_000, 'every delivery to be sent');
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // a late repeat would arrive here

      const counts = receiver.countsById();
      expect(counts.size).toBe(DELIVERIES);
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
      expect(receiver.posts).toHaveLength(DELIVERIES);
      expect((await rowsOf(tmpDir)).map((row) => row.attempts)).toEqual(Array(DELIVERIES).fill(1));
    } finally {
      await removeTestDir(tmpDir);
    }
  }, 150_000);

  test('a delivery that kills its worker every time ends dead after maxAttempts, the others sent', async () => {
    const tmpDir = freshDir();
    const recordFile = path.join(tmpDir, 'records.jsonl');
    try {
      const producer = await bootStrapi({ tmpDir, config: { backend: 'database', queue: { pollRule: NEVER } } });
      try {
        const bob = await createUser(producer.strapi);
        const notify = service(producer.strapi, 'notify');
        await notify.notify({ recipient: bob.id, channels: ['probe'], extraData: { context: { payload: { key: 'poison', crash: true } } } });
      } finally {
        await producer.stop();
      }
      const config: PluginConfigInput = { backend: 'database', queue: { pollRule: EVERY_SECOND, leaseMs: 1_000, maxAttempts: 2 } };
      // Each worker that takes the poison dies of it; the next one finds the lease run out.
      for (let crash = 1; crash <= 2; crash += 1) {
        const worker = spawnAppChild(tmpDir, config, { NOTIFS_RECORD_FILE: recordFile });
        children.push(worker);
        expect(await worker.exited).toBe(70);
        expect(await rowsOf(tmpDir)).toEqual([{ status: 'sending', attempts: crash, lastError: null }]);
      }
      const survivor = spawnAppChild(tmpDir, config, { NOTIFS_RECORD_FILE: recordFile });
      children.push(survivor);
      await waitFor(async () => (await rowsOf(tmpDir))[0].status === 'dead', 30_000, 'the poison delivery to be dead');
      const [row] = await rowsOf(tmpDir);
      expect(row).toMatchObject({ status: 'dead', attempts: 2 });
      expect(row.lastError).toMatch(/worker stopped answering during the last of 2 attempts/);
      expect(fs.existsSync(recordFile)).toBe(false); // it was never sent
    } finally {
      await removeTestDir(tmpDir);
    }
  }, 150_000);
});
