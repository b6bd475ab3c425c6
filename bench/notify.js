#!/usr/bin/env node
'use strict';
/**
 * notify() throughput against Strapi's own write floor, in one run on one database file.
 *   node bench/notify.js [--wal] [--n 500]
 * Prints rows/s for each and the ratio to the floor: `strapi.documents(uid).create` of a row of the
 * same shape (the notification content type itself, with its recipient relation), one at a time.
 */
const { bootApp } = require('../test/helpers/boot-app');

const args = process.argv.slice(2);
const wal = args.includes('--wal');
const n = Number(args[args.indexOf('--n') + 1]) || 500;

const rate = async (label, count, fn) => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) await fn(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, perSecond: count / seconds };
};

(async () => {
  const app = await bootApp({ config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *' } } });
  const { strapi } = app;
  if (wal) await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
  const journal = (await strapi.db.connection.raw('PRAGMA journal_mode'))[0].journal_mode;
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const user = await strapi.db.query('plugin::users-permissions.user').create({
    data: { username: 'bench', email: 'bench@example.test', provider: 'local', confirmed: true, role: role.id },
  });
  const notify = strapi.plugin('notifs').service('notify');
  const input = (i) => ({
    recipient: user.id,
    sourceDisplayName: 'Ada',
    category: 'orders',
    action: 'Bought',
    shortDescription: `Ada bought book ${i}`,
    url: `/orders/${i}`,
    channels: ['console'],
  });

  // Warm up both paths (JIT, statement caches) before measuring.
  for (let i = 0; i < 20; i += 1) {
    await strapi.documents('plugin::notifs.notification').create({ data: { ...input(i), channels: [], recipient: user.id } });
    await notify.notify(input(i));
  }

  // Alternate the three, three rounds each, and compare medians: the machine's noise hits all alike.
  const rounds = { floor: [], persisted: [], silent: [] };
  const per = Math.ceil(n / 3);
  for (let r = 0; r < 3; r += 1) {
    rounds.floor.push(
      (await rate('floor', per, (i) =>
        strapi.documents('plugin::notifs.notification').create({ data: { ...input(i), channels: [], recipient: user.id } })
      )).perSecond
    );
    rounds.persisted.push((await rate('persisted', per, (i) => notify.notify(input(i)))).perSecond);
    rounds.silent.push((await rate('silent', per, (i) => notify.notify({ ...input(i), silent: true }))).perSecond);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[1];
  const floor = { label: 'documents.create (floor)', perSecond: median(rounds.floor) };
  const persisted = { label: 'notify() stored + 1 delivery queued', perSecond: median(rounds.persisted) };
  const silent = { label: 'notify({ silent: true }) + 1 delivery queued', perSecond: median(rounds.silent) };
  await app.stop();

  // Silent with nothing stored at all: the sync backend and a provider that does nothing, so the
  // figure is the plugin's own cost per call (validation, channel, payload checks, dispatch, events).
  const syncApp = await bootApp({ config: { backend: 'sync' } });
  const { BaseNotificationProvider, BaseNotificationChannel } = require('strapi-plugin-notifs');
  const { z } = require('zod');
  class NoopProvider extends BaseNotificationProvider {
    static providerName = 'bench_noop';
    schema = z.object({ text: z.string().nullable() });
    async send() {}
  }
  class NoopChannel extends BaseNotificationChannel {
    static channelName = 'bench_noop';
    providers = ['bench_noop'];
    buildPayload() {
      return { text: this.notification.shortDescription };
    }
  }
  syncApp.strapi.plugin('notifs').service('providers').register(NoopProvider);
  syncApp.strapi.plugin('notifs').service('channels').register(NoopChannel);
  const syncNotify = syncApp.strapi.plugin('notifs').service('notify');
  const noStorage = (i) => ({ ...input(i), recipient: undefined, channels: ['bench_noop'], silent: true });
  for (let i = 0; i < 1000; i += 1) await syncNotify.notify(noStorage(i));
  const inMemory = await rate('notify({ silent: true }), sync backend, no-op', n * 10, (i) => syncNotify.notify(noStorage(i)));
  await syncApp.stop();

  console.log(`SQLite journal_mode=${journal}, ${n} calls each in 3 alternating rounds (medians; ${n * 10} for the last), one at a time`);
  for (const { label, perSecond } of [floor, persisted, silent, inMemory]) {
    console.log(`${label.padEnd(48)} ${perSecond.toFixed(0).padStart(7)} /s   ${(perSecond / floor.perSecond).toFixed(2)}x floor`);
  }
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
