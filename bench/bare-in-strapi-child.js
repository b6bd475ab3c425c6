'use strict';
/**
 * For bench/bullmq.js: the bare BullMQ worker (no-op processor) run inside a process that has booted
 * the test app, as our worker processes have, with nothing of the plugin in its way. It measures what
 * a Strapi process costs BullMQ (a larger heap, async context tracking, timers) apart from anything
 * the plugin does. Prints "rate N" (jobs per second, first to last completion) and exits.
 *   NOTIFS_BENCH_QUEUE=<queue with n jobs waiting> NOTIFS_BENCH_N=<n> NOTIFS_BENCH_CONCURRENCY=<c> node bench/bare-in-strapi-child.js
 */
const { Worker } = require('bullmq');
const { bootApp } = require('../test/helpers/boot-app');

(async () => {
  const app = await bootApp({ config: { backend: 'sync' } });
  const n = Number(process.env.NOTIFS_BENCH_N);
  let done = 0;
  let first = 0;
  let last = 0;
  const worker = new Worker(process.env.NOTIFS_BENCH_QUEUE, async () => undefined, {
    connection: { host: '127.0.0.1', port: 6379 },
    concurrency: Number(process.env.NOTIFS_BENCH_CONCURRENCY),
  });
  worker.on('completed', () => {
    done += 1;
    last = Date.now();
    if (done === 1) first = last;
  });
  while (done < n) await new Promise((resolve) => setTimeout(resolve, 20));
  await worker.close();
  await app.stop();
  process.stdout.write(`rate ${(n - 1) / ((last - first) / 1000)}\n`);
  process.exit(0);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
