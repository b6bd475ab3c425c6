import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Core } from '@strapi/strapi';
import type { DurableBackend, QueueStats } from './types';
import type { BullmqConfig, QueueConfig } from '../config/schema';
import type { Dispatcher } from '../delivery/dispatcher';
import type { DeliveryRepository, DeliveryRow, DueRow } from '../repositories/deliveries';
import type { DbClock } from '../repositories/db-clock';
import { groupCommit } from '../utils/group-commit';
import { describeConnection, redisConnection, stoppable } from '../config/redis-connection';
import { jobIdFor, type CarriedDelivery, type DeliveryJobData } from './bullmq/job-ids';
import { createRowMarks } from './bullmq/row-marks';
import { backoffStrategy, createProcessor, type Claimed } from './bullmq/processor';
import { addJobs, relayOverdue, type JobOptionsFor } from './bullmq/relay';
import { throttledLog } from '../utils/throttled-log';
import { dueAt } from '../domain/fallback';

/** How long notify waits for Redis to take its jobs before leaving them to the relay. */
const ADD_TIMEOUT_MS = 5_000;
/** After a Redis error, how long notify does not wait for Redis (the relay adds those jobs) and stop() waits at most. */
const REDIS_TROUBLE_MS = 10_000;
/** How often `drain` looks again, and re-runs the relay (every 40 looks). */
const DRAIN_POLL_MS = 25;

/**
 * A queued row's job carries its delivery, so that its worker sends without reading the row; a
 * fallback (checked against its notification when due) and an opened digest (built from its members
 * when due) carry only their id.
 */
const withCarried = ({ id, runAt, queued }: DueRow): { id: number; runAt: Date; delivery?: CarriedDelivery } => {
  if (!queued || queued.delivery.unless) return { id, runAt };
  const { notificationId, channel, provider, payload, context, bulk, group, destination } = queued.delivery;
  return { id, runAt, delivery: { notificationId, channel, provider, payload, context, bulk, group, destination, deliveryId: queued.documentId } };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scale-out: delivery rows are still written in notify's transaction (status, attempts, lastError,
 * sentAt, as with the database backend), and one BullMQ job per row (job id from the row id) is
 * added after the commit. Every instance runs a Worker unless `bullmq.worker` is false; BullMQ
 * carries countdowns (delayed jobs), retries (attempts + a backoff that honours Retry-After) and
 * crash recovery (stalled jobs); a relay adds jobs for committed rows that never got one.
 */
export const createBullmqBackend = ({
  strapi,
  repository,
  dispatcher,
  clock,
  queue: queueConfig,
  bullmq,
}: {
  strapi: Core.Strapi;
  repository: DeliveryRepository;
  dispatcher: Dispatcher;
  clock: DbClock;
  queue: QueueConfig;
  bullmq: BullmqConfig;
}): DurableBackend => {
  let stopping = false;
  const connection = stoppable(redisConnection(bullmq.connection), () => stopping);
  const where = `Redis ${describeConnection(connection)}, queue "${bullmq.queueName}"`;
  const log = throttledLog(strapi.log, where);
  /** When Redis last failed us: while that is recent, nobody waits on it. */
  let redisTroubleAt = 0;
  const logError = (error: Error): void => {
    redisTroubleAt = Date.now();
    log(error);
  };
  const redisTrouble = (): boolean => Date.now() - redisTroubleAt < REDIS_TROUBLE_MS;
  // Jobs finishing together share statements (claims, and the writes of how they ended).
  const marks = createRowMarks({ repository, clock, onError: logError });
  const claimed = groupCommit<number, Claimed | null>(async (ids) => {
    await clock.refresh();
    const rows = await repository.claimForJobs(ids, queueConfig.maxAttempts, clock.now());
    // Fallback channels: one look at the claimed rows' notifications for the whole batch.
    const found = rows.filter((row): row is DeliveryRow => row !== null);
    const skips = new Map((await dispatcher.fallbackSkips(found)).map((reason, i) => [found[i], reason]));
    return rows.map((row) => (row ? { row, skip: skips.get(row) ?? null } : null));
  });
  const processJob = createProcessor({ claim: claimed.add, marks, dispatcher, clock, queue: queueConfig, log: strapi.log });
  let queue: Queue<DeliveryJobData> | undefined;
  let worker: Worker<DeliveryJobData> | undefined;
  let relayTimer: NodeJS.Timeout | undefined;
  let relaying: Promise<number> | null = null;
  /** Jobs this instance's workers finished (sent, failed or skipped): what `drain` answers. */
  let processed = 0;

  const jobOptions: JobOptionsFor = (deliveryId, delayMs) => ({
    jobId: jobIdFor(deliveryId),
    delay: delayMs,
    attempts: queueConfig.maxAttempts,
    backoff: { type: 'notifs' },
    // The row keeps the history; Redis keeps only what is pending, plus recent failures to inspect.
    removeOnComplete: true,
    removeOnFail: { count: 1_000 },
  });

  const currentQueue = (): Queue<DeliveryJobData> => {
    if (!queue) throw new Error('[notifs] the bullmq backend is not started: call it once Strapi has bootstrapped');
    return queue;
  };

  const startWorker = (): Worker<DeliveryJobData> => {
    const started = new Worker<DeliveryJobData>(
      bullmq.queueName,
      async (job: Job<DeliveryJobData>) => {
        try {
          return await processJob(job);
        } finally {
          processed += 1;
        }
      },
      {
        connection,
        concurrency: queueConfig.concurrency,
        lockDuration: bullmq.lockDurationMs,
        stalledInterval: bullmq.lockDurationMs,
        settings: { backoffStrategy: backoffStrategy(queueConfig) },
      }
    );
    started.on('error', logError);
    started.on('failed', (job, error) => {
      // Out of BullMQ attempts on a retryable failure: the row says `failed`, make it `dead`.
      if (!job || error instanceof UnrecoverableError || !job.finishedOn) return;
      repository.markDeadIfPending(job.data.deliveryId, error.message).catch(logError);
    });
    return started;
  };

  const sweep = (graceMs: number): Promise<number> => {
    if (!relaying) {
      relaying = relayOverdue({ queue: currentQueue(), repository, graceMs, jobOptions })
        .catch((error: Error) => {
          logError(error);
          return 0;
        })
        .finally(() => {
          relaying = null;
        });
    }
    return relaying;
  };

  /** Hands committed rows to Redis, each due at its own time; a job Redis does not take is the relay's to add (the rows are committed: notify has succeeded). */
  const addAfterCommit = async (rows: { id: number; runAt: Date; delivery?: CarriedDelivery }[]): Promise<void> => {
    const ids = rows.map((row) => row.id);
    if (redisTrouble()) {
      strapi.log.warn(`[notifs] ${where} failed recently: ${ids.length} job(s) left to the relay (within ${bullmq.relayMs} ms of Redis coming back)`);
      return;
    }
    const adding = addJobs(currentQueue(), rows, jobOptions);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, ADD_TIMEOUT_MS, 'timeout').unref());
    const outcome = await Promise.race([adding, timeout]).catch((error: Error) => error);
    if (outcome === 'timeout' || outcome instanceof Error) {
      redisTroubleAt = Date.now();
      const why = outcome === 'timeout' ? `no answer in ${ADD_TIMEOUT_MS} ms` : outcome.message;
      strapi.log.warn(`[notifs] could not add ${ids.length} job(s) to ${where} (${why}): the relay adds them within ${bullmq.relayMs} ms of Redis coming back`);
    }
  };

  return {
    name: 'bullmq',
    storesRows: true,

    async enqueue(deliveries, { runAt, tx }) {
      // Skipped (preferences, throttle) and merged (digests) rows get no job; a digest opened here gets
      // one, due at its window's end. Each is due at its own time (fallback channels, quiet hours).
      const { due } = await repository.insertMany(deliveries, runAt);
      if (due.length) tx.afterCommit(() => addAfterCommit(due.map(withCarried)));
    },

    async cancel(notificationIds) {
      const cancelled = await repository.cancelForNotifications(notificationIds);
      // A job left behind (one being fetched right now) finds its row cancelled and skips it.
      await Promise.all(cancelled.map((id) => currentQueue().remove(jobIdFor(id)).catch(() => 0)));
      return cancelled.length;
    },

    start() {
      stopping = false;
      queue = new Queue<DeliveryJobData>(bullmq.queueName, { connection });
      queue.on('error', logError);
      if (bullmq.worker) worker = startWorker();
      relayTimer = setInterval(() => void sweep(bullmq.relayMs), bullmq.relayMs);
      relayTimer.unref();
      strapi.log.info(`[notifs] bullmq backend on ${where}${bullmq.worker ? `, worker concurrency ${queueConfig.concurrency}` : ', no worker here'}`);
    },

    async stop() {
      stopping = true;
      clearInterval(relayTimer);
      // close() lets the jobs in flight finish and records them before it resolves; with Redis
      // gone it would wait for a reconnection, so it is bounded then and the connections dropped.
      const graceful = (async () => {
        await relaying;
        await worker?.close();
        await queue?.close();
      })();
      const bound = () => (redisTrouble() ? 1_000 : bullmq.lockDurationMs);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        graceful.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(resolve, bound(), true))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        strapi.log.warn(`[notifs] ${where} did not close in time: dropping the connections (jobs in flight go back to the queue as stalled)`);
        // Even a forced close can wait on a reconnection: give it a moment, then leave it behind.
        await Promise.race([Promise.allSettled([worker?.close(true), queue?.disconnect()]), sleep(1_000)]);
      }
      worker = undefined;
      queue = undefined;
    },

    async drain() {
      const before = processed;
      // Without a worker here (bullmq.worker false, a CLI), drain runs one for its own duration.
      const temporary = worker ? undefined : startWorker();
      try {
        for (let look = 0; !stopping; look += 1) {
          if (look % 40 === 0) await sweep(0);
          if ((await repository.countDue(clock.now())) === 0) {
            const counts = await currentQueue().getJobCounts('waiting', 'active', 'prioritized');
            if (Object.values(counts).every((count) => count === 0)) break;
          }
          await sleep(DRAIN_POLL_MS);
        }
      } finally {
        await temporary?.close();
      }
      return processed - before;
    },

    async stats(): Promise<QueueStats> {
      return repository.countByStatus();
    },

    async retry(deliveryId, tx) {
      const runAt = clock.now();
      if (!(await repository.requeue(deliveryId, runAt))) return false;
      tx.afterCommit(async () => {
        // The old job (failed, kept for inspection) would make the add a no-op: take it out first.
        await currentQueue().remove(jobIdFor(deliveryId)).catch(() => 0);
        await addAfterCommit([{ id: deliveryId, runAt }]);
      });
      return true;
    },
  };
};
