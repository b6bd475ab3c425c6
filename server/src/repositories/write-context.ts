import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import type { SqliteConnection } from './sqlite-connection';

/**
 * The transaction the outbox opened for a group of submissions, as the repositories' inserts see it:
 * on SQLite, the held connection (inserts run cached statements on it, and the database lifecycles
 * wait for the commit: a subscriber's query would wait for the connection); elsewhere, inserts of
 * one table issued in one turn of the event loop are joined into one statement, and so are reads by id.
 */
export interface WriteContext {
  /** False once the transaction ended: work that outlived it (a timer) writes on its own. */
  open: boolean;
  sqlite?: SqliteConnection;
  /** Elsewhere, the knex transaction (joined inserts on PostgreSQL write through it in raw SQL). */
  knex?: Knex.Transaction;
  /** Run after the commit, in order (database lifecycles of what was inserted on the held connection). */
  afterCommit: (() => Promise<void>)[];
  /** Pending joined inserts, per table. */
  joined: Map<string, (rows: Record<string, unknown>[]) => Promise<number[]>>;
  /** Pending joined reads by id, per table (see joined-read). */
  joinedReads: Map<string, (ids: number[]) => Promise<Map<number, unknown>>>;
}

export const writeContext = new AsyncLocalStorage<WriteContext>();
