#!/usr/bin/env node
'use strict';
/**
 * Drain rate of the database backend to a loopback HTTP sink, against the sink's own rate with a
 * plain HTTP client loop of the same concurrency, in one run.
 *   node bench/drain.js [--n 5000] [--wal]
 */
const { z } = require('zod');
const { bootApp } = require('../test/helpers/boot-app');
const { startSink, secondsSince, createUsers, useWal } = require('./lib');

const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--n') + 1]) || 5_000;
const wal = args.includes('--wal');
const CONCURRENCY = 10;

(async () => {
  const sink = await startSink();
  const app = await bootApp({
    config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *', batchSize: 200, concurrency: CONCURRENCY } },
  });
  const { strapi } = app;
  const journal = wal ? await useWal(strapi) : 'delete';
  // eslint-disable-next-line global-require
  const { BaseNotificationProvider, BaseNotificationChannel } = require('strapi-plugin-notifs');

  /** A webhook-like provider: one JSON POST per payload. */
  class SinkProvider extends BaseNotificationProvider {
    static providerName = 'bench_sink';
    schema = z.object({ id: z.number().nullable(), text: z.string() });
    async send(payload) {
      const response = await fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      if (!response.ok) throw new Error(`sink answered ${response.status}`);
    }
  }
  class SinkChannel extends BaseNotificationChannel {
    static channelName = 'bench_sink';
    providers = ['bench_sink'];
    buildPayload() {
      return { id: this.notification.id ?? null, text: this.notification.shortDescription };
    }
  }
  strapi.plugin('notifs').service('providers').register(SinkProvider);
  strapi.plugin('notifs').service('channels').register(SinkChannel);

  // Baseline: the same POSTs from a plain loop with the queue's concurrency (after a warm-up round).
  const body = JSON.stringify({ id: 1, text: 'hello' });
  const clientLoop = async (count) => {
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          next += 1;
          const response = await fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          await response.arrayBuffer();
        }
      })
    );
    return count / secondsSince(started);
  };
  await clientLoop(1_000);
  const baseline = await clientLoop(n);

  const recipients = await createUsers(strapi, n);
  await strapi.plugin('notifs').service('notify').notifyMany(recipients, { shortDescription: 'hello', channels: ['bench_sink'] });
  const before = sink.count();
  const started = process.hrtime.bigint();
  const drained = await strapi.plugin('notifs').service('queue').drain();
  const rate = drained / secondsSince(started);
  const stats = await strapi.plugin('notifs').service('queue').stats();
  if (sink.count() - before !== n || stats.sent !== n) throw new Error(`expected ${n} sent, got ${JSON.stringify(stats)}`);

  console.log(`SQLite journal_mode=${journal}, ${n} deliveries, concurrency ${CONCURRENCY}, batchSize 200`);
  console.log(`plain HTTP client loop (ceiling)   ${baseline.toFixed(0).padStart(7)} req/s`);
  console.log(`database backend drain             ${rate.toFixed(0).padStart(7)} deliveries/s   ${(rate / baseline).toFixed(2)}x ceiling`);
  await app.stop();
  await sink.close();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
