#!/usr/bin/env node
'use strict';
/**
 * How late `countdown` deliveries arrive with the default poll rule (every second): N notifications
 * with countdowns spread over 1–4 s; lateness = time sent − time due. Prints p50, p99 and max.
 *   node bench/countdown.js [--n 300]
 */
const { z } = require('zod');
const { bootApp } = require('../test/helpers/boot-app');
const { percentile, createUsers } = require('./lib');

const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--n') + 1]) || 300;

(async () => {
  const app = await bootApp({ config: { backend: 'database' } }); // default queue settings
  const { strapi } = app;
  const { BaseNotificationProvider, BaseNotificationChannel } = require('strapi-plugin-notifs');
  const lateness = [];
  class ClockProvider extends BaseNotificationProvider {
    static providerName = 'bench_clock';
    schema = z.object({ dueAt: z.number() });
    async send(payload) {
      lateness.push(Date.now() - payload.dueAt);
    }
  }
  class ClockChannel extends BaseNotificationChannel {
    static channelName = 'bench_clock';
    providers = ['bench_clock'];
    buildPayload() {
      return { dueAt: this.context.dueAt };
    }
  }
  strapi.plugin('notifs').service('providers').register(ClockProvider);
  strapi.plugin('notifs').service('channels').register(ClockChannel);
  const [user] = await createUsers(strapi, 1);
  const notify = strapi.plugin('notifs').service('notify');
  for (let i = 0; i < n; i += 1) {
    const countdown = 1 + (3 * i) / n;
    await notify.notify({ recipient: user, channels: ['bench_clock'], countdown, extraData: { context: { dueAt: Date.now() + countdown * 1000 } } });
  }
  const until = Date.now() + 10_000;
  while (lateness.length < n && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  if (lateness.length < n) throw new Error(`only ${lateness.length} of ${n} delivered`);
  const sorted = [...lateness].sort((a, b) => a - b);
  if (sorted[0] < 0) throw new Error(`a delivery was sent ${-sorted[0]} ms early`);
  console.log(`${n} countdown deliveries, pollRule "*/1 * * * * *" (default)`);
  console.log(`lateness p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted[sorted.length - 1]} ms, earliest ${sorted[0]} ms`);
  await app.stop();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
