import type { Core } from '@strapi/strapi';

/** What this file uses of a better-sqlite3 statement and database. */
interface Statement {
  run(...values: unknown[]): { lastInsertRowid: number | bigint; changes: number };
  all(...values: unknown[]): unknown[];
}
interface RawDatabase {
  prepare(sql: string): Statement;
  readonly inTransaction: boolean;
}
interface KnexClient {
  driverName?: string;
  acquireConnection(): Promise<RawDatabase>;
  releaseConnection(connection: RawDatabase): Promise<void>;
}

/** Statements prepared once per connection: knex prepares every statement again (a tenth of a notify's time). */
const cache = new WeakMap<RawDatabase, Map<string, Statement>>();

/** One held SQLite connection, with its cached statements. */
export interface SqliteConnection {
  /** Runs a statement (prepared once per text): the new rowid and the rows changed. */
  run(sql: string, values: unknown[]): { lastInsertRowid: number; changes: number };
  all<T>(sql: string, values: unknown[]): T[];
  /** Whether a transaction is open on it (a failed COMMIT may leave one). */
  inTransaction(): boolean;
}

/** What knex binds for a value on better-sqlite3: dates as milliseconds, booleans as 0/1 (so rows read back alike). */
export const toSqliteValue = (value: unknown): unknown => {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return Number(value);
  return value === undefined ? null : value;
};

const wrap = (raw: RawDatabase): SqliteConnection => {
  let statements = cache.get(raw);
  if (!statements) cache.set(raw, (statements = new Map()));
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = raw.prepare(sql)));
    return statement;
  };
  return {
    run(sql, values) {
      const result = prepared(sql).run(...values.map(toSqliteValue));
      return { lastInsertRowid: Number(result.lastInsertRowid), changes: result.changes };
    },
    all<T>(sql: string, values: unknown[]) {
      return prepared(sql).all(...values.map(toSqliteValue)) as T[];
    },
    inTransaction: () => raw.inTransaction,
  };
};

/**
 * The app's SQLite connection, taken from knex's pool (of one: while held, knex's own queries wait)
 * for statements that run on every notify. Undefined on other databases and drivers. `use` must not
 * wait for a knex query: that query would wait for this connection.
 */
export const sqliteConnection = (strapi: Core.Strapi) => {
  const client = (strapi.db.connection as unknown as { client: KnexClient }).client;
  if (client.driverName !== 'better-sqlite3') return undefined;
  return {
    async use<T>(work: (connection: SqliteConnection) => Promise<T> | T): Promise<T> {
      const raw = await client.acquireConnection();
      try {
        return await work(wrap(raw));
      } finally {
        await client.releaseConnection(raw);
      }
    },
  };
};

export type SqliteAccess = NonNullable<ReturnType<typeof sqliteConnection>>;
