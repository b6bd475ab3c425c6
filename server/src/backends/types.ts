import type { PlannedDelivery } from '../types';
import type { DeliveryStatus } from '../repositories/deliveries';

export type BackendName = 'sync' | 'database' | 'bullmq';

export interface EnqueueOptions {
  /** Not before this time (now + countdown). */
  runAt: Date;
}

/** What a backend that stores rows hands back from `enqueue`, for its `afterCommit`. */
export interface EnqueuedDeliveries {
  /** Ids of the delivery rows written, in order. */
  ids: number[];
  runAt: Date;
}

/**
 * Where deliveries wait between `notify` and their provider. A backend stores or schedules; the
 * dispatcher it is given does the sending, so every backend sends the same way.
 */
export interface DeliveryBackend {
  readonly name: BackendName;
  /**
   * True when `enqueue` writes to the app's database and so runs inside `notify`'s transaction
   * (the notification and its deliveries commit together). False: it runs after the commit.
   */
  readonly transactional: boolean;
  enqueue(deliveries: PlannedDelivery[], options: EnqueueOptions): Promise<EnqueuedDeliveries | void>;
  /**
   * Called by `notify` once the transaction that wrote the rows has committed (or at once for rows
   * written outside one), with what `enqueue` returned: an outbox hands the rows to an outside queue
   * here, so a rolled-back notify never leaves a job behind.
   */
  afterCommit?(enqueued: EnqueuedDeliveries): Promise<void>;
  /** Cancels the deliveries of a notification that are not sent yet; resolves with how many. */
  cancel(notificationId: number): Promise<number>;
  /** Starts polling or workers; called in the plugin's bootstrap. */
  start(): Promise<void> | void;
  /** Stops taking work and waits for sends in flight; called in the plugin's destroy. */
  stop(): Promise<void>;
}

/** Sends one delivery through its provider, emitting the `notifs.*` events; throws `DeliveryError`. */
export type Dispatch = (delivery: PlannedDelivery) => Promise<void>;

/** Deliveries per status. */
export type QueueStats = Record<DeliveryStatus, number>;

/** A backend whose deliveries wait somewhere durable, with the `queue` service's operations. */
export interface DurableBackend extends DeliveryBackend {
  /** Delivers everything due now, then resolves with how many were claimed. */
  drain(): Promise<number>;
  stats(): Promise<QueueStats>;
  /** Puts a failed, dead or cancelled delivery back in the queue; false when it is in no such state. */
  retry(deliveryId: number): Promise<boolean>;
}

export const isDurable = (backend: DeliveryBackend): backend is DurableBackend => 'drain' in backend;
