import { randomUUID } from 'node:crypto';
import type { QueueConfig } from '../../config/schema';
import type { Dispatcher } from '../../delivery/dispatcher';
import type { DeliveryRepository, DeliveryRow, Finish } from '../../repositories/deliveries';
import type { DbClock } from '../../repositories/db-clock';
import { groupCommit } from '../../utils/group-commit';
import { nextStep } from '../next-step';
import { toOutgoing, toUnits } from '../units';
import { createDestinations } from './destinations';

/** How long a finished send waits for others to share its write. */
const FINISH_LINGER_MS = 100;
/** How often the leases left by dead workers are looked for (a write: not at every claim). */
const BURY_EVERY_MS = 1_000;

export interface WorkerDeps {
  repository: DeliveryRepository;
  dispatcher: Dispatcher;
  clock: DbClock;
  queue: QueueConfig;
  log: { warn(message: string): void; error(message: string): void };
}

/** Slots of a destination not yet shown fast, unless configured: half of them, so one that hangs leaves the rest. */
export const destinationLimit = (queue: Pick<QueueConfig, 'concurrency' | 'destinationConcurrency'>): number =>
  queue.destinationConcurrency ?? Math.max(1, Math.ceil(queue.concurrency / 2));

/**
 * The database backend's sender in one instance. It holds what it claimed under a lease that it
 * renews while the rows are held (so a receiver slower than `leaseMs` never lets another instance
 * take a row that is still being sent), starts sends as slots free up (`queue.concurrency`; a
 * destination not shown fast gets `destinationConcurrency` of them, so one receiver that hangs cannot
 * hold the others up), and writes each row as its send ends (rows finishing together share a statement).
 */
export const createWorker = ({ repository, dispatcher, clock, queue, log }: WorkerDeps) => {
  const destinations = createDestinations({ cap: destinationLimit(queue), concurrency: queue.concurrency });
  let token = randomUUID();
  /** Claimed and not yet written back: waiting for a slot, being sent, or waiting for its write (all leased). */
  const held = new Map<number, DeliveryRow>();
  let waiting: DeliveryRow[][] = [];
  let active = 0;
  /** Rows claimed and not yet sent (waiting for a slot, or being sent): the work ahead. Rows whose write is pending are held but not counted. */
  let ahead = 0;
  let stopping = false;
  let claiming: Promise<number> | null = null;
  let lastClaimFull = false;
  /** Rows claimed by this worker since it started: what `drain` counts. */
  let claimedTotal = 0;
  let buriedAt = 0;
  let renewTimer: NodeJS.Timeout | undefined;
  const idleWaiters: (() => void)[] = [];

  // The rows stay leased until written, so their writes can wait a few milliseconds to share a
  // commit: on SQLite with Strapi's defaults every commit is a disk sync.
  // With no send in flight nothing else is coming: write at once.
  const finish = groupCommit<Finish>((results) => repository.finish(results, token, clock.now()), { lingerMs: () => (active > 0 ? FINISH_LINGER_MS : 0) });

  const hasRoom = (unit: DeliveryRow[]) => destinations.hasRoom(unit[0].destination);

  const settleIdle = () => {
    if (held.size === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
  };

  const toFinish = (row: DeliveryRow, outcome: Parameters<typeof nextStep>[0]): Finish => {
    const step = nextStep(outcome, row.attempts, queue);
    if (step.status === 'dead') {
      log.warn(`[notifs] delivery ${row.id} (${row.channel}/${row.provider}) is dead after ${row.attempts} attempt(s): ${step.lastError}`);
    }
    if (step.status === 'failed') return { id: row.id, status: 'failed', lastError: step.lastError, runAt: new Date(clock.now().getTime() + step.delayMs) };
    return step.status === 'sent' ? { id: row.id, status: 'sent', externalId: step.externalId } : { id: row.id, status: step.status, lastError: step.lastError };
  };

  const run = async (unit: DeliveryRow[]): Promise<void> => {
    const sending = destinations.start(unit[0].destination);
    active += 1;
    let outcomes: Awaited<ReturnType<Dispatcher['send']>> = [];
    try {
      outcomes = await dispatcher.send(unit.map(toOutgoing));
    } finally {
      // The slot is free as soon as the send ends; the rows stay held (and leased) until written.
      active -= 1;
      ahead -= unit.length;
      destinations.end(sending);
      pump();
      // A full claim means more is due: fetch it as soon as there is room, not at the next poll.
      if (lastClaimFull && ahead < queue.concurrency * 2) void tick().catch((error: Error) => log.error(`[notifs] queue claim failed: ${error.message}`));
    }
    // Sends that end while a write is in flight share the next one (one commit for many rows).
    await Promise.all(unit.map((row, i) => finish.add(toFinish(row, outcomes[i])))).catch((error: Error) =>
      // The rows stay `sending`; once the lease runs out another worker (or this one) sends them again.
      log.error(`[notifs] could not record ${unit.length} send(s): ${error.message}`)
    );
    unit.forEach((row) => held.delete(row.id));
    settleIdle();
  };

  /** Starts waiting units while slots are free, skipping those whose destination is at its limit. */
  const pump = () => {
    while (active < queue.concurrency && !stopping) {
      const index = waiting.findIndex(hasRoom);
      if (index < 0) return;
      const [unit] = waiting.splice(index, 1);
      void run(unit);
    }
  };

  /** Destinations that have as many sends held (in flight or waiting) as they may run: not claimed for now. */
  const saturated = (): string[] => destinations.saturated(waiting.map((unit) => unit[0].destination));

  const claimOnce = async (): Promise<number> => {
    await clock.refresh();
    const now = clock.now();
    if (now.getTime() - buriedAt >= BURY_EVERY_MS) {
      buriedAt = now.getTime();
      await repository.buryAbandoned({ now, maxAttempts: queue.maxAttempts });
    }
    const room = queue.batchSize - ahead;
    if (room <= 0 || stopping) return 0;
    const rows = await repository.claim({
      now,
      limit: room,
      token,
      leaseUntil: new Date(now.getTime() + queue.leaseMs),
      maxAttempts: queue.maxAttempts,
      skipDestinations: saturated(),
    });
    const skips = await fallbackSkips(rows);
    lastClaimFull = rows.length === room;
    claimedTotal += rows.length;
    const sending = rows.filter((_row, i) => skips[i] === null);
    rows.forEach((row) => held.set(row.id, row));
    ahead += sending.length;
    waiting.push(...toUnits(sending));
    pump();
    rows.forEach((row, i) => skips[i] !== null && void skip(row, skips[i] as string));
    return rows.length;
  };

  /** Fallback channels whose notification was read (or seen) are skipped; if that cannot be checked, the batch is given back. */
  const fallbackSkips = async (rows: DeliveryRow[]): Promise<(string | null)[]> => {
    try {
      return await dispatcher.fallbackSkips(rows);
    } catch (error) {
      await repository.release(rows.map((row) => row.id), token).catch(() => undefined);
      throw error;
    }
  };

  const skip = async (row: DeliveryRow, reason: string): Promise<void> => {
    await finish
      .add({ id: row.id, status: 'skipped', lastError: reason })
      .catch((error: Error) => log.error(`[notifs] could not record a skipped fallback: ${error.message}`));
    held.delete(row.id);
    settleIdle();
  };

  /** Claims what is due (one claim at a time in this instance); resolves with how many it claimed. */
  const tick = (): Promise<number> => {
    if (stopping) return Promise.resolve(0);
    claiming ??= claimOnce().finally(() => {
      claiming = null;
    });
    return claiming;
  };

  const renew = async () => {
    if (!held.size) return;
    const now = clock.now();
    await repository.renew([...held.keys()], token, new Date(now.getTime() + queue.leaseMs));
  };

  return {
    tick,

    /** How many rows this worker has claimed in all (its own ticks and the cron's). */
    claimed: (): number => claimedTotal,

    /** Resolves once nothing claimed is left (every send written back). */
    idle(): Promise<void> {
      return held.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },

    start(): void {
      token = randomUUID();
      stopping = false;
      // Three renewals per lease: a missed one (a slow database) still leaves time for the next.
      renewTimer = setInterval(() => void renew().catch((error: Error) => log.error(`[notifs] could not renew the queue's lease: ${error.message}`)), Math.max(250, Math.floor(queue.leaseMs / 3)));
      renewTimer.unref();
    },

    /**
     * Stops claiming, gives back what waits for a slot, lets the sends in flight end (each is
     * bounded by `queue.sendTimeoutMs`), and writes them.
     */
    async stop(): Promise<void> {
      stopping = true;
      await claiming?.catch(() => undefined);
      const unstarted = waiting.flat();
      waiting = [];
      ahead -= unstarted.length;
      if (unstarted.length) {
        unstarted.forEach((row) => held.delete(row.id));
        await repository.release(unstarted.map((row) => row.id), token).catch((error: Error) => log.error(`[notifs] could not give back ${unstarted.length} claimed delivery(ies): ${error.message} (they are taken up again when their lease runs out)`));
      }
      await this.idle();
      clearInterval(renewTimer);
    },
  };
};

export type DeliveryWorker = ReturnType<typeof createWorker>;
