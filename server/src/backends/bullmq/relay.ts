import type { Queue } from 'bullmq';
import type { DeliveryRepository } from '../../repositories/deliveries';
import { DELIVERY_JOB, jobIdFor, type CarriedDelivery, type DeliveryJobData } from './job-ids';

/** Rows looked at per sweep step. */
const PAGE = 500;

/** Job options every delivery job gets; set once by the backend. */
export type JobOptionsFor = (deliveryId: number, delayMs: number) => Parameters<Queue<DeliveryJobData>['add']>[2];

/** Adds the jobs of delivery rows (a no-op for those that have one), due at their `runAt`, each with its delivery when it carries one. */
export const addJobs = async (
  queue: Queue<DeliveryJobData>,
  rows: { id: number; runAt: string | Date; delivery?: CarriedDelivery }[],
  jobOptions: JobOptionsFor
): Promise<void> => {
  if (!rows.length) return;
  const now = Date.now();
  await queue.addBulk(
    rows.map(({ id, runAt, delivery }) => ({
      name: DELIVERY_JOB,
      data: delivery ? { deliveryId: id, delivery } : { deliveryId: id },
      opts: jobOptions(id, Math.max(0, new Date(runAt).getTime() - now)),
    }))
  );
};

/** Rows looked at per sweep at most: under a backlog the oldest come first, and the rest at later sweeps. */
const MAX_CHECKED = 2_000;

/**
 * The outbox relay: rows committed but never handed to Redis (the process died between the commit
 * and the add, or Redis was down) get their job; rows left `sending` whose job BullMQ failed as
 * stalled are marked dead with BullMQ's reason. Under a backlog every overdue row is waiting in
 * Redis already: only rows whose job is missing get one (a state check, not an add of every row),
 * and a sweep looks at the 2,000 oldest at most. Every instance may run it: adds are idempotent.
 * Resolves with how many jobs it added.
 */
export const relayOverdue = async ({
  queue,
  repository,
  graceMs,
  jobOptions,
}: {
  queue: Queue<DeliveryJobData>;
  repository: DeliveryRepository;
  graceMs: number;
  jobOptions: JobOptionsFor;
}): Promise<number> => {
  const before = new Date(Date.now() - graceMs);
  let afterId = 0;
  let added = 0;
  for (let checked = 0; checked < MAX_CHECKED; ) {
    const rows = await repository.findOverdue({ before, afterId, limit: PAGE });
    if (!rows.length) return added;
    afterId = rows[rows.length - 1].id;
    checked += rows.length;
    const states = await Promise.all(rows.map((row) => queue.getJobState(jobIdFor(row.id))));
    const missing = rows.filter((_row, i) => states[i] === 'unknown');
    await addJobs(queue, missing, jobOptions);
    added += missing.length;
    // Only rows a worker touched can have a job BullMQ gave up on.
    for (const [i, row] of rows.entries()) {
      if (row.status !== 'queued' && states[i] === 'failed') {
        const job = await queue.getJob(jobIdFor(row.id));
        await repository.markDeadIfPending(row.id, job?.failedReason || 'BullMQ failed the job');
      }
    }
    if (rows.length < PAGE) return added;
  }
  return added;
};
