#!/usr/bin/env node
'use strict';
/**
 * A digest of 10,000 recipients × 10 notifications against notifyMany() without one, in the same
 * run: ten notifyMany() calls of 10,000 recipients on the console channel, with and without
 * `digest` (rounds alternated, medians of 3). Prints the time of the ten calls and the rows each
 * wrote (notifications, deliveries), and what sending then takes: the digests are sent as 10,000
 * digest deliveries where the plain fan-out sends 100,000.
 *   node bench/digest.js [--n 10000] [--calls 10] [--db postgres://…]  (NOTIFS_TEST_DB picks the database)
 */
const { bootApp } = require('../test/helpers/boot-app');
const { secondsSince, createUsers } = require('./lib');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const n = option('--n', 10_000);
const calls = option('--calls', 10);

(async () => {
  const app = await bootApp({ config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *' } } });
  const { strapi } = app;
  // The console provider writes a line per send: quiet it (the send path is not what is measured here).
  strapi.plugin('notifs').service('providers').get('console').send = async () => undefined;
  const recipients = await createUsers(strapi, n);
  const notify = strapi.plugin('notifs').service('notify');
  const count = (uid) => strapi.db.query(uid).count({});
  const rowsNow = async () => ({ notifications: await count('plugin::notifs.notification'), deliveries: await count('plugin::notifs.delivery') });

  let round = 0;
  const once = async (digest) => {
    round += 1;
    const before = await rowsNow();
    const started = process.hrtime.bigint();
    for (let call = 1; call <= calls; call += 1) {
      await notify.notifyMany(recipients, {
        shortDescription: `Update ${call}`,
        channels: ['console'],
        ...(digest ? { digest: { key: `bench-${round}`, window: 3600 } } : {}),
      });
    }
    const seconds = secondsSince(started);
    const after = await rowsNow();
    // Send what is due: the plain run's deliveries, or the digests (made due now).
    if (digest) {
      await strapi.db
        .query('plugin::notifs.delivery')
        .updateMany({ where: { digestKey: `bench-${round}`, mergedInto: null }, data: { runAt: new Date(Date.now() - 1000) } });
    }
    const sendStarted = process.hrtime.bigint();
    const sent = await strapi.plugin('notifs').service('queue').drain();
    return {
      seconds,
      notifications: after.notifications - before.notifications,
      deliveries: after.deliveries - before.deliveries,
      sent,
      sendSeconds: secondsSince(sendStarted),
    };
  };

  const plain = [];
  const digested = [];
  for (let i = 0; i < 3; i += 1) {
    plain.push(await once(false));
    digested.push(await once(true));
  }
  const median = (runs, key) => [...runs.map((run) => run[key])].sort((a, b) => a - b)[1];
  const line = (label, runs) =>
    `${label.padEnd(22)} ${median(runs, 'seconds').toFixed(2).padStart(7)} s   ${String(median(runs, 'notifications')).padStart(7)} notifications   ${String(
      median(runs, 'deliveries')
    ).padStart(7)} deliveries   then ${String(median(runs, 'sent')).padStart(7)} sends in ${median(runs, 'sendSeconds').toFixed(2)} s`;
  const dialect = strapi.db.dialect.client;
  console.log(`${dialect}, ${n} recipients × ${calls} notifyMany() calls, console channel, median of 3 alternating rounds`);
  console.log(line('notifyMany()', plain));
  console.log(line('notifyMany() + digest', digested));
  console.log(`digest/plain time of the calls: ${(median(digested, 'seconds') / median(plain, 'seconds')).toFixed(2)}x`);
  await app.stop();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
