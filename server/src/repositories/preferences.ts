import type { Core } from '@strapi/strapi';
import { preferencesSchema, type Preferences } from '../domain/preferences';
import { createDocumentId } from '../utils/document-id';
import { PREFERENCE_UID } from '../utils/uids';
import { tableOf } from './table';
import { writeContext } from './write-context';
import { joinedRead } from './joined-read';

/** User ids per `IN (…)` list (under SQLite's bound-parameter limit). */
const ID_CHUNK = 500;

// SQLite and MySQL hand JSON columns back as text; PostgreSQL as values.
const fromJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * `plugin::notifs.preference`: one row per user (unique `user_id`), the preferences as JSON. A row
 * that no longer parses (edited by hand) counts as none, so a send is never refused over it.
 */
export const preferenceRepository = (strapi: Core.Strapi) => {
  let resolved: ReturnType<typeof tableOf> | undefined;
  const t = () => (resolved ??= tableOf(strapi, PREFERENCE_UID));
  const col = (field: string) => t().column(field);

  const parse = (raw: unknown): Preferences | undefined => {
    const result = preferencesSchema.safeParse(fromJson(raw));
    return result.success ? result.data : undefined;
  };

  /** Reads the rows of these users, per 500: on the held SQLite connection when `onHeld` is given, else with knex. */
  const readRows = async (
    userIds: number[],
    onHeld?: (sql: string, chunk: number[]) => Record<string, unknown>[]
  ): Promise<Map<number, Preferences>> => {
    const found = new Map<number, Preferences>();
    for (let i = 0; i < userIds.length; i += ID_CHUNK) {
      const chunk = userIds.slice(i, i + ID_CHUNK);
      let rows: Record<string, unknown>[];
      if (onHeld) {
        rows = onHeld(`select "${col('user')}", "${col('preferences')}" from "${t().tableName}" where "${col('user')}" in (${chunk.map(() => '?').join(', ')})`, chunk);
      } else {
        const { qb } = await t().table();
        rows = (await qb.select(col('user'), col('preferences')).whereIn(col('user'), chunk)) as Record<string, unknown>[];
      }
      for (const row of rows) {
        const preferences = parse(row[col('preferences')]);
        if (preferences) found.set(Number(row[col('user')]), preferences);
      }
    }
    return found;
  };

  return {
    /**
     * The stored preferences of these users, by user id (users with none are absent). One query per
     * 500 users; inside the outbox's transaction, the reads of one turn of the event loop are one query.
     */
    async findMany(userIds: number[]): Promise<Map<number, Preferences>> {
      const held = writeContext.getStore();
      // On SQLite the connection is held: ask through it (a knex query would wait for it).
      const sqlite = held?.open ? held.sqlite : undefined;
      if (sqlite) return readRows(userIds, (sql, chunk) => sqlite.all<Record<string, unknown>>(sql, chunk));
      if (held?.open) return joinedRead(held, t().tableName, userIds, (ids) => readRows(ids));
      return readRows(userIds);
    },

    /** One user's stored preferences; `forUpdate` locks the row for a read-modify-write (PostgreSQL, MySQL). */
    async find(userId: number, { forUpdate = false } = {}): Promise<Preferences | undefined> {
      const { qb } = await t().table();
      const query = qb.select(col('preferences')).where(col('user'), userId).first();
      if (forUpdate && strapi.db.inTransaction()) query.forUpdate();
      const row = (await query) as Record<string, unknown> | undefined;
      return row ? parse(row[col('preferences')]) : undefined;
    },

    /** Stores a user's preferences, replacing what they had. */
    async save(userId: number, preferences: Preferences): Promise<void> {
      const now = new Date();
      const { qb } = await t().table();
      await qb
        .insert({
          [col('documentId')]: createDocumentId(),
          [col('user')]: userId,
          [col('preferences')]: JSON.stringify(preferences),
          [col('createdAt')]: now,
          [col('updatedAt')]: now,
          [col('publishedAt')]: now,
        })
        .onConflict(col('user'))
        .merge([col('preferences'), col('updatedAt')]);
    },
  };
};

export type PreferenceRepository = ReturnType<typeof preferenceRepository>;
