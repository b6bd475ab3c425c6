import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PlannedDelivery } from '../domain/types';
import { MAX_COUNTDOWN_S } from '../domain/limits';
import type { DeliveryBackend, DurableBackend, OutboxTransaction } from '../backends';
import type { DbClock } from '../repositories/db-clock';
import type { WritePath } from '../repositories/write-path';
import { groupCommit } from '../utils/group-commit';

/** What one submission to the outbox writes. */
export interface Submission<N> {
  /** Seconds before the deliveries are due. */
  countdown?: number;
  /** Inserts what the deliveries belong to (notifications), inside the outbox's transaction. */
  store?: () => Promise<N[]>;
  /** Builds the deliveries of what was stored; a throw refuses the submission, and nothing is left behind. */
  plan: (stored: N[]) => PlannedDelivery[];
  /** Deletes what `store` inserted: needed when the outbox joined the app's transaction, which a throw does not roll back. */
  unstore?: (stored: N[]) => Promise<void>;
  /**
   * `store` runs queries of its own besides inserting rows (an idempotency key's lookup): the
   * submission gets a transaction of its own instead of sharing one with the others in flight.
   */
  exclusive?: boolean;
}

type Written = { stored: unknown[]; planned: PlannedDelivery[] };

/** One submission waiting for its group's transaction. */
interface Pending {
  submission: Submission<unknown>;
  runAt: Date;
  backend: DeliveryBackend;
}

/** Checks a countdown at the edge of the outbox (channel.notify() hands it over as given). */
const checkCountdown = (countdown: unknown): number => {
  const value = countdown ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_COUNTDOWN_S) {
    throw new errors.ValidationError(
      `"countdown" must be a number of seconds from 0 to ${MAX_COUNTDOWN_S} (one year); got ${String(countdown)}`
    );
  }
  return value;
};

/**
 * Submissions a second group transaction needs before it opens beside the first (PostgreSQL, MySQL):
 * each transaction costs the process a share of its own, which a few submissions do not repay.
 * Two groups of 25 measured 1.09–1.33x one of 50 for stored calls (BENCHMARKS.md).
 */
const GROUP_MIN_SHARE = 8;

/** Times a transaction chosen as a deadlock's victim goes again. */
const DEADLOCK_RETRIES = 4;

/** Whether the database rolled the transaction back to break a deadlock (MySQL 1213, PostgreSQL 40P01). */
const isDeadlock = (error: unknown): boolean => {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === '40P01';
};

const retryDeadlocks = async <T>(run: () => Promise<T>): Promise<T> => {
  for (let retry = 0; ; retry += 1) {
    try {
      return await run();
    } catch (error) {
      if (retry >= DEADLOCK_RETRIES || !isDeadlock(error)) throw error;
      // A short random pause, so that the two do not meet again.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (retry + 1)));
    }
  }
};

/** Runs every task, then throws the first error, if any (one failing send must not keep the others from going). */
const runAll = async (tasks: (() => Promise<void>)[]): Promise<void> => {
  let first: unknown;
  for (const task of tasks) await task().catch((error: unknown) => (first ??= error));
  if (first !== undefined) throw first;
};

/**
 * The one entry point that creates deliveries: notify, notifyMany, `channel.notify()`, the admin's
 * resend and compose, triggers and retries all come through here. It checks the countdown, builds
 * every payload, writes the rows and lets the backend register its own step for after the commit.
 *
 * In its own transaction, a refusal rolls everything back and an after-commit step that fails (a
 * sync send) reaches the caller. Inside the app's transaction (notify called from a lifecycle or a
 * `strapi.db.transaction`), a refusal deletes what was written before it throws, so an app that
 * catches the error and commits keeps nothing half-made; the after-commit steps wait for the app's
 * commit, and their failures are logged.
 */
export const createOutbox = ({
  strapi,
  backend,
  clock,
  writePath,
  screen = async (planned) => planned,
}: {
  strapi: Core.Strapi;
  backend: () => DeliveryBackend;
  clock: DbClock;
  writePath: WritePath;
  /**
   * Marks the deliveries the recipients' preferences switch off (`skipReason`) or put off (quiet
   * hours: `notBefore`), given the submission's due time: one lookup per submission.
   */
  screen?: (planned: PlannedDelivery[], when: { runAt: Date }) => Promise<PlannedDelivery[]>;
}) => {
  const transaction = async <T>(work: (tx: OutboxTransaction) => Promise<T>, useDatabase: boolean): Promise<T> => {
    const tasks: (() => Promise<void>)[] = [];
    const tx: OutboxTransaction = { afterCommit: (task) => void tasks.push(task) };
    if (!useDatabase) {
      const result = await work(tx);
      await runAll(tasks);
      return result;
    }
    const nested = strapi.db.inTransaction();
    const result = await strapi.db.transaction(async ({ onCommit }) => {
      const value = await work(tx);
      if (nested) {
        onCommit(
          () =>
            void runAll(tasks).catch((error: Error) =>
              strapi.log.error(`[notifs] after the app's commit: ${error?.message ?? String(error)}`)
            )
        );
      }
      return value;
    });
    if (!nested) await runAll(tasks);
    return result;
  };

  /** Stores and plans one submission, and hands the deliveries to its backend, in the transaction open around it. */
  const write = async ({ submission, runAt, backend: current }: Pending, tx: OutboxTransaction): Promise<Written> => {
    const stored = submission.store ? await submission.store() : [];
    const planned = await screen(submission.plan(stored), { runAt });
    if (planned.length) await current.enqueue(planned, { runAt, tx });
    return { stored, planned };
  };

  /** One submission in its own transaction (or the app's): a refusal rolls back, or deletes, what it wrote. */
  const writeAlone = (pending: Pending): Promise<Written> => {
    const { submission, backend: current } = pending;
    if (!submission.store) {
      // Nothing to store: payloads are built before any transaction is opened.
      const planned = submission.plan([]);
      if (!planned.length) return Promise.resolve({ stored: [], planned });
      return transaction((tx) => write({ ...pending, submission: { ...submission, plan: () => planned } }, tx), current.storesRows);
    }
    const joined = strapi.db.inTransaction();
    const attempt = () =>
      transaction(async (tx) => {
        const stored = await submission.store!();
        try {
          return await write({ ...pending, submission: { ...submission, store: async () => stored } }, tx);
        } catch (error) {
          if (joined && submission.unstore) await submission.unstore(stored);
          throw error;
        }
      }, true);
    // The app's transaction is the app's to run again; our own goes again when the database chose it
    // as a deadlock's victim (two instances opening the same digest on MySQL, say).
    return joined ? attempt() : retryDeadlocks(attempt);
  };

  type Settled = { value: Written } | { error: unknown };
  const settle = (promise: Promise<Written>): Promise<Settled> =>
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error })
    );
  const unwrap = (settled: Settled): Written => {
    if ('error' in settled) throw settled.error;
    return settled.value;
  };

  /**
   * The submissions that arrived while a commit was in flight, in one transaction. If any of them is
   * refused (a payload that does not fit, a user deleted meanwhile), the whole group rolls back and
   * each goes again alone: the refused one fails by itself, the others are written. On a pooled
   * database two groups may be in flight at once (see the write path's `flights`).
   */
  const flush = async (items: Pending[]): Promise<Settled[]> => {
    const tasks = items.map(() => [] as (() => Promise<void>)[]);
    const needsDatabase = items.some(({ submission, backend: current }) => submission.store || current.storesRows);
    const writeAll = async (): Promise<Written[]> => {
      const results = await Promise.allSettled(items.map((item, i) => write(item, { afterCommit: (task) => void tasks[i].push(task) })));
      const refused = results.find((result) => result.status === 'rejected');
      if (refused) throw refused.reason;
      return results.map((result) => (result as PromiseFulfilledResult<Written>).value);
    };
    let written: Written[];
    try {
      written = needsDatabase ? await writePath.transaction(writeAll) : await writeAll();
    } catch {
      return Promise.all(items.map((item) => settle(writeAlone(item))));
    }
    return Promise.all(written.map((value, i) => settle(runAll(tasks[i]).then(() => value))));
  };
  const group = groupCommit(flush, { flights: () => writePath.flights(), minShare: GROUP_MIN_SHARE });

  return {
    /**
     * Writes a submission; resolves with what was stored and the deliveries planned, once they are
     * committed (and, with the sync backend, sent). Submissions in flight together share one
     * transaction (group commit): one commit for many callers, each still answered alone.
     */
    async submit<N>(submission: Submission<N>): Promise<{ stored: N[]; planned: PlannedDelivery[] }> {
      const seconds = checkCountdown(submission.countdown);
      const refreshing = clock.refresh();
      if (refreshing) await refreshing;
      const pending: Pending = {
        submission: submission as Submission<unknown>,
        runAt: new Date(clock.now().getTime() + seconds * 1000),
        backend: backend(),
      };
      // Inside the app's transaction, the rows belong to it; a store with queries of its own would
      // wait, on SQLite, for the connection the group holds.
      const written = strapi.db.inTransaction() || submission.exclusive ? await writeAlone(pending) : unwrap(await group.add(pending));
      return written as { stored: N[]; planned: PlannedDelivery[] };
    },

    /** Puts a delivery back in the queue (its backend adds the job after the commit, if it has jobs). */
    async retry(durable: DurableBackend, deliveryId: number): Promise<boolean> {
      return transaction((tx) => durable.retry(deliveryId, tx), true);
    },

    /** Cancels the waiting deliveries of these notifications; resolves with how many. */
    cancel(notificationIds: number[]): Promise<number> {
      return notificationIds.length ? backend().cancel(notificationIds) : Promise.resolve(0);
    },
  };
};

export type Outbox = ReturnType<typeof createOutbox>;
