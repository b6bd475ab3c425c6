import type { Core } from '@strapi/strapi';
import { DELIVERY_UID } from '../utils/uids';
import type { DeliveryRow, DeliveryStatus } from './deliveries';

/** A delivery row as the driver answers it (JSON as text on SQLite). */
interface RawDeliveryRow {
  id: number | string;
  notification_id: number | string | null;
  channel: string;
  provider: string;
  payload: unknown;
  context: unknown;
  bulk: boolean | number | null;
  status: DeliveryStatus;
  attempts: number | string;
  run_at: string | Date;
  last_error: string | null;
}

const fromJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

const fromRaw = (raw: RawDeliveryRow): DeliveryRow => ({
  id: Number(raw.id),
  notification: raw.notification_id === null ? null : { id: Number(raw.notification_id) },
  channel: raw.channel,
  provider: raw.provider,
  payload: fromJson(raw.payload),
  context: fromJson(raw.context) as DeliveryRow['context'],
  bulk: Boolean(raw.bulk),
  status: raw.status,
  attempts: Number(raw.attempts),
  runAt: raw.run_at,
  lastError: raw.last_error,
});

/** Ids per `IN (…)` list (under SQLite's bound-parameter limit). */
const BATCH = 500;
const chunks = <T>(items: T[]): T[][] => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));

/** A row the relay looks at. */
export interface OverdueRow {
  id: number;
  runAt: string | Date;
  status: DeliveryStatus;
}

/** Statuses a job may still act on: `sending` is a worker that died mid-send (BullMQ re-runs it). */
const ACTIONABLE: DeliveryStatus[] = ['queued', 'failed', 'sending'];

/**
 * Single-row status transitions of `plugin::notifs.delivery` for queues that hand out one delivery
 * per job (the bullmq backend). Each write re-checks the status it expects (compare-and-set), so a
 * job that runs twice never marks a row twice.
 */
export const jobDeliveryRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(DELIVERY_UID);

  return {
    /**
     * Claims the rows of a batch of jobs: marks `sending` those still waiting (or left `sending` by a
     * worker that died), then reads them back in one plain select (Strapi's findOne with the relation
     * populated costs two queries a row). Resolves with one row or null per id, in order: null when
     * the row is gone, sent, dead or cancelled.
     */
    async claim(ids: number[]): Promise<(DeliveryRow | null)[]> {
      const { tableName } = strapi.db.metadata.get(DELIVERY_UID as never) as unknown as { tableName: string };
      const byId = new Map<number, DeliveryRow>();
      for (const batch of chunks(ids)) {
        await query().updateMany({
          where: { id: { $in: batch }, status: { $in: ACTIONABLE } },
          data: { status: 'sending', updatedAt: new Date() },
        });
        const raws = (await strapi.db
          .connection(tableName)
          .select('id', 'notification_id', 'channel', 'provider', 'payload', 'context', 'bulk', 'status', 'attempts', 'run_at', 'last_error')
          .whereIn('id', batch)
          .andWhere('status', 'sending')) as RawDeliveryRow[];
        raws.forEach((raw) => byId.set(Number(raw.id), fromRaw(raw)));
      }
      return ids.map((id) => byId.get(id) ?? null);
    },

    /** Marks sent rows that are `sending`: one statement per attempt count. */
    async markSent(rows: DeliveryRow[], sentAt: Date): Promise<void> {
      const byAttempts = new Map<number, number[]>();
      rows.forEach((row) => byAttempts.set(row.attempts, [...(byAttempts.get(row.attempts) ?? []), row.id]));
      for (const [attempts, ids] of byAttempts) {
        for (const batch of chunks(ids)) {
          await query().updateMany({
            where: { id: { $in: batch }, status: 'sending' },
            data: { status: 'sent', sentAt, attempts: attempts + 1, lastError: null, updatedAt: sentAt },
          });
        }
      }
    },

    /** Records a failed attempt: `failed` with the next run time, or `dead`. */
    async markFailed(row: DeliveryRow, outcome: { dead: boolean; runAt: Date; error: string }): Promise<void> {
      await query().updateMany({
        where: { id: row.id, status: 'sending' },
        data: {
          status: outcome.dead ? 'dead' : 'failed',
          attempts: row.attempts + 1,
          runAt: outcome.runAt,
          lastError: outcome.error,
          updatedAt: new Date(),
        },
      });
    },

    /** Marks dead a row whose job BullMQ gave up on without the processor recording it (a stall). */
    async markDeadIfPending(id: number, error: string): Promise<void> {
      await query().updateMany({
        where: { id, status: { $in: ACTIONABLE } },
        data: { status: 'dead', lastError: error, updatedAt: new Date() },
      });
    },

    /** Cancels a notification's waiting deliveries; resolves with the ids it cancelled. */
    async cancelForNotification(notificationId: number): Promise<number[]> {
      const waiting = (await query().findMany({
        where: { notification: { id: notificationId }, status: { $in: ['queued', 'failed'] } },
        select: ['id'],
      })) as { id: number }[];
      const cancelled: number[] = [];
      for (const { id } of waiting) {
        const { count } = await query().updateMany({
          where: { id, status: { $in: ['queued', 'failed'] } },
          data: { status: 'cancelled', updatedAt: new Date() },
        });
        if (count) cancelled.push(id);
      }
      return cancelled;
    },

    /**
     * Rows that should have a job by now: waiting and due before `before`, or `sending` since before
     * it. After `afterId`, by id, at most `limit`.
     */
    async findOverdue({ before, afterId, limit }: { before: Date; afterId: number; limit: number }): Promise<OverdueRow[]> {
      return (await query().findMany({
        where: {
          id: { $gt: afterId },
          $or: [
            { status: { $in: ['queued', 'failed'] }, runAt: { $lte: before } },
            { status: 'sending', updatedAt: { $lte: before } },
          ],
        },
        select: ['id', 'runAt', 'status'],
        orderBy: { id: 'asc' },
        limit,
      })) as OverdueRow[];
    },

    /** How many rows are due now or being sent: what `drain` waits for. */
    async countDue(now: Date): Promise<number> {
      return query().count({
        where: { $or: [{ status: { $in: ['queued', 'failed'] }, runAt: { $lte: now } }, { status: 'sending' }] },
      });
    },
  };
};

export type JobDeliveryRepository = ReturnType<typeof jobDeliveryRepository>;
