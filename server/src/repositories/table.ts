import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

interface AttributeMeta {
  columnName?: string;
  joinColumn?: { name: string };
}

/**
 * Direct knex access to one of the plugin's tables, for the statements Strapi's query engine cannot
 * say or says slowly. Column names come from Strapi's metadata, so they follow the content type.
 */
export const tableOf = (strapi: Core.Strapi, uid: string) => {
  const meta = strapi.db.metadata.get(uid as never) as unknown as { tableName: string; attributes: Record<string, AttributeMeta> };
  const column = (field: string): string => {
    const attribute = meta.attributes[field];
    const name = attribute?.columnName ?? attribute?.joinColumn?.name;
    if (!name) throw new Error(`[notifs] ${uid} has no column for "${field}"`);
    return name;
  };
  return {
    tableName: meta.tableName,
    column,
    /**
     * A query builder on the table, inside the caller's transaction when there is one (SQLite has
     * one connection: a query outside it would wait for it). Resolves with `{ qb }`: a builder is
     * thenable, so it cannot be the resolved value itself.
     */
    async table(): Promise<{ qb: Knex.QueryBuilder }> {
      const qb = strapi.db.getConnection(meta.tableName) as Knex.QueryBuilder;
      if (strapi.db.inTransaction()) {
        // A nested transaction() hands back the current one and neither commits nor rolls it back.
        const { trx } = await strapi.db.transaction(async ({ trx: current }) => ({ trx: current }));
        qb.transacting(trx);
      }
      return { qb };
    },
  };
};

/** The database's dialect as Strapi names it: 'sqlite', 'postgres' or 'mysql'. */
export const dialectOf = (strapi: Core.Strapi): string => (strapi.db.dialect as unknown as { client: string }).client;
