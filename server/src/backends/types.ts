import type { DeliveryStatus, PlannedDelivery } from '../domain/types';

export type BackendName = 'sync' | 'database' | 'bullmq';

/** The transaction the outbox writes in, as a backend sees it. */
export interface OutboxTransaction {
  /**
   * Runs `task` once what was written is committed: at once after notify's own transaction, or
   * when the app's transaction that notify joined commits (never, if it rolls back).
   */
  afterCommit(task: () => Promise<void>): void;
}

export interface EnqueueOptions {
  /** Not before this time (now + countdown, by the database's clock). */
  runAt: Date;
  tx: OutboxTransaction;
}

/**
 * Where deliveries wait between the outbox and their provider. A backend stores or schedules, and
 * registers its own after-commit step (sending, adding jobs); the dispatcher does the sending.
 */
export interface DeliveryBackend {
  readonly name: BackendName;
  /** Whether `enqueue` writes rows to the app's database (so it needs a transaction even when nothing else is stored). */
  readonly storesRows: boolean;
  enqueue(deliveries: PlannedDelivery[], options: EnqueueOptions): Promise<void>;
  /** Cancels the deliveries of these notifications that are not sent yet; resolves with how many. */
  cancel(notificationIds: number[]): Promise<number>;
  /** Starts polling or workers; called in the plugin's bootstrap. */
  start(): Promise<void> | void;
  /** Stops taking work and waits for sends in flight; called in the plugin's destroy. */
  stop(): Promise<void>;
}

/** Deliveries per status. */
export type QueueStats = Record<DeliveryStatus, number>;

/** A backend whose deliveries wait somewhere durable, with the `queue` service's operations. */
export interface DurableBackend extends DeliveryBackend {
  /** Delivers everything due now, then resolves with how many were claimed. */
  drain(): Promise<number>;
  stats(): Promise<QueueStats>;
  /** Puts a failed, dead, cancelled or skipped delivery back in the queue, due now; false when it is in no such state. */
  retry(deliveryId: number, tx: OutboxTransaction): Promise<boolean>;
}

export const isDurable = (backend: DeliveryBackend): backend is DurableBackend => 'drain' in backend;
