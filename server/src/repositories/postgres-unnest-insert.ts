import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { dialectOf } from './table';

/**
 * PostgreSQL: many rows of one table as `insert … select * from unnest($1::type[], $2::type[], …)`,
 * one array per column. The statement's text depends only on which columns the rows fill, whatever
 * their number, and it has one parameter per column: a multi-row VALUES has one per cell (a group of
 * 25 notifications of 15 columns binds 375), which both knex (compiling it) and PostgreSQL (parsing,
 * binding and planning it again for each row count) pay for per row.
 */

/** Whether inserts on this database go through unnest (a function, so a benchmark can hold it off). */
export const unnestApplies = (strapi: Core.Strapi): boolean => dialectOf(strapi) === 'postgres';

/** Column name → PostgreSQL type name (`udt_name`: varchar, int4, jsonb, timestamp…), per table, read once per connection pool. */
const typesByPool = new WeakMap<Knex, Map<string, Promise<Map<string, string>>>>();

const columnTypes = (strapi: Core.Strapi, tableName: string): Promise<Map<string, string>> => {
  const knex = strapi.db.connection;
  let byTable = typesByPool.get(knex);
  if (!byTable) typesByPool.set(knex, (byTable = new Map()));
  let types = byTable.get(tableName);
  if (!types) {
    const read = knex
      .raw(
        'select column_name, udt_name from information_schema.columns where table_name = ? and table_schema = coalesce(?, current_schema())',
        [tableName, strapi.db.getSchemaName() ?? null]
      )
      .then(
        (result: { rows: { column_name: string; udt_name: string }[] }) =>
          new Map(result.rows.map((row) => [row.column_name, row.udt_name]))
      );
    // A failed read is not kept: the next group asks again.
    read.catch(() => byTable.delete(tableName));
    byTable.set(tableName, (types = read));
  }
  return types;
};

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Inserts column-keyed `rows` into `tableName` inside `trx` and resolves with their ids in order
 * (matched by `documentIdColumn`, not by the order RETURNING happens to give).
 */
export const insertByUnnest = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  tableName: string,
  documentIdColumn: string,
  rows: Record<string, unknown>[]
): Promise<number[]> => {
  const types = await columnTypes(strapi, tableName);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const casts = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`[notifs] ${tableName} has no column "${column}" in PostgreSQL's catalog`);
    return `?::${quoted(type)}[]`;
  });
  const schema = strapi.db.getSchemaName();
  const table = schema ? `${quoted(schema)}.${quoted(tableName)}` : quoted(tableName);
  const result = (await trx.raw(
    `insert into ${table} (${columns.map(quoted).join(', ')}) select * from unnest(${casts.join(', ')}) returning "id", ${quoted(documentIdColumn)} as "documentId"`,
    columns.map((column) => rows.map((row) => row[column] ?? null))
  )) as { rows: { id: number | string; documentId: string }[] };
  const ids = new Map(result.rows.map((row) => [row.documentId, Number(row.id)]));
  return rows.map((row) => {
    const id = ids.get(row[documentIdColumn] as string);
    if (id === undefined) throw new Error(`[notifs] ${tableName}: the insert returned no id for a row`);
    return id;
  });
};
