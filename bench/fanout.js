#!/usr/bin/env node
'use strict';
/**
 * notifyMany() of 10,000 recipients against the physical floor: the same rows (notification +
 * delivery, with the same payload JSON) inserted with knex batch inserts in one transaction, in the
 * same run.
 *   node bench/fanout.js [--n 10000] [--wal]
 */
const { bootApp } = require('../test/helpers/boot-app');
const { secondsSince, createUsers, useWal } = require('./lib');

const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--n') + 1]) || 10_000;
const wal = args.includes('--wal');

(async () => {
  const app = await bootApp({ config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *' } } });
  const { strapi } = app;
  const journal = wal ? await useWal(strapi) : 'delete';
  const recipients = await createUsers(strapi, n);
  const knex = strapi.db.connection;

  // Floor: what notifyMany writes, as raw rows, in one transaction with knex's batchInsert.
  let round = 0;
  const floorOnce = async () => {
    round += 1;
    const now = new Date().toISOString();
    const started = process.hrtime.bigint();
    await knex.transaction(async (trx) => {
      const notifications = recipients.map((recipient, i) => ({
        document_id: `floor${round}x${i}`,
        recipient_id: recipient,
        short_description: 'Big sale',
        channels: '["console"]',
        silent: false,
        is_read: false,
        created_at: now,
        updated_at: now,
        published_at: now,
      }));
      const ids = [];
      for (let i = 0; i < notifications.length; i += 500) {
        const rows = await trx('notifs_notifications').insert(notifications.slice(i, i + 500)).returning('id');
        ids.push(...rows.map((row) => row.id));
      }
      // The same delivery rows notifyMany writes: the console channel's payload for each notification.
      const deliveries = ids.map((id, i) => ({
        document_id: `floor${round}x${i}`,
        notification_id: id,
        channel: 'console',
        provider: 'console',
        payload: JSON.stringify({
          id,
          recipient: recipients[i],
          source: null,
          sourceDisplayName: null,
          category: null,
          action: null,
          obj: null,
          shortDescription: 'Big sale',
          url: null,
          extraData: null,
          context: {},
        }),
        context: '{}',
        bulk: false,
        status: 'queued',
        attempts: 0,
        run_at: now,
        created_at: now,
        updated_at: now,
        published_at: now,
      }));
      await trx.batchInsert('notifs_deliveries', deliveries, 500);
    });
    return n / secondsSince(started);
  };
  const notifyManyOnce = async () => {
    const started = process.hrtime.bigint();
    await strapi.plugin('notifs').service('notify').notifyMany(recipients, { shortDescription: 'Big sale', channels: ['console'] });
    return n / secondsSince(started);
  };

  // Alternate the two, three rounds each, and compare medians: the machine's noise hits both alike.
  const floors = [];
  const rates = [];
  for (let i = 0; i < 3; i += 1) {
    floors.push(await floorOnce());
    rates.push(await notifyManyOnce());
  }
  const median = (values) => [...values].sort((a, b) => a - b)[1];
  const floor = median(floors);
  const rate = median(rates);

  console.log(`SQLite journal_mode=${journal}, ${n} recipients (one notification + one delivery each), median of 3 alternating rounds`);
  console.log(`knex batch inserts, one transaction (floor)   ${floor.toFixed(0).padStart(7)} recipients/s`);
  console.log(`notifyMany()                                   ${rate.toFixed(0).padStart(7)} recipients/s   ${(rate / floor).toFixed(2)}x floor`);
  await app.stop();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
