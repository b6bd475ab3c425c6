import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { bootStrapi, databaseKind, queryDatabase, removeTestDir } from '../helpers/strapi';
import { service } from '../helpers/services';
import { waitFor } from '../helpers/deliveries';
import { announceSkip, redisAvailable, REDIS_URL, removeQueue, uniqueQueueName } from './redis';
import { readRecords, spawnWorker, type WorkerChild } from './children';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the benchmarks' plain-JS helper
const { createUsers } = require('../../bench/lib') as { createUsers(strapi: unknown, count: number, prefix?: string): Promise<number[]> };

const DELIVERIES = 5_000;
const WORKERS = 2;

/**
 * Scale-out on a shared PostgreSQL: live worker processes (bin/notifs-worker.js's runWorker) send
 * 5,000 deliveries, each exactly once. Runs only with NOTIFS_TEST_DB=postgres://… (several
 * processes writing one SQLite file proves little), and the bullmq case only when Redis answers.
 */
const cases: { backend: 'bullmq' | 'database'; why?: string }[] = [
  { backend: 'bullmq', why: databaseKind() !== 'postgres' ? 'NOTIFS_TEST_DB is not a postgres:// URL' : redisAvailable ? undefined : `no Redis at ${REDIS_URL}` },
  { backend: 'database', why: databaseKind() !== 'postgres' ? 'NOTIFS_TEST_DB is not a postgres:// URL' : undefined },
];

for (const { backend, why } of cases) {
  if (why) announceSkip(`scale-out test of the ${backend} backend: ${why}`);
  (why ? describe.skip : describe)(`scale-out, ${backend} backend`, () => {
    const queueName = uniqueQueueName('scale');
    const workerConfig: PluginConfigInput =
      backend === 'bullmq'
        ? { backend, bullmq: { connection: REDIS_URL, queueName }, queue: { concurrency: 10 } }
        : { backend, queue: { pollRule: '*/1 * * * * *', batchSize: 100, concurrency: 10 } };
    const producerConfig: PluginConfigInput =
      backend === 'bullmq'
        ? { backend, bullmq: { connection: REDIS_URL, queueName, worker: false } }
        : { backend, queue: { pollRule: '0 0 0 1 1 *' } };

    afterAll(async () => {
      if (backend === 'bullmq') await removeQueue(queueName);
    });

    test(`${WORKERS} live worker processes sharing PostgreSQL send ${DELIVERIES} deliveries, each exactly once`, async () => {
      const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-scale-'));
      const recordFile = path.join(tmpDir, 'records.jsonl');
      const producer = await bootStrapi({ tmpDir, config: producerConfig });
      const workers: WorkerChild[] = [];
      try {
        const recipients = await createUsers(producer.strapi, DELIVERIES, 'scale');
        for (let i = 0; i < WORKERS; i += 1) workers.push(spawnWorker({ tmpDir, recordFile, config: workerConfig }));
        await Promise.all(workers.map((worker) => worker.ready));

        const started = Date.now();
        const { ids } = await service(producer.strapi, 'notify').notifyMany(recipients, {
          channels: ['probe'],
          // 5 ms a send: long enough that one process alone cannot take everything before the other looks.
          extraData: { context: { payload: { key: 'scale', delayMs: 5 } } },
        });
        expect(ids).toHaveLength(DELIVERIES);
        await waitFor(() => readRecords(recordFile).length >= DELIVERIES, 120_000, `the workers to send ${DELIVERIES} deliveries`);
        const seconds = (Date.now() - started) / 1000;
        await new Promise((resolve) => setTimeout(resolve, 2_000)); // a late duplicate would show here

        const records = readRecords(recordFile);
        const sent = records.map((record) => record.payloads[0].notificationId);
        const byPid = new Map<number, number>();
        records.forEach((record) => byPid.set(record.pid, (byPid.get(record.pid) ?? 0) + 1));
        console.log(`${backend} scale-out: ${sent.length} sends in ${seconds.toFixed(1)} s (${[...byPid.values()].join(' + ')} by pid), ${sent.length - new Set(sent).size} duplicate(s)`);
        expect(sent).toHaveLength(DELIVERIES);
        expect(new Set(sent)).toEqual(new Set(ids));
        expect(byPid.size).toBe(WORKERS); // every process took part, or this proves nothing
        const statuses = await queryDatabase(tmpDir, 'select status, count(*) as n from notifs_deliveries group by status');
        expect(statuses.map((row) => [row.status, Number(row.n)])).toEqual([['sent', DELIVERIES]]);
      } finally {
        workers.forEach((worker) => worker.child.kill('SIGTERM'));
        await Promise.all(workers.map((worker) => worker.exited));
        await producer.stop();
        await removeTestDir(tmpDir);
      }
    }, 240_000);
  });
}
