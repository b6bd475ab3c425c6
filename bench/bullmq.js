#!/usr/bin/env node
'use strict';
/**
 * Drain rate on PostgreSQL of the bullmq backend and of the database backend, with one and with
 * two worker processes (bin/notifs-worker.js's runWorker on the test app, recording provider, no
 * I/O per send), against a bare BullMQ worker with a no-op processor in this same run (the ceiling).
 * Rate = deliveries after the first / (last sentAt − first sentAt), so boot and enqueue time are
 * left out; the ceiling is timed the same way (first to last completion). Also the same no-op worker
 * in a process that booted the test app (bench/bare-in-strapi-child.js): what a Strapi process costs
 * BullMQ before the plugin does anything.
 * By default the workers start before notifyMany, so they drain while the jobs are being added;
 * `--prefilled` starts them once every job is in Redis, as the bare worker's queue is.
 *   NOTIFS_TEST_DB=postgres://postgres@127.0.0.1:5432 node bench/bullmq.js [--n 5000] [--concurrency 10] [--prefilled]
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

process.env.NOTIFS_TEST_DB = process.env.NOTIFS_TEST_DB || 'postgres://postgres@127.0.0.1:5432';
const { Queue, Worker } = require('bullmq');
const { bootApp } = require('../test/helpers/boot-app');
const { dropDatabase, queryDatabase, kind } = require('../test/helpers/test-db');
const { createUsers } = require('./lib');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const n = option('--n', 5_000);
const concurrency = option('--concurrency', 10);
const prefilled = args.includes('--prefilled');
const connection = { host: '127.0.0.1', port: 6379 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A queue named `name` holding n no-op jobs. */
const fillBareQueue = async (name) => {
  const queue = new Queue(name, { connection });
  for (let i = 0; i < n; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  }
  return queue;
};

/** BullMQ alone: n no-op jobs through one Worker of the same concurrency. */
const bareBullmq = async () => {
  const name = `notifs-bench-bare-${process.pid}`;
  const queue = await fillBareQueue(name);
  let done = 0;
  let first = 0;
  let last = 0;
  const worker = new Worker(name, async () => undefined, { connection, concurrency });
  worker.on('completed', () => {
    done += 1;
    last = Date.now();
    if (done === 1) first = last;
  });
  while (done < n) await sleep(20);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return (n - 1) / ((last - first) / 1000);
};

/** The same no-op worker in a fresh process that booted the test app first. */
const bareInStrapi = async () => {
  const name = `notifs-bench-bare-strapi-${process.pid}`;
  const queue = await fillBareQueue(name);
  try {
    const output = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(__dirname, 'bare-in-strapi-child.js')], {
        env: { ...process.env, NOTIFS_BENCH_QUEUE: name, NOTIFS_BENCH_N: String(n), NOTIFS_BENCH_CONCURRENCY: String(concurrency) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bare-in-strapi-child exited with ${code}`))));
    });
    return Number(/rate ([\d.]+)/.exec(output)[1]);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
  }
};

const startWorker = (tmpDir, config) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '../test/bullmq/worker-child.js')], {
      env: { ...process.env, NOTIFS_CHILD_TMP: tmpDir, NOTIFS_RECORD_FILE: '', NOTIFS_CHILD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });

/** Drain rate of `backend` with `instances` worker processes on one PostgreSQL database. */
const backendRate = async (backend, instances) => {
  const queueName = `notifs-bench-${backend}-${instances}-${process.pid}`;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-bench-'));
  const producerConfig =
    backend === 'bullmq' ? { backend, bullmq: { queueName, worker: false } } : { backend, queue: { pollRule: '0 0 0 1 1 *' } };
  const workerConfig =
    backend === 'bullmq'
      ? { backend, bullmq: { queueName }, queue: { concurrency } }
      : { backend, queue: { pollRule: '*/1 * * * * *', batchSize: 200, concurrency } };
  const producer = await bootApp({ tmpDir, config: producerConfig });
  const children = [];
  try {
    const recipients = await createUsers(producer.strapi, n);
    const startWorkers = async () => {
      for (let i = 0; i < instances; i += 1) children.push(await startWorker(tmpDir, workerConfig));
    };
    if (!prefilled) await startWorkers();
    await producer.strapi.plugin('notifs').service('notify').notifyMany(recipients, { channels: ['probe'], extraData: { context: { payload: { key: 'bench' } } } });
    if (prefilled) await startWorkers();
    const sql = `select count(*) as n, min(sent_at) as first, max(sent_at) as last from notifs_deliveries where status = 'sent'`;
    let row;
    for (;;) {
      [row] = await queryDatabase(tmpDir, sql);
      if (Number(row.n) >= n) break;
      await sleep(100);
    }
    // Rows of the first claim share its sentAt (the database backend marks a batch at once): they
    // mark the start, so they are not counted in the rate.
    const [first] = await queryDatabase(tmpDir, `select count(*) as n from notifs_deliveries where sent_at = (select min(sent_at) from notifs_deliveries)`);
    return (n - Number(first.n)) / ((new Date(row.last) - new Date(row.first)) / 1000);
  } finally {
    children.forEach((child) => child.kill('SIGTERM'));
    await producer.strapi.destroy();
    await dropDatabase(tmpDir);
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (backend === 'bullmq') {
      const queue = new Queue(queueName, { connection });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }
};

(async () => {
  if (kind() !== 'postgres') throw new Error('NOTIFS_TEST_DB must be a postgres:// URL for this benchmark');
  const ceiling = await bareBullmq();
  const rows = [
    ['bare BullMQ worker, no-op processor (ceiling)', ceiling],
    ['the same, in a process that booted Strapi', await bareInStrapi()],
  ];
  for (const backend of ['bullmq', 'database']) {
    for (const instances of [1, 2]) {
      rows.push([`${backend} backend, ${instances} instance${instances > 1 ? 's' : ''}`, await backendRate(backend, instances)]);
    }
  }
  console.log(
    `PostgreSQL, ${n} deliveries, concurrency ${concurrency} per instance, ${os.cpus().length} cores, ${prefilled ? 'workers started once every job is added' : 'workers drain while notifyMany adds the jobs'}`
  );
  for (const [label, rate] of rows) {
    console.log(`${label.padEnd(52)} ${rate.toFixed(0).padStart(7)} /s   ${(rate / ceiling).toFixed(2)}x ceiling`);
  }
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
