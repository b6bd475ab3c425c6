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

/** `notifs_test_<tmp dir name>`: one database per temp dir, so a restart on the same dir finds its data. */
const databaseNameFor = (tmpDir) => `notifs_test_${path.basename(tmpDir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;

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

/** Drops every test database left by earlier runs (a run killed mid-way leaves some). */
const dropLeftoverDatabases = async () => {
  if (kind() === 'sqlite') return;
  await withServer(async (query) => {
    const rows =
      kind() === 'postgres'
        ? await query(`select datname as name from pg_database where datname like 'notifs_test_%'`)
        : await query(`select schema_name as name from information_schema.schemata where schema_name like 'notifs_test_%'`);
    for (const { name } of rows) {
      await query(kind() === 'postgres' ? `drop database if exists "${name}" with (force)` : `drop database if exists \`${name}\``);
    }
  });
};

module.exports = { kind, prepareDatabase, dropDatabase, queryDatabase, dropLeftoverDatabases, databaseNameFor };
