#!/usr/bin/env node
'use strict';
/**
 * notify() against the floor issue 14 sets: one row inserted with knex in its own transaction, one at
 * a time (what django-notifs' `objects.create` costs), and the same with calls in flight. Measured in
 * the same run, rounds alternated, medians; every figure is printed as a ratio to the floor.
 *   node bench/hot-path.js [--n 300] [--rounds 7] [--inflight 50] [--wal]
 *   NOTIFS_TEST_DB=postgres://postgres@127.0.0.1:5432 node bench/hot-path.js   (the concurrency figures)
 *   ... --flights   (PostgreSQL, MySQL: calls in flight also with one group transaction at a time, same boot)
 *   ... --unnest    (PostgreSQL: calls in flight also with multi-row VALUES inserts instead of unnest, same boot)
 *   ... --cpu       (Linux: also the CPU each call cost this process and, for PostgreSQL or MariaDB running on
 *                    this machine, the database's processes, from /proc: which of the two bounds a rate. Counted in
 *                    10 ms ticks: use --n 3000 or more)
 * Two boots: the database backend (stored + delivery, silent + delivery) and the sync backend (stored,
 * one channel whose provider does nothing). Each has its own floor, measured between its rounds. On
 * SQLite each also measures the ceiling one call at a time: the floor's row and commit without knex (and
 * the database backend's boot, the notification and delivery rows notify commits, without knex).
 */
const path = require('path');
const { execFileSync } = require('child_process');
const { median, cpuTicksOf } = require('./lib');
const { bootApp } = require('../test/helpers/boot-app');
const { kind } = require('../test/helpers/test-db');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const n = option('--n', 300);
const roundsCount = option('--rounds', 7);
const inflight = option('--inflight', 50);
const wal = args.includes('--wal');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

// --flights (PostgreSQL, MySQL): the same boot also measures calls in flight with one group transaction
// at a time, alternated with the two the write path allows, so that the two are compared on one machine
// state. It reaches the write path by wrapping its factory before the plugin is loaded (bench only).
const oneFlight = { on: false };
if (args.includes('--flights')) {
  const writePathModule = require(path.join(__dirname, '../dist/server/repositories/write-path.js'));
  const create = writePathModule.createWritePath;
  writePathModule.createWritePath = (strapi) => {
    const writePath = create(strapi);
    const flights = writePath.flights.bind(writePath);
    writePath.flights = () => (oneFlight.on ? 1 : flights());
    return writePath;
  };
}

// --unnest (PostgreSQL): the same boot also measures calls in flight with the group's inserts written as
// knex's multi-row VALUES, alternated with the unnest statements the write path uses (bench only).
const valuesInsert = { on: false };
if (args.includes('--unnest')) {
  const unnestModule = require(path.join(__dirname, '../dist/server/repositories/postgres-unnest-insert.js'));
  const applies = unnestModule.unnestApplies;
  unnestModule.unnestApplies = (strapi) => !valuesInsert.on && applies(strapi);
}

// --cpu: CPU time of this process, and of all the database server's processes (PostgreSQL forks one per
// connection; they live as long as the pool's connections).
const cpuSplit = args.includes('--cpu');
const databaseTicks = () => {
  const names = { postgres: ['postgres'], mysql: ['mariadbd', 'mysqld'] }[kind()] ?? [];
  return names
    .flatMap((name) => {
      try {
        return execFileSync('pgrep', ['-x', name]).toString().trim().split('\n');
      } catch {
        return []; // none running under that name
      }
    })
    .reduce((sum, pid) => sum + cpuTicksOf(pid), 0);
};
/** Per measure label, per round: microseconds of CPU per call, this process and the database's. */
const cpuPerCall = {};

/** Calls per second of `n` calls of `fn`, with `parallel` of them in flight at any time. */
const rate = async (fn, parallel = 1, label) => {
  let next = 0;
  const ticksBefore = cpuSplit ? [cpuTicksOf(process.pid), databaseTicks()] : [];
  const started = process.hrtime.bigint();
  const lane = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  const perSecond = n / (Number(process.hrtime.bigint() - started) / 1e9);
  if (cpuSplit && label) {
    const toMicros = (ticks) => (ticks * 10_000) / n;
    (cpuPerCall[label] ??= []).push([toMicros(cpuTicksOf(process.pid) - ticksBefore[0]), toMicros(databaseTicks() - ticksBefore[1])]);
  }
  return perSecond;
};

const registerNoop = (strapi) => {
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
  strapi.plugin('notifs').service('providers').register(NoopProvider);
  strapi.plugin('notifs').service('channels').register(NoopChannel);
};

/** Boots an app, then runs the measures in alternating rounds; resolves with each measure's median. */
const session = async (config, measures) => {
  const app = await bootApp({ config });
  const { strapi } = app;
  try {
    if (wal) await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
    registerNoop(strapi);
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const user = await strapi.db.query('plugin::users-permissions.user').create({
      data: { username: 'bench', email: 'bench@example.test', provider: 'local', confirmed: true, role: role.id },
    });
    const knex = strapi.db.connection;
    // The floor's row: the notification notify stores (same table, same columns), inserted with knex.
    const floorRow = (i) => ({
      document_id: `floor${i}-${Math.random()}`,
      recipient_id: user.id,
      source_display_name: 'Ada',
      category: 'orders',
      action: 'Bought',
      short_description: `Ada bought book ${i}`,
      url: `/orders/${i}`,
      channels: '["bench_noop"]',
      is_read: false,
      silent: false,
      created_at: new Date(),
      updated_at: new Date(),
      published_at: new Date(),
    });
    const floor = (i) => knex.transaction((trx) => trx('notifs_notifications').insert(floorRow(i)));
    // The ceilings of any implementation one call at a time on SQLite: rows and their commit with no
    // JavaScript in the way (statements prepared once, run back to back on the held connection).
    const bareStatements = {};
    const insertSql = (table, row) => `insert into ${table} (${Object.keys(row).join(', ')}) values (${Object.keys(row).map(() => '?').join(', ')})`;
    /** BEGIN, `work` with the statements of `sqls`, COMMIT, on the held connection. */
    const bareTransaction = async (sqls, work) => {
      const connection = await knex.client.acquireConnection();
      try {
        const [begin, commit, ...statements] = ['BEGIN', 'COMMIT', ...sqls].map((sql) => (bareStatements[sql] ??= connection.prepare(sql)));
        begin.run();
        work(...statements);
        commit.run();
      } finally {
        await knex.client.releaseConnection(connection);
      }
    };
    const bare = (i) =>
      bareTransaction([insertSql('notifs_notifications', floorRow(0))], (insert) =>
        insert.run(...Object.values(floorRow(i)).map((value) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value)))
      );
    const notify = strapi.plugin('notifs').service('notify');
    const input = (i) => ({
      recipient: user.id,
      sourceDisplayName: 'Ada',
      category: 'orders',
      action: 'Bought',
      shortDescription: `Ada bought book ${i}`,
      url: `/orders/${i}`,
      channels: ['bench_noop'],
    });
    const all = {
      'floor, one at a time': () => rate(floor, 1, 'floor, one at a time'),
      [`floor, ${inflight} in flight`]: () => rate(floor, inflight, `floor, ${inflight} in flight`),
    };
    if (kind() === 'sqlite') all['ceiling: the same insert and commit, no knex, no JS, one at a time'] = () => rate(bare);
    if (kind() === 'sqlite' && config.backend === 'database') {
      // The ceiling of notify() on the database backend: the two rows it commits (its notification and its
      // delivery, copied from ones notify wrote, so every column and index is written), nothing else.
      await notify.notify(input(-1));
      const withoutId = ({ id, ...row }) => row;
      const notificationRow = withoutId(await knex('notifs_notifications').orderBy('id', 'desc').first());
      const deliveryRow = withoutId(await knex('notifs_deliveries').orderBy('id', 'desc').first());
      all['ceiling: notification + delivery and commit, no knex, no JS, one at a time'] = () =>
        rate((i) =>
          bareTransaction(
            [insertSql('notifs_notifications', notificationRow), insertSql('notifs_deliveries', deliveryRow)],
            (insertNotification, insertDelivery) => {
              const { lastInsertRowid } = insertNotification.run(...Object.values({ ...notificationRow, document_id: `ceiling${i}-${Math.random()}` }));
              insertDelivery.run(...Object.values({ ...deliveryRow, document_id: `ceiling${i}-${Math.random()}`, notification_id: lastInsertRowid }));
            }
          )
        );
    }
    for (const [label, [fn, parallel, { oneGroup = false, values = false } = {}]] of Object.entries(measures({ notify, input }))) {
      all[label] = async () => {
        oneFlight.on = oneGroup;
        valuesInsert.on = values;
        try {
          return await rate(fn, parallel, label);
        } finally {
          oneFlight.on = false;
          valuesInsert.on = false;
        }
      };
    }
    // Warm up (JIT, statement caches).
    for (const run of Object.values(all)) await run();
    for (const label of Object.keys(cpuPerCall)) delete cpuPerCall[label];
    const results = Object.fromEntries(Object.keys(all).map((label) => [label, []]));
    for (let r = 0; r < roundsCount; r += 1) {
      for (const [label, run] of Object.entries(all)) results[label].push(await run());
    }
    return Object.fromEntries(Object.entries(results).map(([label, values]) => [label, median(values)]));
  } finally {
    await app.stop();
  }
};

const print = (title, figures) => {
  const floor = figures['floor, one at a time'];
  console.log(`\n${title}`);
  for (const [label, perSecond] of Object.entries(figures)) {
    // On SQLite the database runs inside this process: its share is in the process's figure.
    const rounds = cpuPerCall[label];
    const own = rounds && `   CPU a call: this process ${median(rounds.map(([micros]) => micros)).toFixed(0)} µs`;
    const cpu = !rounds ? '' : kind() === 'sqlite' ? own : `${own}, the database ${median(rounds.map(([, micros]) => micros)).toFixed(0)} µs`;
    console.log(`  ${label.padEnd(76)} ${perSecond.toFixed(0).padStart(7)} /s   ${(perSecond / floor).toFixed(2)}x floor${cpu}`);
  }
};

(async () => {
  const database = kind();
  console.log(
    `${database}${database === 'sqlite' ? (wal ? ' (WAL)' : " (Strapi's defaults)") : ''}: ${n} calls a measure, ${roundsCount} alternating rounds, medians`
  );
  if (!only || only === 'database') {
    print(
      'database backend',
      await session({ backend: 'database', queue: { pollRule: '0 0 0 1 1 *' } }, ({ notify, input }) => ({
        'notify() stored + delivery, one at a time': [(i) => notify.notify(input(i)), 1],
        [`notify() stored + delivery, ${inflight} in flight`]: [(i) => notify.notify(input(i)), inflight],
        'notify({ silent }) + delivery, one at a time': [(i) => notify.notify({ ...input(i), silent: true }), 1],
        [`notify({ silent }) + delivery, ${inflight} in flight`]: [(i) => notify.notify({ ...input(i), silent: true }), inflight],
        ...(args.includes('--flights')
          ? {
              [`notify() stored + delivery, ${inflight} in flight, one group transaction at a time`]: [
                (i) => notify.notify(input(i)),
                inflight,
                { oneGroup: true },
              ],
              [`notify({ silent }) + delivery, ${inflight} in flight, one group transaction at a time`]: [
                (i) => notify.notify({ ...input(i), silent: true }),
                inflight,
                { oneGroup: true },
              ],
            }
          : {}),
        ...(args.includes('--unnest')
          ? {
              [`notify() stored + delivery, ${inflight} in flight, multi-row VALUES`]: [(i) => notify.notify(input(i)), inflight, { values: true }],
              [`notify({ silent }) + delivery, ${inflight} in flight, multi-row VALUES`]: [
                (i) => notify.notify({ ...input(i), silent: true }),
                inflight,
                { values: true },
              ],
            }
          : {}),
      }))
    );
  }
  if (!only || only === 'sync') {
    print(
      'sync backend (the provider does nothing)',
      await session({ backend: 'sync' }, ({ notify, input }) => ({
        'notify() stored, one at a time': [(i) => notify.notify(input(i)), 1],
        [`notify() stored, ${inflight} in flight`]: [(i) => notify.notify(input(i)), inflight],
      }))
    );
  }
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
