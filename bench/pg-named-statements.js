#!/usr/bin/env node
'use strict';
/**
 * PostgreSQL: what naming the group insert saves. A group of 25 notification-shaped rows is inserted
 * with `insert … select * from unnest($1::varchar[], …)` in its own transaction, as a named statement
 * (parsed and planned once per connection) and unnamed (as the write path sends it), in alternating
 * blocks of 1,000 groups on one connection. Prints, per group, the CPU of PostgreSQL's backend for
 * that connection (from /proc: PostgreSQL must run on this machine), this process's CPU and the wall
 * time. Works in a temporary table: nothing is left behind.
 *   node bench/pg-named-statements.js [--rounds 6]      (NOTIFS_TEST_DB, or postgres://postgres@127.0.0.1:5432)
 */
const { Client } = require('pg');
const { median, cpuTicksOf } = require('./lib');

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 6;
const GROUPS = 1000;
const ROWS = 25;
const url = process.env.NOTIFS_TEST_DB?.startsWith('postgres') ? process.env.NOTIFS_TEST_DB : 'postgres://postgres@127.0.0.1:5432';

const columns = [
  ['document_id', 'varchar'],
  ['recipient_id', 'int4'],
  ['source_display_name', 'varchar'],
  ['category', 'varchar'],
  ['action', 'varchar'],
  ['short_description', 'varchar'],
  ['url', 'varchar'],
  ['channels', 'jsonb'],
  ['extra_data', 'jsonb'],
  ['is_read', 'bool'],
  ['silent', 'bool'],
  ['created_at', 'timestamp'],
  ['updated_at', 'timestamp'],
  ['published_at', 'timestamp'],
];
const sql = `insert into bench_notes (${columns.map(([name]) => name).join(', ')}) select * from unnest(${columns
  .map(([, type], i) => `$${i + 1}::${type}[]`)
  .join(', ')}) returning id, document_id`;

/** One array per column, as the write path binds them. */
const groupValues = (group) => {
  const now = new Date();
  const rows = Array.from({ length: ROWS }, (_, i) => [
    `g${group}-${i}-${Math.random()}`,
    1,
    'Ada',
    'orders',
    'Bought',
    `Ada bought book ${i}`,
    `/orders/${i}`,
    '["bench"]',
    '{"order":1}',
    false,
    false,
    now,
    now,
    now,
  ]);
  return columns.map((_, k) => rows.map((row) => row[k]));
};

(async () => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `create temp table bench_notes (id serial primary key, ${columns
        .map(([name, type]) => `${name} ${type === 'timestamp' ? 'timestamp(6)' : type === 'varchar' ? 'varchar(255)' : type}`)
        .join(', ')})`
    );
    await client.query('create index on bench_notes (recipient_id, created_at)');
    await client.query('create index on bench_notes (document_id)');
    const backend = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;

    const block = async (named) => {
      const backendBefore = cpuTicksOf(backend);
      const ownBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (let group = 0; group < GROUPS; group += 1) {
        await client.query('BEGIN');
        await client.query({ ...(named ? { name: 'bench_group_insert' } : {}), text: sql, values: groupValues(group) });
        await client.query('COMMIT');
      }
      const own = process.cpuUsage(ownBefore);
      return {
        backend: ((cpuTicksOf(backend) - backendBefore) * 10) / GROUPS, // ticks of 10 ms, in ms
        own: (own.user + own.system) / 1000 / GROUPS,
        wall: Number(process.hrtime.bigint() - started) / 1e6 / GROUPS,
      };
    };

    await block(true); // warm up both (JIT, the statement, the table's first pages)
    await block(false);
    const results = { named: [], unnamed: [] };
    for (let round = 0; round < rounds; round += 1) {
      results.named.push(await block(true));
      results.unnamed.push(await block(false));
    }
    console.log(`PostgreSQL, ${GROUPS} groups of ${ROWS} rows a block, ${rounds} alternating rounds, medians per group:`);
    for (const [label, blocks] of Object.entries(results)) {
      const figure = (key) => median(blocks.map((entry) => entry[key])).toFixed(3);
      console.log(
        `  ${label.padEnd(8)} PostgreSQL's backend ${figure('backend')} ms   this process ${figure('own')} ms   wall ${figure('wall')} ms`
      );
    }
  } finally {
    await client.end();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
