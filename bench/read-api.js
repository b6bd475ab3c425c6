#!/usr/bin/env node
'use strict';
/**
 * Read-API benchmark: boots the test app (test/app, SQLite in a temp dir), seeds 100,000
 * notifications over 1,000 users and 100,000 articles (knex batch inserts), then measures over
 * real HTTP (closed loop, keep-alive, from a child process) the unread count and the first page of
 * one user beside Strapi's own `GET /api/articles` for one author, and in process `unreadCount`
 * and `read()` one at a time.
 *
 *   npm run build && node bench/read-api.js [--connections 10] [--seconds 5] [--wal] [--profile]
 *
 * `--profile` writes a CPU profile of the server during each HTTP run to the temp dir.
 * `--wal` switches SQLite to journal_mode=WAL, synchronous=NORMAL (Strapi's default is DELETE/FULL).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const { fork } = require('node:child_process');

const root = path.resolve(__dirname, '..');
// The test app's own classes import the package by name: point it at the build, as Jest does.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, request === 'strapi-plugin-notifs' ? path.join(root, 'dist/server/index.js') : request, ...rest);
};

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONNECTIONS = arg('connections', 10);
const SECONDS = arg('seconds', 5);
const WAL = process.argv.includes('--wal');
const PROFILE = process.argv.includes('--profile');
const USERS = 1_000;
const PER_USER = 100;
const BATCH = 500;

const docId = () => crypto.randomBytes(12).toString('hex');
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n) => `${n.toFixed(2)} ms`;

const insertBatches = async (knex, table, rows) => {
  await knex.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += BATCH) await trx(table).insert(rows.slice(i, i + BATCH));
  });
};

const seed = async (strapi) => {
  const knex = strapi.db.connection;
  const started = Date.now();
  const now = Date.now();
  const at = (i) => new Date(now - (USERS * PER_USER - i) * 1000);
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  await insertBatches(
    knex,
    'up_users',
    Array.from({ length: USERS }, (_, i) => ({
      document_id: docId(),
      username: `bench${i}`,
      email: `bench${i}@example.test`,
      provider: 'local',
      confirmed: true,
      blocked: false,
      created_at: new Date(now),
      updated_at: new Date(now),
      published_at: new Date(now),
    }))
  );
  const users = (await knex('up_users').select('id').orderBy('id')).map((row) => row.id);
  await insertBatches(knex, 'up_users_role_lnk', users.map((user_id, i) => ({ user_id, role_id: role.id, user_ord: i + 1 })));

  const notifications = [];
  const articles = [];
  for (let i = 0; i < USERS * PER_USER; i += 1) {
    const user = users[i % USERS];
    const created = at(i);
    notifications.push({
      document_id: docId(),
      recipient_id: user,
      category: ['orders', 'news', 'social'][i % 3],
      action: 'Bought',
      short_description: `Notification ${i}`,
      url: `/orders/${i}`,
      silent: false,
      channels: '[]',
      is_read: i % 10 >= 3, // 30 % unread
      created_at: created,
      updated_at: created,
      published_at: created,
    });
    articles.push({ document_id: docId(), title: `Article ${i}`, body: `Body ${i}`, created_at: created, updated_at: created, published_at: created });
  }
  await insertBatches(knex, 'notifs_notifications', notifications);
  await insertBatches(knex, 'articles', articles);
  const articleIds = (await knex('articles').select('id').orderBy('id')).map((row) => row.id);
  await insertBatches(knex, 'articles_author_lnk', articleIds.map((article_id, i) => ({ article_id, user_id: users[i % USERS] })));
  await knex.raw('ANALYZE');
  // The plain route filters on its author relation, which Strapi allows only with the user's find permission.
  for (const action of ['api::article.article.find', 'plugin::users-permissions.user.find']) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  return { users, seconds: (Date.now() - started) / 1000 };
};

/** Load from a child process; adds the server's CPU time per request (this process serves alone). */
const load = (url, headers, durationMs = SECONDS * 1000) =>
  new Promise((resolve, reject) => {
    const options = { url, headers, connections: CONNECTIONS, durationMs, warmupMs: 1000 };
    const child = fork(path.join(__dirname, 'http-load.js'), [JSON.stringify(options)]);
    let cpu;
    // The warm-up is not counted: start the CPU clock when it ends.
    const timer = setTimeout(() => (cpu = process.cpuUsage()), options.warmupMs);
    child.once('message', (result) => {
      clearTimeout(timer);
      const used = cpu ? process.cpuUsage(cpu) : { user: 0, system: 0 };
      child.disconnect();
      if (result.error) return reject(new Error(result.error));
      resolve({ ...result, cpuMsPerRequest: (used.user + used.system) / 1000 / Math.max(1, result.requests) });
    });
    child.once('error', reject);
  });

/** Runs `work` under the V8 profiler and writes `<tmp>/notifs-bench-<name>.cpuprofile`. */
const profiled = async (name, work) => {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const result = await work();
  const { profile } = await post('Profiler.stop');
  const file = path.join(os.tmpdir(), `notifs-bench-${name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`profile: ${file}`);
  return result;
};

const main = async () => {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-bench-'));
  process.env.DATABASE_FILENAME = path.join(tmpDir, 'data.db');
  globalThis.__NOTIFS_TEST_CONFIG__ = { backend: 'sync' };
  const { createStrapi } = require('@strapi/strapi');
  const appDir = path.join(root, 'test/app');
  const strapi = createStrapi({ appDir, distDir: appDir, autoReload: false, serveAdminPanel: false });
  try {
    await strapi.load();
    if (WAL) {
      await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
      await strapi.db.connection.raw('PRAGMA synchronous = NORMAL');
    }
    await strapi.server.mount();
    await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;

    const { users, seconds } = await seed(strapi);
    console.log(`seeded ${USERS * PER_USER} notifications and ${USERS * PER_USER} articles over ${USERS} users in ${seconds.toFixed(1)} s`);
    const user = users[USERS / 2];
    const token = await strapi.plugin('users-permissions').service('jwt').issue({ id: user });
    const headers = { Authorization: `Bearer ${token}` };

    const targets = [
      // The floor: Strapi's request pipeline and users-permissions authentication around one small query.
      ['floor: users-permissions /api/users/me', '/api/users/me'],
      ['notifs unread-count', '/api/notifs/notifications/unread-count'],
      ['notifs first page (25)', '/api/notifs/notifications'],
      ['plain: articles of one author (25)', `/api/articles?filters[author][id][$eq]=${user}&sort=createdAt:desc`],
      ['plain: first page of articles (25)', '/api/articles'],
    ];
    // A first pass over every route, not measured: whatever runs first otherwise pays for the seed's
    // garbage collection and cold caches.
    for (const [, route] of targets) {
      const check = await fetch(base + route, { headers });
      if (check.status !== 200) throw new Error(`${route} answered ${check.status}: ${await check.text()}`);
      await load(base + route, headers, 1000);
    }
    const http = {};
    for (const [name, route] of targets) {
      http[name] = PROFILE ? await profiled(name, () => load(base + route, headers)) : await load(base + route, headers);
    }

    const read = strapi.plugin('notifs').service('read');
    const counts = [];
    for (let i = 0; i < 5_000; i += 1) {
      const started = process.hrtime.bigint();
      await read.unreadCount({ recipient: users[i % USERS] });
      counts.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    counts.sort((a, b) => a - b);
    const lists = [];
    for (let i = 0; i < 2_000; i += 1) {
      const started = process.hrtime.bigint();
      await read.list({ recipient: users[i % USERS] });
      lists.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    lists.sort((a, b) => a - b);

    const unread = await strapi.db.connection('notifs_notifications').select('id', 'recipient_id').where({ is_read: false }).limit(2_000);
    const readStarted = process.hrtime.bigint();
    for (const row of unread) await read.read({ notifyId: row.id, recipient: row.recipient_id });
    const readRate = unread.length / (Number(process.hrtime.bigint() - readStarted) / 1e9);

    console.log(`\nSQLite journal ${WAL ? 'WAL, synchronous NORMAL' : 'DELETE, synchronous FULL (Strapi default)'}; ${CONNECTIONS} connections, ${SECONDS} s each, user ${user} (100 notifications, 30 unread)\n`);
    console.log('| request | req/s | p50 | p99 | server CPU per request | errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [name] of targets) {
      const r = http[name];
      console.log(`| ${name} | ${r.rps} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.cpuMsPerRequest)} | ${r.errors} |`);
    }
    const page = http['notifs first page (25)'];
    for (const plain of ['plain: articles of one author (25)', 'plain: first page of articles (25)']) {
      console.log(`\nnotifs first page p99 / "${plain}" p99: ${(page.p99 / http[plain].p99).toFixed(2)}x`);
    }
    console.log(`in process: unreadCount p50 ${ms(percentile(counts, 50))}, p99 ${ms(percentile(counts, 99))} (5,000 calls, 1,000 users)`);
    console.log(`in process: list() first page p50 ${ms(percentile(lists, 50))}, p99 ${ms(percentile(lists, 99))} (2,000 calls)`);
    console.log(`in process: read() one at a time ${Math.round(readRate)}/s (${unread.length} notifications)`);
  } finally {
    await strapi.destroy().catch(() => undefined);
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
