'use strict';
/**
 * The database a test boot uses: a SQLite file in the boot's temp dir, or, with NOTIFS_TEST_DB set
 * (postgres://… or mysql://…), a database of that server named after the temp dir, made on demand.
 * Plain JS so that child processes and benchmarks share it with the Jest harness.
 */
const path = require('node:path');

const server = () => process.env.NOTIFS_TEST_DB || '';
const kind = () => {
  const url = server();
  if (!url) return 'sqlite';
  return url.startsWith('postgres') ? 'postgres' : 'mysql';
};

const fs = require('node:fs');

/** Leftover databases older than this are dropped at the start of a run (younger ones may be another run's). */
const LEFTOVER_AGE_S = 3 * 60 * 60;

/**
 * `notifs_test_<unix seconds>_<tmp dir name>`, made once per temp dir and kept in it, so a restart on
 * the same dir finds its data, and a later run can tell a leftover by its age.
 */
const databaseNameFor = (tmpDir) => {
  const file = path.join(tmpDir, '.database-name');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const name = `notifs_test_${Math.floor(Date.now() / 1000)}_${path.basename(tmpDir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`.slice(0, 63);
  fs.writeFileSync(file, name);
  return name;
};

const withServer = async (fn) => {
  const url = new URL(server());
  if (kind() === 'postgres') {
    const { Client } = require('pg');
    const client = new Client({ host: url.hostname, port: Number(url.port) || 5432, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: 'postgres' });
    await client.connect();
    try {
      return await fn((sql) => client.query(sql).then((result) => result.rows));
    } finally {
      await client.end();
    }
  }
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({ host: url.hostname, port: Number(url.port) || 3306, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  try {
    return await fn((sql) => connection.query(sql).then(([rows]) => rows));
  } finally {
    await connection.end();
  }
};

/** Env for a boot on `tmpDir`: the SQLite file, or the server database (created if missing). */
const prepareDatabase = async (tmpDir) => {
  if (kind() === 'sqlite') return { DATABASE_FILENAME: path.join(tmpDir, 'data.db') };
  const name = databaseNameFor(tmpDir);
  await withServer(async (query) => {
    if (kind() === 'postgres') {
      const exists = await query(`select 1 from pg_database where datname = '${name}'`);
      if (!exists.length) await query(`create database "${name}"`);
    } else {
      await query(`create database if not exists \`${name}\``);
    }
  });
  return { DATABASE_NAME: name };
};

/** Drops the server database of `tmpDir` (nothing to do for SQLite: the temp dir goes). */
const dropDatabase = async (tmpDir) => {
  if (kind() === 'sqlite') return;
  const name = databaseNameFor(tmpDir);
  await withServer((query) => query(kind() === 'postgres' ? `drop database if exists "${name}" with (force)` : `drop database if exists \`${name}\``));
};

/** Rows of a SQL query on the boot's database, read without Strapi (after it stopped, or from outside). */
const queryDatabase = async (tmpDir, sql) => {
  if (kind() === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(path.join(tmpDir, 'data.db'), { readonly: true });
    try {
      return db.prepare(sql).all();
    } finally {
      db.close();
    }
  }
  const url = new URL(server());
  const name = databaseNameFor(tmpDir);
  if (kind() === 'postgres') {
    const { Client } = require('pg');
    const client = new Client({ host: url.hostname, port: Number(url.port) || 5432, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: name });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({ host: url.hostname, port: Number(url.port) || 3306, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: name });
  try {
    return (await connection.query(sql))[0];
  } finally {
    await connection.end();
  }
};

/**
 * Drops the test databases that runs killed mid-way left behind: only those older than three hours,
 * since others on this server may belong to a run going on now.
 */
const dropLeftoverDatabases = async () => {
  if (kind() === 'sqlite') return;
  const cutoff = Math.floor(Date.now() / 1000) - LEFTOVER_AGE_S;
  await withServer(async (query) => {
    const rows =
      kind() === 'postgres'
        ? await query(`select datname as name from pg_database where datname like 'notifs_test_%'`)
        : await query(`select schema_name as name from information_schema.schemata where schema_name like 'notifs_test_%'`);
    for (const { name } of rows) {
      const created = Number((/^notifs_test_(\d+)_/.exec(name) || [])[1]);
      if (created && created > cutoff) continue;
      await query(kind() === 'postgres' ? `drop database if exists "${name}" with (force)` : `drop database if exists \`${name}\``);
    }
  });
};

module.exports = { kind, prepareDatabase, dropDatabase, queryDatabase, dropLeftoverDatabases, databaseNameFor };
