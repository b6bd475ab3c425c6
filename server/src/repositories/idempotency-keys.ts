import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { tableOf } from './table';

export const IDEMPOTENCY_KEY_UID = 'plugin::notifs.idempotency-key';

/** What a key was used for. */
export interface IdempotencyRecord {
  recipient: number | null;
  /** The stored notification it made; null for a silent one. */
  notificationId: number | null;
}

/**
 * `plugin::notifs.idempotency-key`: one row per key given to notify(), stored or silent, written in
 * notify's transaction. A key is taken with an insert that ignores a conflict, so of two calls with
 * one key (two instances, or inside the app's transaction) exactly one wins, and neither statement
 * fails: on PostgreSQL a failed statement would abort the app's whole transaction.
 */
export const idempotencyKeyRepository = (strapi: Core.Strapi) => {
  let resolved: ReturnType<typeof tableOf> | undefined;
  const t = () => (resolved ??= tableOf(strapi, IDEMPOTENCY_KEY_UID));
  const col = (field: string) => t().column(field);

  return {
    async find(key: string): Promise<IdempotencyRecord | null> {
      const { qb } = await t().table();
      const row = (await qb.select(col('recipient'), col('notificationId')).where(col('key'), key).first()) as Record<string, unknown> | undefined;
      if (!row) return null;
      const id = (value: unknown) => (value === null || value === undefined ? null : Number(value));
      return { recipient: id(row[col('recipient')]), notificationId: id(row[col('notificationId')]) };
    },

    /** Takes `key` for `recipient`; resolves with false when another call holds it already. */
    async take(key: string, recipient: number | null): Promise<boolean> {
      const token = randomUUID();
      const now = new Date();
      const { qb } = await t().table();
      await qb
        .insert({ [col('key')]: key, [col('recipient')]: recipient, [col('claimToken')]: token, [col('documentId')]: token.replace(/-/g, '').slice(0, 24), [col('createdAt')]: now, [col('updatedAt')]: now })
        .onConflict(col('key'))
        .ignore();
      const { qb: read } = await t().table();
      const row = (await read.select(col('claimToken')).where(col('key'), key).first()) as Record<string, unknown> | undefined;
      return row?.[col('claimToken')] === token;
    },

    /** Gives a taken key back (the outbox's undo inside the app's transaction). */
    async release(key: string): Promise<void> {
      const { qb } = await t().table();
      await qb.where(col('key'), key).delete();
    },

    /** Records the notification a taken key made. */
    async attach(key: string, notificationId: number): Promise<void> {
      const { qb } = await t().table();
      await qb.where(col('key'), key).update({ [col('notificationId')]: notificationId });
    },
  };
};

export type IdempotencyKeyRepository = ReturnType<typeof idempotencyKeyRepository>;
