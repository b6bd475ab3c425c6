import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ChannelContext } from '../domain/types';
import { DELIVERY_UID } from '../utils/uids';
import { createDocumentId } from '../utils/document-id';
import { dialectOf, tableOf } from './table';
import { writeContext } from './write-context';
import type { SqliteConnection } from './sqlite-connection';

/** What opens (or finds) the digest a member delivery folds into. */
export interface DigestSlot {
  recipient: number;
  key: string;
  channel: string;
  provider: string;
  /** The member's own due time: the digest it joins must go after it. */
  memberDue: Date;
  /** Seconds from the first member's due time to the digest's. */
  window: number;
  /** Quiet hours: the digest is not due before this. */
  notBefore?: Date;
  /** The first member's: the digest delivery points at it (the admin lists it there). */
  notificationId: number | null;
  destination: string;
  /** What the provider's send reads of the context (as every delivery keeps). */
  context: ChannelContext;
  /** The channel's whole context, kept until the digest is built. */
  digestContext: ChannelContext;
}

/** The digest delivery a member was folded into; `opened` when this call made it (it needs a job). */
export interface OpenDigest {
  id: number;
  runAt: Date;
  opened: boolean;
}

/** Tries before giving up on a slot that keeps being closed and reopened under us (never seen; bounded anyway). */
const ATTEMPTS = 5;

/** Slots per statement: their rows have 16 columns, and SQLite binds at most 32,766 values. */
const BATCH = 500;

/**
 * The unique value of an open digest's `openDigest` column: one per recipient, key, channel and
 * provider. Hashed: the key may be 255 characters and the column holds 255.
 */
const slotOf = ({ recipient, key, channel, provider }: DigestSlot): string =>
  createHash('sha256')
    .update(JSON.stringify([recipient, key, channel, provider]))
    .digest('hex');

// SQLite and MySQL hand dates back as numbers or strings; PostgreSQL as Dates.
const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(value as string | number));

const later = (a: Date, b: Date | undefined): Date => (b && b.getTime() > a.getTime() ? b : a);

/**
 * The open digest deliveries: at most one per slot, enforced by the unique `openDigest` column, so
 * that instances writing at once agree on one. A digest is joined while it is `queued` and due after
 * the member; otherwise it is closed (its `openDigest` cleared: it is being or was sent) and a new one
 * opened. Runs inside the outbox's transaction: the open digest's row stays locked (PostgreSQL, MySQL)
 * until the member rows pointing at it are committed, so a worker claiming it waits for them and
 * builds the digest with every member.
 */
export const digestRepository = (strapi: Core.Strapi) => {
  let resolved: ReturnType<typeof tableOf> | undefined;
  const t = () => (resolved ??= tableOf(strapi, DELIVERY_UID));
  const col = (field: string) => t().column(field);

  const newRow = (slot: DigestSlot, value: string) => {
    const now = new Date();
    return {
      [col('documentId')]: createDocumentId(),
      [col('notification')]: slot.notificationId,
      [col('channel')]: slot.channel,
      [col('provider')]: slot.provider,
      [col('context')]: JSON.stringify(slot.context),
      [col('digestContext')]: JSON.stringify(slot.digestContext),
      [col('bulk')]: false,
      [col('destination')]: slot.destination,
      [col('status')]: 'queued',
      [col('attempts')]: 0,
      [col('runAt')]: later(new Date(slot.memberDue.getTime() + slot.window * 1000), slot.notBefore),
      [col('digestKey')]: slot.key,
      [col('openDigest')]: value,
      [col('createdAt')]: now,
      [col('updatedAt')]: now,
      [col('publishedAt')]: now,
    };
  };

  type Found = { id: number; documentId: string; status: string; runAt: Date; value: string };

  /** The statements of one try, on the held SQLite connection or through knex; `values` at most a few hundred. */
  interface Statements {
    find(values: string[]): Promise<Found[]>;
    close(ids: number[]): Promise<void>;
    insertUnlessTaken(rows: Record<string, unknown>[]): Promise<void>;
  }

  const toFound = (row: Record<string, unknown>): Found => ({
    id: Number(row[col('id')]),
    documentId: row[col('documentId')] as string,
    status: row[col('status')] as string,
    runAt: toDate(row[col('runAt')]),
    value: row[col('openDigest')] as string,
  });
  const selected = () => ['id', 'documentId', 'status', 'runAt', 'openDigest'].map(col);
  const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

  const onSqlite = (sqlite: SqliteConnection): Statements => {
    const table = `"${t().tableName}"`;
    return {
      async find(values) {
        const sql = `select ${selected()
          .map((name) => `"${name}"`)
          .join(', ')} from ${table} where "${col('openDigest')}" in (${marks(values.length)})`;
        return sqlite.all<Record<string, unknown>>(sql, values).map(toFound);
      },
      async close(ids) {
        sqlite.run(`update ${table} set "${col('openDigest')}" = null where "${col('id')}" in (${marks(ids.length)})`, ids);
      },
      async insertUnlessTaken(rows) {
        for (const row of rows) {
          const columns = Object.keys(row);
          const sql = `insert into ${table} (${columns.map((name) => `"${name}"`).join(', ')}) values (${marks(columns.length)}) on conflict do nothing`;
          sqlite.run(
            sql,
            columns.map((name) => row[name])
          );
        }
      },
    };
  };

  const withKnex: Statements = {
    async find(values) {
      const { qb } = await t().table();
      const query = qb.select(selected()).whereIn(col('openDigest'), values);
      // Locks the open digests until the members are committed (SQLite has one writer: no lock to take).
      if (strapi.db.inTransaction() && dialectOf(strapi) !== 'sqlite') query.forUpdate();
      return ((await query) as Record<string, unknown>[]).map(toFound);
    },
    async close(ids) {
      const { qb } = await t().table();
      await qb.whereIn(col('id'), ids).update({ [col('openDigest')]: null });
    },
    async insertUnlessTaken(rows) {
      const { qb } = await t().table();
      await qb.insert(rows).onConflict(col('openDigest')).ignore();
    },
  };

  /** Whether a member due at `due` may join this digest: it is waiting, and goes after the member. */
  const joinable = (open: Found, due: Date): boolean => open.status === 'queued' && open.runAt.getTime() > due.getTime();

  /** One batch (a few hundred distinct slots): a lookup, the closes, one insert and a lookup again per try. */
  const joinBatch = async (statements: Statements, slots: DigestSlot[]): Promise<OpenDigest[]> => {
    const values = slots.map(slotOf);
    const result: (OpenDigest | undefined)[] = slots.map(() => undefined);
    let pending = slots.map((_, i) => i);
    for (let attempt = 0; attempt < ATTEMPTS && pending.length; attempt += 1) {
      const found = new Map((await statements.find(pending.map((i) => values[i]))).map((open) => [open.value, open]));
      const toOpen: number[] = [];
      const toClose: number[] = [];
      for (const i of pending) {
        const open = found.get(values[i]);
        if (open && joinable(open, slots[i].memberDue)) result[i] = { id: open.id, runAt: open.runAt, opened: false };
        else {
          // Its window is over (being sent, sent, or due before this member): the next one starts here.
          if (open) toClose.push(open.id);
          toOpen.push(i);
        }
      }
      if (!toOpen.length) break;
      if (toClose.length) await statements.close([...new Set(toClose)]);
      const rows = toOpen.map((i) => newRow(slots[i], values[i]));
      await statements.insertUnlessTaken(rows);
      const mine = new Set(rows.map((row) => row[col('documentId')] as string));
      const now = new Map((await statements.find(toOpen.map((i) => values[i]))).map((open) => [open.value, open]));
      pending = toOpen.filter((i) => {
        const open = now.get(values[i]);
        if (open && mine.has(open.documentId)) result[i] = { id: open.id, runAt: open.runAt, opened: true };
        else if (open && joinable(open, slots[i].memberDue)) result[i] = { id: open.id, runAt: open.runAt, opened: false };
        return !result[i];
      });
    }
    const left = result.findIndex((joined) => !joined);
    if (left >= 0) {
      const { key, channel } = slots[left];
      throw new Error(
        `[notifs] could not open a digest for key "${key}" on channel "${channel}" (it kept closing under concurrent writes)`
      );
    }
    return result as OpenDigest[];
  };

  return {
    /**
     * The digest delivery each slot's member folds into: the open one of its slot, or a new one.
     * Slots must be distinct. Statements per few hundred slots, not per slot (a fan-out digests
     * thousands of recipients at once).
     */
    async joinMany(slots: DigestSlot[]): Promise<OpenDigest[]> {
      const held = writeContext.getStore();
      const statements = held?.open && held.sqlite ? onSqlite(held.sqlite) : withKnex;
      const result: OpenDigest[] = [];
      for (let i = 0; i < slots.length; i += BATCH) result.push(...(await joinBatch(statements, slots.slice(i, i + BATCH))));
      return result;
    },

    /**
     * What a digest delivery is built from: the channel context kept when it opened, and the
     * notification ids of its members, oldest first (a notification deleted since is left out).
     */
    async contents(digestId: number): Promise<{ context: ChannelContext; notificationIds: number[] }> {
      const { qb } = await t().table();
      const row = (await qb.select(col('digestContext')).where(col('id'), digestId).first()) as Record<string, unknown> | undefined;
      const raw = row?.[col('digestContext')];
      const context = ((typeof raw === 'string' ? JSON.parse(raw) : raw) ?? {}) as ChannelContext;
      const members = (await (await t().table()).qb
        .select(col('notification'))
        .where(col('mergedInto'), digestId)
        .where(col('status'), 'merged')
        .whereNotNull(col('notification'))
        .orderBy(col('id'))) as Record<string, unknown>[];
      return { context, notificationIds: [...new Set(members.map((member) => Number(member[col('notification')])))] };
    },
  };
};

export type DigestRepository = ReturnType<typeof digestRepository>;
