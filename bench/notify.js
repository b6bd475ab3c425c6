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

  const floor = await rate('documents.create (floor)', n, (i) =>
    strapi.documents('plugin::notifs.notification').create({ data: { ...input(i), channels: [], recipient: user.id } })
  );
  const persisted = await rate('notify() persisted + 1 delivery queued', n, (i) => notify.notify(input(i)));
  const silent = await rate('notify({ silent: true }) + 1 delivery queued', n, (i) => notify.notify({ ...input(i), silent: true }));

  console.log(`SQLite journal_mode=${journal}, ${n} calls each, one at a time`);
  for (const { label, perSecond } of [floor, persisted, silent]) {
    console.log(`${label.padEnd(48)} ${perSecond.toFixed(0).padStart(7)} /s   ${(perSecond / floor.perSecond).toFixed(2)}x floor`);
  }
  await app.stop();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
