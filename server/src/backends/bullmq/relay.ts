import type { Queue } from 'bullmq';
import type { JobDeliveryRepository } from '../../repositories/job-deliveries';
import { DELIVERY_JOB, jobIdFor, type DeliveryJobData } from './job-ids';

/** Rows looked at per sweep step. */
const PAGE = 500;

/** Job options every delivery job gets; set once by the backend. */
export type JobOptionsFor = (deliveryId: number, delayMs: number) => Parameters<Queue<DeliveryJobData>['add']>[2];

/** Adds the jobs of delivery rows (a no-op for those that have one), due at their `runAt`. */
export const addJobs = async (
  queue: Queue<DeliveryJobData>,
  rows: { id: number; runAt: string | Date }[],
  jobOptions: JobOptionsFor
): Promise<void> => {
  if (!rows.length) return;
  const now = Date.now();
  await queue.addBulk(
    rows.map(({ id, runAt }) => ({
      name: DELIVERY_JOB,
      data: { deliveryId: id },
      opts: jobOptions(id, Math.max(0, new Date(runAt).getTime() - now)),
    }))
  );
};

/**
 * The outbox relay: rows committed but never handed to Redis (the process died between the commit
 * and the add, or Redis was down) get their job. Rows left `sending` whose job BullMQ failed as
 * stalled are marked dead with BullMQ's reason. Every instance may run it: adds are idempotent.
 * Resolves with how many rows it looked at.
 */
export const relayOverdue = async ({
  queue,
  repository,
  graceMs,
  jobOptions,
}: {
  queue: Queue<DeliveryJobData>;
  repository: JobDeliveryRepository;
  graceMs: number;
  jobOptions: JobOptionsFor;
}): Promise<number> => {
  const before = new Date(Date.now() - graceMs);
  let afterId = 0;
  let seen = 0;
  for (;;) {
    const rows = await repository.findOverdue({ before, afterId, limit: PAGE });
    if (!rows.length) return seen;
    seen += rows.length;
    afterId = rows[rows.length - 1].id;
    await addJobs(queue, rows, jobOptions);
    // Only rows a worker touched can have a job BullMQ gave up on.
    for (const row of rows.filter((one) => one.status !== 'queued')) {
      const job = await queue.getJob(jobIdFor(row.id));
      if (job && (await job.isFailed())) await repository.markDeadIfPending(row.id, job.failedReason || 'BullMQ failed the job');
    }
    if (rows.length < PAGE) return seen;
  }
};
