import type { Core } from '@strapi/strapi';
import type { ChannelContext, PlannedDelivery } from '../types';
import { DELIVERY_UID } from '../utils/uids';
import { createDocumentId } from '../utils/document-id';
import { insertRows } from './insert-rows';

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead' | 'cancelled';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'dead', 'cancelled'];

/** A delivery row as the queue reads it. */
export interface DeliveryRow {
  id: number;
  notification: { id: number } | null;
  channel: string;
  provider: string;
  payload: unknown;
  context: ChannelContext | null;
  bulk: boolean;
  status: DeliveryStatus;
  attempts: number;
  runAt: string | Date;
  lastError: string | null;
}

/** A delivery row as the dispatcher takes it: what was planned at notify time. */
export const toPlanned = (row: DeliveryRow): PlannedDelivery => ({
  notificationId: row.notification?.id ?? null,
  channel: row.channel,
  provider: row.provider,
  payload: row.payload,
  context: row.context ?? {},
  bulk: Boolean(row.bulk),
});

/** Rows per statement, and ids per `IN (…)` list (under SQLite's bound-parameter limit). */
const BATCH = 500;

/** Claimable now: waiting and due, or claimed by a worker whose lease ran out (it died). */
const claimable = (now: Date) => ({
  $or: [
    { status: { $in: ['queued', 'failed'] }, runAt: { $lte: now } },
    { status: 'sending', leaseUntil: { $lt: now } },
  ],
});

const chunks = <T>(items: T[], size = BATCH): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Reads and writes of `plugin::notifs.delivery` for the database backend. */
export const deliveryRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(DELIVERY_UID);

  return {
    /** Inserts queued deliveries; joins the caller's transaction (notify's outbox) when there is one. Resolves with their ids. */
    async insertMany(deliveries: PlannedDelivery[], runAt: Date): Promise<number[]> {
      const now = new Date();
      const ids: number[] = [];
      for (const batch of chunks(deliveries)) {
        ids.push(...await insertRows(
          strapi,
          DELIVERY_UID,
          batch.map((delivery) => ({
            documentId: createDocumentId(),
            notification: delivery.notificationId,
            channel: delivery.channel,
            provider: delivery.provider,
            payload: delivery.payload,
            context: delivery.context,
            bulk: delivery.bulk,
            status: 'queued',
            attempts: 0,
            runAt,
            createdAt: now,
            updatedAt: now,
            publishedAt: now,
          }))
        ));
      }
      return ids;
    },

    /**
     * Claims up to `limit` due deliveries for this worker. The update re-checks claimability, so of
     * two workers that picked the same rows only one changes each row (compare-and-set), and the
     * rows are read back by the claim's own token.
     */
    async claim({ now, limit, token, leaseUntil }: { now: Date; limit: number; token: string; leaseUntil: Date }): Promise<DeliveryRow[]> {
      const candidates = (await query().findMany({
        where: claimable(now),
        select: ['id'],
        orderBy: { runAt: 'asc' },
        limit,
      })) as { id: number }[];
      if (!candidates.length) return [];
      await query().updateMany({
        where: { id: { $in: candidates.map((row) => row.id) }, ...claimable(now) },
        data: { status: 'sending', claimToken: token, leaseUntil },
      });
      return (await query().findMany({
        where: { claimToken: token, status: 'sending' },
        populate: { notification: { select: ['id'] } },
        orderBy: { id: 'asc' },
      })) as DeliveryRow[];
    },

    /** Marks sent the rows this claim still holds. */
    async markSent(rows: DeliveryRow[], token: string, sentAt: Date): Promise<void> {
      // Rows of one claim share their attempt count only by chance: group them so each group is one statement.
      const byAttempts = new Map<number, number[]>();
      rows.forEach((row) => byAttempts.set(row.attempts, [...(byAttempts.get(row.attempts) ?? []), row.id]));
      for (const [attempts, ids] of byAttempts) {
        for (const batch of chunks(ids)) {
          await query().updateMany({
            where: { id: { $in: batch }, claimToken: token },
            data: { status: 'sent', sentAt, attempts: attempts + 1, lastError: null, claimToken: null, leaseUntil: null },
          });
        }
      }
    },

    /** Records a failed attempt: `failed` with the next run time, or `dead`. */
    async markFailed(row: DeliveryRow, token: string, outcome: { dead: boolean; runAt: Date; error: string }): Promise<void> {
      await query().updateMany({
        where: { id: row.id, claimToken: token },
        data: {
          status: outcome.dead ? 'dead' : 'failed',
          attempts: row.attempts + 1,
          runAt: outcome.runAt,
          lastError: outcome.error,
          claimToken: null,
          leaseUntil: null,
        },
      });
    },

    /** Cancels a notification's deliveries that are waiting; resolves with how many. */
    async cancelForNotification(notificationId: number): Promise<number> {
      const waiting = (await query().findMany({
        where: { notification: { id: notificationId }, status: { $in: ['queued', 'failed'] } },
        select: ['id'],
      })) as { id: number }[];
      let count = 0;
      for (const batch of chunks(waiting.map((row) => row.id))) {
        count += (await query().updateMany({
          where: { id: { $in: batch }, status: { $in: ['queued', 'failed'] } },
          data: { status: 'cancelled' },
        })).count;
      }
      return count;
    },

    /** Puts a failed, dead or cancelled delivery back in the queue, due now. */
    async requeue(id: number): Promise<number> {
      const { count } = await query().updateMany({
        where: { id, status: { $in: ['failed', 'dead', 'cancelled'] } },
        data: { status: 'queued', runAt: new Date(), claimToken: null, leaseUntil: null },
      });
      return count;
    },

    async findOne(id: number): Promise<DeliveryRow | null> {
      return (await query().findOne({ where: { id }, populate: { notification: { select: ['id'] } } })) as DeliveryRow | null;
    },

    /** How many deliveries are in each status. */
    async countByStatus(): Promise<Record<DeliveryStatus, number>> {
      const counts = await Promise.all(DELIVERY_STATUSES.map((status) => query().count({ where: { status } })));
      return Object.fromEntries(DELIVERY_STATUSES.map((status, i) => [status, counts[i]])) as Record<DeliveryStatus, number>;
    },

    /** Whether anything is claimable now. */
    async hasDue(now: Date): Promise<boolean> {
      return (await query().count({ where: claimable(now) })) > 0;
    },
  };
};

export type DeliveryRepository = ReturnType<typeof deliveryRepository>;
