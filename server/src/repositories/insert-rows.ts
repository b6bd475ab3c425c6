import type { Core } from '@strapi/strapi';

type Meta = { attributes: Record<string, { type: string; joinColumn?: { name: string } }> };

/**
 * The values Strapi's entity manager would write for the attributes given, without its per-row walk
 * over every attribute of the model (a third of a fan-out's time): JSON encoded, relations as their
 * join column. Only for the plugin's own models, whose attributes this knows.
 */
const toDbRow = (meta: Meta, data: Record<string, unknown>): Record<string, unknown> => {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const attribute = meta.attributes[key];
    if (!attribute) throw new Error(`[notifs] ${key} is not an attribute of the model being inserted`);
    if (attribute.type === 'relation' && attribute.joinColumn) {
      row[attribute.joinColumn.name] = value ?? null;
    } else if (attribute.type === 'json') {
      row[key] = value === null || value === undefined ? null : JSON.stringify(value);
    } else {
      row[key] = value;
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

/**
 * Inserts rows of one of the plugin's models in one statement (inside the caller's transaction,
 * when there is one) and resolves with their ids in order. Rows must carry a `documentId`: dialects
 * without RETURNING (MySQL) answer with one id, so the ids are then found by documentId.
 * Of the database lifecycles, only `afterCreateMany` runs (with the attribute-keyed rows).
 */
export const insertRows = async (
  strapi: Core.Strapi,
  uid: string,
  rows: (Record<string, unknown> & { documentId: string })[]
): Promise<number[]> => {
  if (!rows.length) return [];
  const meta = strapi.db.metadata.get(uid as never) as unknown as Meta;
  const result = (await strapi.db
    .queryBuilder(uid as never)
    .insert(withoutEmptyColumns(rows.map((row) => toDbRow(meta, row))))
    .execute()) as unknown;
  const returned = (Array.isArray(result) ? result : [result]).map((entry) =>
    Number(entry && typeof entry === 'object' ? (entry as { id: unknown }).id : entry)
  );
  const ids = returned.length === rows.length ? returned : await idsByDocumentId(strapi, uid, rows);
  // Subscribers still hear of the rows (the stream's unread-count watcher does), as after createMany.
  await strapi.db.lifecycles.run('afterCreateMany', uid as never, {
    params: { data: rows },
    result: { count: rows.length, ids },
  } as never);
  return ids;
};

const idsByDocumentId = async (strapi: Core.Strapi, uid: string, rows: { documentId: string }[]): Promise<number[]> => {
  const found = (await strapi.db.query(uid as never).findMany({
    where: { documentId: { $in: rows.map((row) => row.documentId) } },
    select: ['id', 'documentId'],
  })) as { id: number; documentId: string }[];
  const byDocumentId = new Map(found.map((row) => [row.documentId, Number(row.id)]));
  return rows.map((row) => byDocumentId.get(row.documentId) as number);
};
