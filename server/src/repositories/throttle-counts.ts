import type { Core } from '@strapi/strapi';
import { NOTIFICATION_UID, USER_UID } from '../utils/uids';
import { dialectOf, tableOf } from './table';

/** Ids per `IN (…)` list (under SQLite's bound-parameter limit). */
const CHUNK = 500;

/**
 * What a throttle counts: the notifications a recipient was let through with a key, since a time.
 * Runs inside notify's own transaction: `lock` takes the recipients' user rows first (PostgreSQL,
 * MySQL), so that instances counting for one recipient at once take turns and the count they read
 * is the one they write after. SQLite has one writer at a time: no lock to take.
 * Times come from `now`, the database's clock: every instance's notifications are counted on one
 * clock (their `createdAt` is set from it too).
 */
export const throttleCounts = (strapi: Core.Strapi, now: () => Date) => {
  let notifications: ReturnType<typeof tableOf> | undefined;
  let users: ReturnType<typeof tableOf> | undefined;
  const n = () => (notifications ??= tableOf(strapi, NOTIFICATION_UID));
  const u = () => (users ??= tableOf(strapi, USER_UID));
  const client = () => dialectOf(strapi);
  const locks = () => client() !== 'sqlite';

  return {
    /** Locks the recipients' user rows until the transaction ends, in id order (two calls never wait on each other crosswise). */
    async lock(recipients: number[]): Promise<void> {
      if (!locks() || !strapi.db.inTransaction()) return;
      const sorted = [...new Set(recipients)].sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; i += CHUNK) {
        const { qb } = await u().table();
        await qb
          .select(u().column('id'))
          .whereIn(u().column('id'), sorted.slice(i, i + CHUNK))
          .orderBy(u().column('id'))
          .forUpdate();
      }
    },

    /** How many notifications each recipient was let through with `key` in the last `windowSeconds` (absent: none). */
    async count(recipients: number[], key: string, windowSeconds: number): Promise<Map<number, number>> {
      const counts = new Map<number, number>();
      const since = new Date(now().getTime() - windowSeconds * 1000);
      const recipient = n().column('recipient');
      const unique = [...new Set(recipients)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const { qb } = await n().table();
        // MySQL reads a transaction's rows as of its first plain read (REPEATABLE READ), which may
        // come before the lock (an idempotency key's lookup, the app's own queries): a locking read
        // sees what the calls before this one committed. PostgreSQL reads anew at each statement.
        if (client() === 'mysql' && strapi.db.inTransaction()) qb.forShare();
        const rows = (await qb
          .select(recipient)
          .count({ total: '*' })
          .whereIn(recipient, unique.slice(i, i + CHUNK))
          .andWhere(n().column('throttleKey'), key)
          .andWhere(n().column('createdAt'), '>', since)
          .groupBy(recipient)) as Record<string, unknown>[];
        rows.forEach((row) => counts.set(Number(row[recipient]), Number(row.total)));
      }
      return counts;
    },
  };
};

export type ThrottleCounts = ReturnType<typeof throttleCounts>;
