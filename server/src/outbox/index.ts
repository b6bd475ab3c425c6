import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PlannedDelivery } from '../domain/types';
import { MAX_COUNTDOWN_S } from '../domain/limits';
import type { DeliveryBackend, DurableBackend, OutboxTransaction } from '../backends';
import type { DbClock } from '../repositories/db-clock';
import { DELIVERIES_PER_INSERT } from '../repositories/deliveries';

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
}

/** Checks a countdown at the edge of the outbox (channel.notify() hands it over as given). */
const checkCountdown = (countdown: unknown): number => {
  const value = countdown ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_COUNTDOWN_S) {
    throw new errors.ValidationError(`"countdown" must be a number of seconds from 0 to ${MAX_COUNTDOWN_S} (one year); got ${String(countdown)}`);
  }
  return value;
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
}: {
  strapi: Core.Strapi;
  backend: () => DeliveryBackend;
  clock: DbClock;
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
        onCommit(() => void runAll(tasks).catch((error: Error) => strapi.log.error(`[notifs] after the app's commit: ${error?.message ?? String(error)}`)));
      }
      return value;
    });
    if (!nested) await runAll(tasks);
    return result;
  };

  return {
    /** Writes a submission; resolves with what was stored and the deliveries planned. */
    async submit<N>({ countdown, store, plan, unstore }: Submission<N>): Promise<{ stored: N[]; planned: PlannedDelivery[] }> {
      const seconds = checkCountdown(countdown);
      const refreshing = clock.refresh();
      if (refreshing) await refreshing;
      const runAt = new Date(clock.now().getTime() + seconds * 1000);
      const current = backend();
      if (!store) {
        // Nothing to store: payloads are built before any transaction is opened, and one INSERT
        // needs none of its own (a silent notify then costs one statement and one commit).
        const planned = plan([]);
        if (!planned.length) return { stored: [], planned };
        const atomicAlone = planned.length <= DELIVERIES_PER_INSERT && !strapi.db.inTransaction();
        await transaction((tx) => current.enqueue(planned, { runAt, tx }), current.storesRows && !atomicAlone);
        return { stored: [], planned };
      }
      const joined = strapi.db.inTransaction();
      return transaction(async (tx) => {
        const stored = await store();
        try {
          const planned = plan(stored);
          if (planned.length) await current.enqueue(planned, { runAt, tx });
          return { stored, planned };
        } catch (error) {
          if (joined && unstore) await unstore(stored);
          throw error;
        }
      }, true);
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
