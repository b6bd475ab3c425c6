import type { Core } from '@strapi/strapi';
import { USER_UID } from '../utils/uids';
import { groupCommit } from '../utils/group-commit';
import { sqliteConnection, type SqliteAccess } from './sqlite-connection';
import { writeContext } from './write-context';

const ID_CHUNK = 900; // under SQLite's bound-parameter limit

/** The ids found among `ids`: a cached statement on SQLite when no transaction holds the connection, else the query engine. */
const foundIds = async (strapi: Core.Strapi, sqlite: SqliteAccess | undefined, ids: number[]): Promise<Set<number>> => {
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    // Inside a transaction (the app's, or the outbox's), the connection is taken: ask through it.
    if (sqlite && !strapi.db.inTransaction() && !writeContext.getStore()?.open) {
      const { tableName } = strapi.db.metadata.get(USER_UID as never) as unknown as { tableName: string };
      const sql = `select id from "${tableName}" where id in (${chunk.map(() => '?').join(', ')})`;
      (await sqlite.use((connection) => connection.all<{ id: number }>(sql, chunk))).forEach(({ id }) => found.add(Number(id)));
    } else {
      const rows = (await strapi.db.query(USER_UID).findMany({ where: { id: { $in: chunk } }, select: ['id'] })) as { id: number }[];
      rows.forEach(({ id }) => found.add(Number(id)));
    }
  }
  return found;
};

/** Per app: checks made outside any transaction while one is in flight share the next query (notify checks its recipient on every call). */
const checkers = new WeakMap<Core.Strapi, (ids: number[]) => Promise<Set<number>>>();

const checkerOf = (strapi: Core.Strapi) => {
  let check = checkers.get(strapi);
  if (!check) {
    const sqlite = sqliteConnection(strapi);
    const joined = groupCommit<number[], Set<number>>(async (lists) => {
      const found = await foundIds(strapi, sqlite, [...new Set(lists.flat())]);
      return lists.map(() => found);
    });
    check = (ids) => joined.add(ids);
    checkers.set(strapi, check);
  }
  return check;
};

/** The ids among `ids` that no users-permissions user has. */
export const findMissingUsers = async (strapi: Core.Strapi, ids: number[]): Promise<Set<number>> => {
  const unique = [...new Set(ids)];
  // In a transaction, the check must see its writes and run on its connection: no sharing.
  const found =
    strapi.db.inTransaction() || writeContext.getStore()?.open
      ? await foundIds(strapi, undefined, unique)
      : await checkerOf(strapi)(unique);
  return new Set(unique.filter((id) => !found.has(id)));
};
