import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ChannelContext } from '../domain/types';
import { DELIVERY_UID } from '../utils/uids';
import { createDocumentId } from '../utils/document-id';
import { tableOf } from './table';
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

/**
 * The unique value of an open digest's `openDigest` column: one per recipient, key, channel and
 * provider. Hashed: the key may be 255 characters and the column holds 255.
 */
const slotOf = ({ recipient, key, channel, provider }: DigestSlot): string =>
  createHash('sha256').update(JSON.stringify([recipient, key, channel, provider])).digest('hex');

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

  /** The statements of one try, on the held SQLite connection or through knex. */
  interface Statements {
    find(value: string): Promise<{ id: number; documentId: string; status: string; runAt: Date } | undefined>;
    close(id: number): Promise<void>;
    insertUnlessTaken(row: Record<string, unknown>): Promise<void>;
  }

  const found = (row: Record<string, unknown> | undefined) =>
    row && {
      id: Number(row[col('id')]),
      documentId: row[col('documentId')] as string,
      status: row[col('status')] as string,
      runAt: toDate(row[col('runAt')]),
    };

  const onSqlite = (sqlite: SqliteConnection): Statements => {
    const table = `"${t().tableName}"`;
    return {
      async find(value) {
        const sql = `select "${col('id')}", "${col('documentId')}", "${col('status')}", "${col('runAt')}" from ${table} where "${col('openDigest')}" = ?`;
        return found(sqlite.all<Record<string, unknown>>(sql, [value])[0]);
      },
      async close(id) {
        sqlite.run(`update ${table} set "${col('openDigest')}" = null where "${col('id')}" = ?`, [id]);
      },
      async insertUnlessTaken(row) {
        const columns = Object.keys(row);
        const sql = `insert into ${table} (${columns.map((name) => `"${name}"`).join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict do nothing`;
        sqlite.run(
          sql,
          columns.map((name) => row[name])
        );
      },
    };
  };

  const withKnex: Statements = {
    async find(value) {
      const { qb } = await t().table();
      const query = qb.select(col('id'), col('documentId'), col('status'), col('runAt')).where(col('openDigest'), value).first();
      // Locks the open digest until the members are committed (SQLite has one writer: no lock to take).
      if (strapi.db.inTransaction() && strapi.db.dialect.client !== 'sqlite') query.forUpdate();
      return found((await query) as Record<string, unknown> | undefined);
    },
    async close(id) {
      const { qb } = await t().table();
      await qb.where(col('id'), id).update({ [col('openDigest')]: null });
    },
    async insertUnlessTaken(row) {
      const { qb } = await t().table();
      await qb.insert(row).onConflict(col('openDigest')).ignore();
    },
  };

  return {
    /** The digest delivery this member folds into: the open one of its slot, or a new one. */
    async join(slot: DigestSlot): Promise<OpenDigest> {
      const held = writeContext.getStore();
      const statements = held?.open && held.sqlite ? onSqlite(held.sqlite) : withKnex;
      const value = slotOf(slot);
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const open = await statements.find(value);
        if (open && open.status === 'queued' && open.runAt.getTime() > slot.memberDue.getTime()) {
          return { id: open.id, runAt: open.runAt, opened: false };
        }
        // Its window is over (being sent, sent, or due before this member): the next one starts here.
        if (open) await statements.close(open.id);
        const row = newRow(slot, value);
        await statements.insertUnlessTaken(row);
        const mine = await statements.find(value);
        if (mine && mine.documentId === row[col('documentId')]) return { id: mine.id, runAt: mine.runAt, opened: true };
        if (mine && mine.status === 'queued' && mine.runAt.getTime() > slot.memberDue.getTime()) {
          return { id: mine.id, runAt: mine.runAt, opened: false };
        }
      }
      throw new Error(`[notifs] could not open a digest for key "${slot.key}" on channel "${slot.channel}" (it kept closing under concurrent writes)`);
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
