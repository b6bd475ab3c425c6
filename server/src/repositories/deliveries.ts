import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ChannelContext, DeliveryStatus, PlannedDelivery } from '../domain/types';
import { DELIVERY_STATUSES } from '../domain/types';
import { dueAt, type FallbackCondition } from '../domain/fallback';
import { DELIVERY_UID } from '../utils/uids';
import { createDocumentId } from '../utils/document-id';
import { insertRows } from './insert-rows';
import { digestRepository, type DigestSlot, type OpenDigest } from './digests';
import { tableOf } from './table';
import type { EntityRef } from '../validation/ids';

const FIELDS = [
  'id', 'documentId', 'notification', 'channel', 'provider', 'payload', 'context', 'bulk', 'bulkGroup', 'destination',
  'status', 'attempts', 'runAt', 'leaseUntil', 'claimToken', 'lastError', 'sentAt', 'externalId', 'updatedAt', 'unless',
  'digestKey', 'mergedInto', 'digestContext',
] as const;

/** The delivery table and its column names by field. */
const resolveColumns = (strapi: Core.Strapi) => {
  const { column, table } = tableOf(strapi, DELIVERY_UID);
  return { table, col: Object.fromEntries(FIELDS.map((field) => [field, column(field)])) as Record<(typeof FIELDS)[number], string> };
};

export type { DeliveryStatus } from '../domain/types';

/** A delivery row as a backend reads it to send it. */
export interface DeliveryRow extends PlannedDelivery {
  id: number;
  documentId: string;
  status: DeliveryStatus;
  /** Attempts so far, this one included once claimed. */
  attempts: number;
  runAt: Date;
  /** A digest delivery: its key (its payload is built from its members when it is sent). */
  digestKeyOf?: string;
}

/** A row `insertMany` made due: a queued delivery (with what was planned for it and its documentId), or a digest it opened. */
export interface DueRow {
  id: number;
  runAt: Date;
  /** Absent for an opened digest, whose payload is built from its members when it is sent. */
  queued?: { delivery: PlannedDelivery; documentId: string };
}

/** How one finished send is written: the statuses a send can end in, with what each needs. */
export type Finish =
  /** `externalId`: the far side's id for the message, when the provider answered one. */
  | { id: number; status: 'sent'; externalId?: string }
  | { id: number; status: 'skipped' | 'dead'; lastError: string }
  | { id: number; status: 'failed'; lastError: string; runAt: Date };

/** When a delivery is due: its submission's time plus its own delay, not before its quiet hours end. */
const dueOf = (delivery: PlannedDelivery, runAt: Date): Date => {
  const due = dueAt(runAt, delivery);
  return delivery.notBefore && delivery.notBefore.getTime() > due.getTime() ? delivery.notBefore : due;
};

/** Rows per insert statement, and ids per `IN (…)` list (under SQLite's bound-parameter limit). */
const BATCH = 500;

const chunks = <T>(items: T[], size = BATCH): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Statuses that wait to be sent. */
const WAITING: DeliveryStatus[] = ['queued', 'failed'];

// SQLite and MySQL hand JSON columns back as text; PostgreSQL as values.
const fromJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * Reads and writes of `plugin::notifs.delivery`, for every backend. The queue's statements go to
 * the table directly (knex): a claim must increment `attempts` and compare leases in one statement,
 * which Strapi's query engine cannot say. Every transition re-checks the state it expects
 * (compare-and-set), so two instances, or a job that runs twice, never both win a row.
 */
export const deliveryRepository = (strapi: Core.Strapi) => {
  let resolved: ReturnType<typeof resolveColumns> | undefined;
  const digests = digestRepository(strapi);
  // Resolved on first use: the metadata exists only once Strapi has loaded.
  const c = () => (resolved ??= resolveColumns(strapi));
  // Resolves with `{ qb }`: a builder is thenable, so it cannot be a promise's value itself.
  const table = (): Promise<{ qb: Knex.QueryBuilder }> => c().table();

  const toRow = (raw: Record<string, unknown>): DeliveryRow => {
    const col = c().col;
    return {
      id: Number(raw[col.id]),
      documentId: raw[col.documentId] as string,
      notificationId: raw[col.notification] === null || raw[col.notification] === undefined ? null : Number(raw[col.notification]),
      channel: raw[col.channel] as string,
      provider: raw[col.provider] as string,
      payload: fromJson(raw[col.payload]),
      context: (fromJson(raw[col.context]) as ChannelContext | null) ?? {},
      bulk: Boolean(raw[col.bulk]),
      group: (raw[col.bulkGroup] as string | null) ?? null,
      destination: (raw[col.destination] as string | null) ?? (raw[col.provider] as string),
      status: raw[col.status] as DeliveryStatus,
      attempts: Number(raw[col.attempts]),
      runAt: new Date(raw[col.runAt] as string | number | Date),
      ...(raw[col.unless] ? { unless: raw[col.unless] as FallbackCondition } : {}),
      // A digest delivery (not one of its members): its payload is built when it is sent.
      ...(raw[col.digestKey] && (raw[col.mergedInto] === null || raw[col.mergedInto] === undefined)
        ? { digestKeyOf: raw[col.digestKey] as string }
        : {}),
    };
  };

  /** Waiting (queued or failed) and due by `time`: the condition every look for due work starts from. */
  const waitingBy = (qb: Knex.QueryBuilder, time: Date): Knex.QueryBuilder => qb.whereIn(c().col.status, WAITING).andWhere(c().col.runAt, '<=', time);

  /**
   * The status check of a statement that picks its rows by id (a compare-and-set), written so no
   * index serves it: PostgreSQL then finds the rows by primary key. Left indexable, its statistics
   * from before a burst of waiting rows (autovacuum analyzes only once a tenth of the table changed)
   * make it read the whole (status, run_at) index instead: 4.4 ms a statement with 20,000 rows
   * waiting, against 0.14 ms (EXPLAIN ANALYZE on this machine).
   */
  const statusIn = (qb: Knex.QueryBuilder, statuses: DeliveryStatus[]): Knex.QueryBuilder =>
    qb.whereRaw(`(case when ?? in (${statuses.map(() => '?').join(', ')}) then 1 else 0 end) = 1`, [c().col.status, ...statuses]);

  /**
   * Marks rows `sending` by status alone (waiting, or `sending` left by a worker that died) and
   * counts the attempt: a BullMQ job's claim, or the write-behind mark of a job that carries its delivery.
   */
  const markSending = async (ids: number[], now: Date): Promise<void> => {
    const col = c().col;
    for (const batch of chunks(ids)) {
      await (await table()).qb
        .whereIn(col.id, batch)
        .where((qb) => statusIn(qb, [...WAITING, 'sending']))
        .update({ [col.status]: 'sending', [col.attempts]: strapi.db.connection.raw('?? + 1', [col.attempts]), [col.updatedAt]: now });
    }
  };

  /** The write that ends a delivery whose worker died on its last attempt (crashed, or killed mid-send). */
  const abandoned = (maxAttempts: number, now: Date) => {
    const col = c().col;
    return {
      [col.status]: 'dead',
      [col.lastError]: `its worker stopped answering during the last of ${maxAttempts} attempts (crashed, or killed mid-send)`,
      [col.claimToken]: null,
      [col.leaseUntil]: null,
      [col.runAt]: now,
      [col.updatedAt]: now,
    };
  };

  /**
   * The far side's ids of sent rows, set in the statement they share: `CASE id WHEN … THEN … END`
   * (a row without one keeps its column as it is). Nothing when no row has one.
   */
  const externalIds = (sent: { id: number; externalId?: string }[]): Record<string, Knex.Raw> => {
    const col = c().col;
    const given = sent.filter((result) => result.externalId);
    if (!given.length) return {};
    const cases = given.map(() => 'WHEN ? THEN ?').join(' ');
    return {
      [col.externalId]: strapi.db.connection.raw(`CASE ?? ${cases} ELSE ?? END`, [col.id, ...given.flatMap((result) => [result.id, result.externalId as string]), col.externalId]),
    };
  };

  const selectRows = async (): Promise<{ qb: Knex.QueryBuilder }> => {
    const col = c().col;
    return { qb: (await table()).qb.select(
      col.id, col.documentId, col.notification, col.channel, col.provider, col.payload, col.context,
      col.bulk, col.bulkGroup, col.destination, col.status, col.attempts, col.runAt, col.unless, col.digestKey, col.mergedInto
    ) };
  };

  /**
   * The digest each delivery of a batch folds into (undefined: it is not a digest member). One
   * join per slot and batch: the members of one notifyMany share it.
   */
  const joinDigests = async (batch: PlannedDelivery[], runAt: Date): Promise<(OpenDigest | undefined)[]> => {
    const slotIndex = new Map<string, number>();
    const slots: DigestSlot[] = [];
    const indexes = batch.map((delivery) => {
      const { digest, audience } = delivery;
      if (!digest || !audience || delivery.skipReason) return undefined;
      const name = JSON.stringify([audience.recipient, digest.key, delivery.channel, delivery.provider]);
      let index = slotIndex.get(name);
      if (index === undefined) {
        index = slots.length;
        slotIndex.set(name, index);
        slots.push({
          recipient: audience.recipient,
          key: digest.key,
          channel: delivery.channel,
          provider: delivery.provider,
          // The window counts from the member's own due time; quiet hours only hold the digest back (notBefore).
          memberDue: dueAt(runAt, delivery),
          window: digest.window,
          notBefore: delivery.notBefore,
          notificationId: delivery.notificationId,
          destination: delivery.destination,
          context: delivery.context,
          digestContext: digest.context,
        });
      }
      return index;
    });
    if (!slots.length) return batch.map(() => undefined);
    const joined = await digests.joinMany(slots);
    return indexes.map((index) => (index === undefined ? undefined : joined[index]));
  };

  return {
    /** The delivery's numeric id, found by id or documentId; null when there is none. */
    async idOf(ref: EntityRef): Promise<number | null> {
      const { qb } = await table();
      const col = c().col;
      const row = (await qb.select(col.id).where('id' in ref ? { [col.id]: ref.id } : { [col.documentId]: ref.documentId }).first()) as Record<string, unknown> | undefined;
      return row ? Number(row[col.id]) : null;
    },

    /**
     * Inserts the deliveries (inside the caller's transaction when there is one), each due at `runAt`
     * plus its own `delay` (fallback channels), not before its `notBefore` (quiet hours). A delivery
     * the recipient switched off is recorded `skipped`; one planned into a digest is recorded
     * `merged` into its slot's open digest delivery (opened here when there is none). Resolves with
     * the rows' ids in order, and the rows a backend must schedule: the queued ones and the digests
     * opened by this call.
     */
    async insertMany(deliveries: PlannedDelivery[], runAt: Date): Promise<{ ids: number[]; due: DueRow[] }> {
      const now = new Date();
      const ids: number[] = [];
      const due: DueRow[] = [];
      for (const batch of chunks(deliveries)) {
        const digests = await joinDigests(batch, runAt);
        const rows = batch.map((delivery, i) => {
          const digest = digests[i];
          const status: DeliveryStatus = delivery.skipReason ? 'skipped' : digest ? 'merged' : 'queued';
          return {
            documentId: createDocumentId(),
            notification: delivery.notificationId,
            channel: delivery.channel,
            provider: delivery.provider,
            payload: delivery.payload,
            context: delivery.context,
            bulk: delivery.bulk,
            bulkGroup: delivery.group,
            destination: delivery.destination,
            status,
            lastError: delivery.skipReason ?? null,
            attempts: 0,
            runAt: dueOf(delivery, runAt),
            unless: delivery.unless ?? null,
            digestKey: delivery.digest?.key ?? null,
            mergedInto: digest?.id ?? null,
            createdAt: now,
            updatedAt: now,
            publishedAt: now,
          };
        });
        const inserted = await insertRows(strapi, DELIVERY_UID, rows);
        inserted.forEach((id, i) => rows[i].status === 'queued' && due.push({ id, runAt: rows[i].runAt, queued: { delivery: batch[i], documentId: rows[i].documentId } }));
        digests.forEach((digest) => digest?.opened && due.push({ id: digest.id, runAt: digest.runAt }));
        ids.push(...inserted);
      }
      return { ids, due };
    },

    /**
     * Claims up to `limit` due deliveries for `token`, leased until `leaseUntil`, and counts the
     * attempt now (a send that kills its worker still counts). Due: waiting with `runAt <= now`, or
     * `sending` under a lease that ran out (its worker died) with attempts left. Destinations in
     * `skipDestinations` are left alone (this worker has enough of their sends in flight).
     */
    async claim({
      now,
      limit,
      token,
      leaseUntil,
      maxAttempts,
      skipDestinations = [],
    }: {
      now: Date;
      limit: number;
      token: string;
      leaseUntil: Date;
      maxAttempts: number;
      skipDestinations?: string[];
    }): Promise<DeliveryRow[]> {
      const col = c().col;
      const claimable = (qb: Knex.QueryBuilder) =>
        qb.where((due) =>
          due
            .where((waiting) => waitingBy(waiting, now))
            .orWhere((lost) => lost.where(col.status, 'sending').andWhere(col.leaseUntil, '<', now).andWhere(col.attempts, '<', maxAttempts))
        );
      const candidates = claimable((await table()).qb.select(col.id))
        .modify((qb) => {
          if (skipDestinations.length) qb.where((d) => d.whereNull(col.destination).orWhereNotIn(col.destination, skipDestinations));
        })
        .orderBy(col.runAt, 'asc')
        .limit(limit);
      const ids = ((await candidates) as Record<string, unknown>[]).map((row) => Number(row[col.id]));
      if (!ids.length) return [];
      await claimable((await table()).qb.whereIn(col.id, ids)).update({
        [col.status]: 'sending',
        [col.claimToken]: token,
        [col.leaseUntil]: leaseUntil,
        [col.attempts]: strapi.db.connection.raw('?? + 1', [col.attempts]),
        [col.updatedAt]: now,
      });
      const rows = (await (await selectRows()).qb.whereIn(col.id, ids).andWhere(col.claimToken, token).andWhere(col.status, 'sending').orderBy(col.id, 'asc')) as Record<string, unknown>[];
      return rows.map(toRow);
    },

    /** Deliveries whose worker died on their last attempt: `dead`, with why. Resolves with how many. */
    async buryAbandoned({ now, maxAttempts }: { now: Date; maxAttempts: number }): Promise<number> {
      const col = c().col;
      return (await (await table()).qb
        .where(col.status, 'sending')
        .andWhere(col.leaseUntil, '<', now)
        .andWhere(col.attempts, '>=', maxAttempts)
        .update(abandoned(maxAttempts, now))) as number;
    },

    /** Extends the lease of the rows `token` still holds among `ids`. */
    async renew(ids: number[], token: string, leaseUntil: Date): Promise<void> {
      const col = c().col;
      for (const batch of chunks(ids)) {
        await (await table()).qb.whereIn(col.id, batch).andWhere(col.claimToken, token).andWhere(col.status, 'sending').update({ [col.leaseUntil]: leaseUntil });
      }
    },

    /**
     * Writes how sends ended, for the rows the claim `token` still holds (null: rows claimed by
     * status alone, as BullMQ jobs are). Statuses that need no per-row value share a statement.
     * `unmarked`: rows whose `sending` mark was never written (it would have gone in the same write):
     * taken from waiting too, their attempt counted here.
     */
    async finish(results: Finish[], token: string | null, now: Date, { unmarked = false }: { unmarked?: boolean } = {}): Promise<void> {
      const col = c().col;
      // With a token, its index finds the rows; without, the ids do (see statusIn).
      const held = (qb: Knex.QueryBuilder) =>
        token === null ? qb.where((by) => statusIn(by, unmarked ? [...WAITING, 'sending'] : ['sending'])) : qb.andWhere(col.claimToken, token).andWhere(col.status, 'sending');
      const release = {
        [col.claimToken]: null,
        [col.leaseUntil]: null,
        [col.updatedAt]: now,
        ...(unmarked ? { [col.attempts]: strapi.db.connection.raw('?? + 1', [col.attempts]) } : {}),
      };
      const sent = results.filter((result) => result.status === 'sent');
      for (const batch of chunks(sent)) {
        await held((await table()).qb.whereIn(col.id, batch.map((result) => result.id))).update({
          [col.status]: 'sent',
          [col.sentAt]: now,
          [col.lastError]: null,
          // A sent digest is built: the channel context it kept for that is dropped (the recipient's address among it).
          [col.digestContext]: null,
          ...externalIds(batch),
          ...release,
        });
      }
      for (const result of results) {
        if (result.status === 'sent') continue;
        await held((await table()).qb.where(col.id, result.id)).update({
          [col.status]: result.status,
          [col.lastError]: result.lastError,
          // A failed one is due again at its retry; a dead one keeps the moment it died (what the admin shows).
          ...(result.status === 'failed' ? { [col.runAt]: result.runAt } : result.status === 'dead' ? { [col.runAt]: now } : {}),
          ...release,
        });
      }
    },

    /** Gives back rows claimed but never sent (the worker stops): queued again, the attempt uncounted. */
    async release(ids: number[], token: string): Promise<void> {
      const col = c().col;
      for (const batch of chunks(ids)) {
        await (await table()).qb
          .whereIn(col.id, batch)
          .andWhere(col.claimToken, token)
          .andWhere(col.status, 'sending')
          .update({
            [col.status]: 'queued',
            [col.attempts]: strapi.db.connection.raw('?? - 1', [col.attempts]),
            [col.claimToken]: null,
            [col.leaseUntil]: null,
          });
      }
    },

    markSending,

    /**
     * Claims the rows of jobs by status alone (BullMQ holds the lease): waiting, or `sending` left
     * by a worker that died, with attempts left; counts the attempt. Resolves with one row or null
     * per id, in order: null when the row is gone, done, or out of attempts (then it is made dead).
     */
    async claimForJobs(ids: number[], maxAttempts: number, now: Date): Promise<(DeliveryRow | null)[]> {
      const col = c().col;
      const byId = new Map<number, DeliveryRow>();
      for (const batch of chunks(ids)) {
        await (await table()).qb
          .whereIn(col.id, batch)
          .where((qb) => statusIn(qb, ['sending']))
          .andWhere(col.attempts, '>=', maxAttempts)
          .update(abandoned(maxAttempts, now));
        await markSending(batch, now);
        const raws = (await (await selectRows()).qb.whereIn(col.id, batch).where((qb) => statusIn(qb, ['sending']))) as Record<string, unknown>[];
        raws.forEach((raw) => byId.set(Number(raw[col.id]), toRow(raw)));
      }
      return ids.map((id) => byId.get(id) ?? null);
    },

    /** Cancels the waiting deliveries of these notifications; resolves with the ids it cancelled. */
    async cancelForNotifications(notificationIds: number[]): Promise<number[]> {
      const col = c().col;
      const cancelled: number[] = [];
      for (const batch of chunks(notificationIds)) {
        // A digest delivery points at the notification that opened it but carries them all: it is
        // left to go with the others (a digest with no member left is skipped when due).
        const notDigest = (qb: Knex.QueryBuilder) => qb.whereNull(col.digestKey).orWhereNotNull(col.mergedInto);
        const waiting = ((await (await table()).qb.select(col.id).whereIn(col.notification, batch).whereIn(col.status, WAITING).where(notDigest)) as Record<string, unknown>[]).map((row) => Number(row[col.id]));
        for (const ids of chunks(waiting)) {
          await (await table()).qb.whereIn(col.id, ids).where((qb) => statusIn(qb, WAITING)).update({ [col.status]: 'cancelled', [col.updatedAt]: new Date() });
          cancelled.push(...ids);
        }
        // Taken out of the digests they were folded into, while those wait (once sent, a member is
        // part of what went). Two statements: MySQL refuses an UPDATE whose WHERE reads its own table.
        const members = (await (await table()).qb.select(col.id, col.mergedInto).whereIn(col.notification, batch).where(col.status, 'merged')) as Record<string, unknown>[];
        const digestIds = [...new Set(members.map((row) => Number(row[col.mergedInto])))];
        if (!digestIds.length) continue;
        const rows = (await (await table()).qb.select(col.id).whereIn(col.id, digestIds).where((qb) => statusIn(qb, WAITING))) as Record<string, unknown>[];
        const open = new Set(rows.map((row) => Number(row[col.id])));
        const leaving = members.filter((row) => open.has(Number(row[col.mergedInto]))).map((row) => Number(row[col.id]));
        for (const ids of chunks(leaving)) {
          await (await table()).qb.whereIn(col.id, ids).where((qb) => statusIn(qb, ['merged'])).update({ [col.status]: 'cancelled', [col.updatedAt]: new Date() });
        }
      }
      return cancelled;
    },

    /** Deletes the deliveries of these notifications (the outbox's undo inside the app's transaction). */
    async deleteForNotifications(notificationIds: number[]): Promise<void> {
      const col = c().col;
      for (const batch of chunks(notificationIds)) await (await table()).qb.whereIn(col.notification, batch).delete();
    },

    /** Puts a failed, dead, cancelled or skipped delivery back in the queue, due `runAt`, with its attempts reset. */
    async requeue(id: number, runAt: Date): Promise<boolean> {
      const col = c().col;
      const count = (await (await table()).qb
        .where(col.id, id)
        .whereIn(col.status, ['failed', 'dead', 'cancelled', 'skipped'])
        .update({ [col.status]: 'queued', [col.runAt]: runAt, [col.attempts]: 0, [col.claimToken]: null, [col.leaseUntil]: null, [col.updatedAt]: new Date() })) as number;
      return count > 0;
    },

    /** Marks dead a row whose job BullMQ gave up on without the processor recording it. */
    async markDeadIfPending(id: number, error: string): Promise<void> {
      const col = c().col;
      const now = new Date();
      await (await table()).qb.where(col.id, id).where((qb) => statusIn(qb, [...WAITING, 'sending'])).update({ [col.status]: 'dead', [col.lastError]: error, [col.runAt]: now, [col.updatedAt]: now });
    },

    /**
     * Rows that should have a job by now: waiting and due before `before`, or `sending` since
     * before it. After `afterId`, by id, at most `limit`.
     */
    async findOverdue({ before, afterId, limit }: { before: Date; afterId: number; limit: number }): Promise<{ id: number; runAt: Date; status: DeliveryStatus }[]> {
      const col = c().col;
      const rows = (await (await table()).qb
        .select(col.id, col.runAt, col.status)
        .where(col.id, '>', afterId)
        .andWhere((due) =>
          due
            .where((waiting) => waitingBy(waiting, before))
            .orWhere((stuck) => stuck.where(col.status, 'sending').andWhere(col.updatedAt, '<=', before))
        )
        .orderBy(col.id, 'asc')
        .limit(limit)) as Record<string, unknown>[];
      return rows.map((row) => ({ id: Number(row[col.id]), runAt: new Date(row[col.runAt] as string), status: row[col.status] as DeliveryStatus }));
    },

    async findOne(id: number): Promise<DeliveryRow | null> {
      const raw = (await (await selectRows()).qb.where(c().col.id, id).first()) as Record<string, unknown> | undefined;
      return raw ? toRow(raw) : null;
    },

    /** How many deliveries are in each status. */
    async countByStatus(): Promise<Record<DeliveryStatus, number>> {
      const col = c().col;
      const rows = (await (await table()).qb.select(col.status).count({ n: '*' }).groupBy(col.status)) as { n: number | string }[];
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<DeliveryStatus, number>;
      rows.forEach((row) => (counts[(row as Record<string, unknown>)[col.status] as DeliveryStatus] = Number(row.n)));
      return counts;
    },

    /** Whether anything is claimable now (waiting and due, or under a lease that ran out). */
    async hasDue(now: Date): Promise<boolean> {
      const col = c().col;
      const row = await (await table()).qb
        .select(col.id)
        .where((due) =>
          due
            .where((waiting) => waitingBy(waiting, now))
            .orWhere((lost) => lost.where(col.status, 'sending').andWhere(col.leaseUntil, '<', now))
        )
        .first();
      return row !== undefined;
    },

    /** How many rows are due now or being sent: what the bullmq backend's `drain` waits for. */
    async countDue(now: Date): Promise<number> {
      const col = c().col;
      const row = (await (await table()).qb
        .where((due) => due.where((waiting) => waitingBy(waiting, now)).orWhere(col.status, 'sending'))
        .count({ n: '*' })
        .first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },
  };
};

export type DeliveryRepository = ReturnType<typeof deliveryRepository>;
