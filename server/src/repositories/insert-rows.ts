import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { groupCommit } from '../utils/group-commit';
import { writeContext, type WriteContext } from './write-context';
import type { SqliteConnection } from './sqlite-connection';
import { insertByUnnest, unnestApplies } from './postgres-unnest-insert';

type Meta = { tableName: string; attributes: Record<string, { type: string; columnName?: string; joinColumn?: { name: string } }> };
type Row = Record<string, unknown> & { documentId: string };

/**
 * The values Strapi's entity manager would write for the attributes given, without its per-row walk
 * over every attribute of the model (a third of a fan-out's time): JSON encoded, relations as their
 * join column. Only for the plugin's own models, whose attributes this knows. `columns` names every
 * key by its column (what a statement written here needs); else attributes keep their names.
 */
const toDbRow = (meta: Meta, data: Record<string, unknown>, columns = false): Record<string, unknown> => {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const attribute = meta.attributes[key];
    if (!attribute) throw new Error(`[notifs] ${key} is not an attribute of the model being inserted`);
    if (attribute.type === 'relation' && attribute.joinColumn) {
      row[attribute.joinColumn.name] = value ?? null;
    } else {
      const name = columns ? (attribute.columnName ?? key) : key;
      row[name] = attribute.type === 'json' ? (value === null || value === undefined ? null : JSON.stringify(value)) : value;
    }
  }
  return row;
};

/**
 * Leaves out the columns that are null in every row: they default to null anyway, and a fan-out's
 * optional fields (source, category, url…) are often all empty, which would otherwise be a third of
 * the bound parameters of a batch.
 */
const withoutEmptyColumns = (rows: Record<string, unknown>[]): Record<string, unknown>[] => {
  const used = new Set<string>();
  rows.forEach((row) => Object.keys(row).forEach((key) => row[key] !== null && row[key] !== undefined && used.add(key)));
  if (rows.every((row) => Object.keys(row).every((key) => used.has(key)))) return rows;
  return rows.map((row) => Object.fromEntries([...used].map((key) => [key, row[key] ?? null])));
};

/** Subscribers still hear of the rows (the stream's unread-count watcher does), as after createMany. */
const announce = async (strapi: Core.Strapi, uid: string, rows: Row[], ids: number[]): Promise<void> => {
  await strapi.db.lifecycles.run('afterCreateMany', uid as never, { params: { data: rows }, result: { count: rows.length, ids } } as never);
};

const idsByDocumentId = async (strapi: Core.Strapi, uid: string, rows: { documentId: string }[]): Promise<number[]> => {
  const found = (await strapi.db.query(uid as never).findMany({
    where: { documentId: { $in: rows.map((row) => row.documentId) } },
    select: ['id', 'documentId'],
  })) as { id: number; documentId: string }[];
  const byDocumentId = new Map(found.map((row) => [row.documentId, Number(row.id)]));
  return rows.map((row) => byDocumentId.get(row.documentId) as number);
};

/** One INSERT through knex (inside the caller's transaction, when there is one). */
const insertWithKnex = async (strapi: Core.Strapi, uid: string, rows: Row[]): Promise<number[]> => {
  const meta = strapi.db.metadata.get(uid as never) as unknown as Meta;
  const result = (await strapi.db
    .queryBuilder(uid as never)
    .insert(withoutEmptyColumns(rows.map((row) => toDbRow(meta, row))))
    .execute()) as unknown;
  const returned = (Array.isArray(result) ? result : [result]).map((entry) =>
    Number(entry && typeof entry === 'object' ? (entry as { id: unknown }).id : entry)
  );
  const ids = returned.length === rows.length ? returned : await idsByDocumentId(strapi, uid, rows);
  await announce(strapi, uid, rows, ids);
  return ids;
};

/**
 * One cached statement per row on the held SQLite connection: no query builder, no prepare per call.
 * The null columns are left out (they default to null), so a statement's text depends only on which
 * fields a row has: a few shapes, each prepared once. The lifecycles run after the commit.
 */
const insertOnHeldConnection = (
  strapi: Core.Strapi,
  context: WriteContext,
  sqlite: SqliteConnection,
  uid: string,
  rows: Row[]
): number[] => {
  const meta = strapi.db.metadata.get(uid as never) as unknown as Meta;
  const ids = rows.map((data) => {
    const row = toDbRow(meta, data, true);
    const columns = Object.keys(row).filter((column) => row[column] !== null && row[column] !== undefined);
    const sql = `insert into "${meta.tableName}" (${columns.map((column) => `"${column}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
    return sqlite.run(
      sql,
      columns.map((column) => row[column])
    ).lastInsertRowid;
  });
  context.afterCommit.push(() => announce(strapi, uid, rows, ids));
  return ids;
};

/** PostgreSQL, in the outbox's transaction: one `insert … select * from unnest(…)` (see postgres-unnest-insert). */
const insertWithUnnest = async (strapi: Core.Strapi, trx: Knex.Transaction, uid: string, rows: Row[]): Promise<number[]> => {
  const meta = strapi.db.metadata.get(uid as never) as unknown as Meta;
  const documentIdColumn = meta.attributes.documentId?.columnName ?? 'document_id';
  const ids = await insertByUnnest(
    strapi,
    trx,
    meta.tableName,
    documentIdColumn,
    withoutEmptyColumns(rows.map((row) => toDbRow(meta, row, true)))
  );
  await announce(strapi, uid, rows, ids);
  return ids;
};

/** Inserts of one table, made in one turn of the event loop in the outbox's transaction, go as one statement. */
const joinedInsert = (strapi: Core.Strapi, context: WriteContext, uid: string, rows: Row[]): Promise<number[]> => {
  let join = context.joined.get(uid);
  if (!join) {
    const { knex } = context;
    const group = groupCommit<Row[], number[]>(async (batches) => {
      const all = batches.flat();
      const ids = knex && unnestApplies(strapi) ? await insertWithUnnest(strapi, knex, uid, all) : await insertWithKnex(strapi, uid, all);
      let at = 0;
      return batches.map((batch) => ids.slice(at, (at += batch.length)));
    });
    join = (batch) => group.add(batch as Row[]);
    context.joined.set(uid, join);
  }
  return join(rows);
};

/**
 * Inserts rows of one of the plugin's models and resolves with their ids in order. Rows must carry a
 * `documentId`: dialects without RETURNING (MySQL) answer with one id, so the ids are then found by
 * documentId. Of the database lifecycles, only `afterCreateMany` runs (with the attribute-keyed rows).
 * Inside the outbox's group transaction (see write-path), inserts take its fast path.
 */
export const insertRows = async (strapi: Core.Strapi, uid: string, rows: Row[]): Promise<number[]> => {
  if (!rows.length) return [];
  const context = writeContext.getStore();
  if (context?.open && context.sqlite) return insertOnHeldConnection(strapi, context, context.sqlite, uid, rows);
  if (context?.open) return joinedInsert(strapi, context, uid, rows);
  return insertWithKnex(strapi, uid, rows);
};
