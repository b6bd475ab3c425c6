import type { Core } from '@strapi/strapi';
import { sqliteConnection, type SqliteAccess } from './sqlite-connection';
import { writeContext, type WriteContext } from './write-context';

/**
 * The outbox's own transactions (never the app's): what the repositories insert inside `work` takes
 * the fast path. On SQLite (better-sqlite3), the connection is held and each row is one cached
 * statement; elsewhere, a knex transaction in which inserts of a table made in one turn of the event
 * loop are joined into one statement. The database lifecycles of the rows run after the commit.
 */
export const createWritePath = (strapi: Core.Strapi) => {
  let sqlite: SqliteAccess | undefined | null = null;
  /** The held SQLite connection, or undefined on another database (looked up once). */
  const sqliteAccess = (): SqliteAccess | undefined => {
    if (sqlite === null) sqlite = sqliteConnection(strapi);
    return sqlite;
  };

  const onSqlite = <T>(access: SqliteAccess, context: WriteContext, work: () => Promise<T>): Promise<T> =>
    access.use(async (connection) => {
      context.sqlite = connection;
      connection.run('BEGIN', []);
      try {
        const value = await writeContext.run(context, work);
        connection.run('COMMIT', []);
        return value;
      } catch (error) {
        if (connection.inTransaction()) connection.run('ROLLBACK', []);
        throw error;
      } finally {
        context.open = false;
      }
    });

  const withKnex = async <T>(context: WriteContext, work: () => Promise<T>): Promise<T> => {
    try {
      return await strapi.db.transaction(({ trx }) => {
        context.knex = trx;
        return writeContext.run(context, work);
      });
    } finally {
      context.open = false;
    }
  };

  return {
    /**
     * How many of these transactions are worth running at once: one on SQLite, whose single
     * connection the first holds; two on a pooled database (unless its pool has one connection), so
     * one is built while the other waits on it.
     */
    flights(): number {
      if (sqliteAccess()) return 1;
      const { pool } = strapi.db.connection.client as { pool?: { max?: number } };
      return Math.max(1, Math.min(2, pool?.max ?? 2));
    },

    /** Runs `work` in a transaction of its own; resolves once it is committed and the lifecycles ran. */
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      const held = sqliteAccess();
      const context: WriteContext = { open: true, afterCommit: [], joined: new Map(), joinedReads: new Map() };
      const value = held ? await onSqlite(held, context, work) : await withKnex(context, work);
      for (const task of context.afterCommit) await task();
      return value;
    },
  };
};

export type WritePath = ReturnType<typeof createWritePath>;
