#!/usr/bin/env node
'use strict';
/**
 * notifyMany() of 10,000 recipients against the physical floor: the same rows (notification +
 * delivery) inserted with knex batch inserts in one transaction, in the same run.
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
  const now = new Date().toISOString();
  const floorStarted = process.hrtime.bigint();
  await knex.transaction(async (trx) => {
    const notifications = recipients.map((recipient, i) => ({
      document_id: `floor${i}`,
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
    const deliveries = ids.map((id, i) => ({
      document_id: `floor${i}`,
      notification_id: id,
      channel: 'console',
      provider: 'console',
      payload: '{"shortDescription":"Big sale"}',
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
  const floor = n / secondsSince(floorStarted);

  const started = process.hrtime.bigint();
  await strapi.plugin('notifs').service('notify').notifyMany(recipients, { shortDescription: 'Big sale', channels: ['console'] });
  const rate = n / secondsSince(started);

  console.log(`SQLite journal_mode=${journal}, ${n} recipients (one notification + one delivery each)`);
  console.log(`knex batch inserts, one transaction (floor)   ${floor.toFixed(0).padStart(7)} recipients/s`);
  console.log(`notifyMany()                                   ${rate.toFixed(0).padStart(7)} recipients/s   ${(rate / floor).toFixed(2)}x floor`);
  await app.stop();
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
