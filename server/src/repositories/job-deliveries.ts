import type { Core } from '@strapi/strapi';
import { DELIVERY_UID } from '../utils/uids';
import type { DeliveryRow, DeliveryStatus } from './deliveries';

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
    /** The row a job is for, or null when it is gone or no longer waiting (sent, dead, cancelled). */
    async findActionable(id: number): Promise<DeliveryRow | null> {
      const row = (await query().findOne({ where: { id }, populate: { notification: { select: ['id'] } } })) as DeliveryRow | null;
      return row && ACTIONABLE.includes(row.status) ? row : null;
    },

    /** Marks the row `sending`; false when another writer changed it first. */
    async markSending(row: DeliveryRow): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id: row.id, status: row.status },
        data: { status: 'sending', updatedAt: new Date() },
      });
      return count > 0;
    },

    async markSent(row: DeliveryRow, sentAt: Date): Promise<void> {
      await query().updateMany({
        where: { id: row.id, status: 'sending' },
        data: { status: 'sent', sentAt, attempts: row.attempts + 1, lastError: null, updatedAt: sentAt },
      });
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
