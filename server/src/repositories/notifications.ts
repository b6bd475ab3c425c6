import type { Core } from '@strapi/strapi';
import type { Notification, NotificationObjectRef } from '../domain/types';
import type { InboxState } from '../domain/fallback';
import { NOTIFICATION_UID } from '../utils/uids';
import { createDocumentId } from '../utils/document-id';
import { insertRows } from './insert-rows';
import { notificationTable, type NotificationRawRow } from './notification-table';
import type { Knex } from 'knex';
import type { EntityRef } from '../validation/ids';

/** The stored fields of a notification, as `notify` writes them. */
export type NotificationFields = Pick<
  Notification,
  | 'recipient'
  | 'source'
  | 'sourceDisplayName'
  | 'category'
  | 'action'
  | 'obj'
  | 'shortDescription'
  | 'url'
  | 'silent'
  | 'extraData'
  | 'channels'
>;

/** What is inserted: the fields, and the throttle key of a notification let through by its throttle (private: never read back). */
export type NotificationInsert = NotificationFields & { throttleKey?: string | null };

type Row = Record<string, unknown> & { id: number };

/** The list filters, as the read service has checked them. */
export interface ListFilters {
  isRead?: boolean;
  category?: string;
  /** `false`: only those not archived; `true`: only archived ones; absent: both. */
  archived?: boolean;
  seen?: boolean;
}

/** The inbox states a recipient changes: read, seen, archived. */
export interface StateFields {
  isRead?: boolean;
  readAt?: Date | null;
  seenAt?: Date | null;
  archivedAt?: Date | null;
}

/** Rows per insert statement in `createMany`, and ids per `IN (…)` list (under SQLite's parameter limit). */
const INSERT_BATCH = 500;

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

const relationId = (value: unknown): number | null =>
  value && typeof value === 'object' && 'id' in value ? Number((value as { id: unknown }).id) : null;

/** A database row (relations populated with their ids) as the public `Notification`. */
export const toNotification = (row: Row): Notification => ({
  id: row.id,
  documentId: row.documentId as string,
  recipient: relationId(row.recipient),
  source: relationId(row.source),
  sourceDisplayName: (row.sourceDisplayName as string | null) ?? null,
  category: (row.category as string | null) ?? null,
  action: (row.action as string | null) ?? null,
  obj: (row.obj as NotificationObjectRef | null) ?? null,
  shortDescription: (row.shortDescription as string | null) ?? null,
  url: (row.url as string | null) ?? null,
  silent: Boolean(row.silent),
  extraData: (row.extraData as Record<string, unknown> | null) ?? null,
  channels: (row.channels as string[] | null) ?? [],
  isRead: Boolean(row.isRead),
  readAt: iso(row.readAt),
  seenAt: iso(row.seenAt),
  archivedAt: iso(row.archivedAt),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/** Where-clause of one recipient's notifications. */
const ofRecipient = (recipient: number) => ({ recipient: { id: recipient } });

/**
 * Reads and writes of `plugin::notifs.notification`, so services read as intent. `now` stamps new
 * notifications: the database's clock, so that every instance's are on one (throttles count by it).
 */
export const notificationRepository = (strapi: Core.Strapi, now: () => Date = () => new Date()) => {
  const query = () => strapi.db.query(NOTIFICATION_UID);
  // The read paths go to the table directly; the table is resolved on first use (after Strapi loads).
  let direct: ReturnType<typeof notificationTable> | undefined;
  const table = () => (direct ??= notificationTable(strapi));

  const findById = async (ref: EntityRef, recipient?: number): Promise<Notification | null> => {
    const t = table();
    const { qb } = await t.table();
    qb.select(t.selection);
    if ('id' in ref) qb.where(t.column('id'), ref.id);
    else qb.where(t.column('documentId'), ref.documentId);
    if (recipient !== undefined) qb.andWhere(t.column('recipient'), recipient);
    const row = (await qb.first()) as NotificationRawRow | undefined;
    return row ? t.toNotification(row) : null;
  };

  /** Narrows a knex builder to a recipient's notifications, with the list filters (`archived`, `seen`: on the dates' nullness). */
  const listWhere =
    (recipient: number, filters: ListFilters) =>
    (qb: Knex.QueryBuilder): void => {
      const t = table();
      qb.where(t.column('recipient'), recipient);
      if (filters.isRead !== undefined) qb.andWhere(t.column('isRead'), filters.isRead);
      if (filters.category !== undefined) qb.andWhere(t.column('category'), filters.category);
      if (filters.archived !== undefined) qb[filters.archived ? 'whereNotNull' : 'whereNull'](t.column('archivedAt'));
      if (filters.seen !== undefined) qb[filters.seen ? 'whereNotNull' : 'whereNull'](t.column('seenAt'));
    };

  const count = async (recipient: number, filters: ListFilters): Promise<number> => {
    const { qb } = await table().table();
    const row = (await qb.where(listWhere(recipient, filters)).count({ count: '*' }).first()) as { count: number | string } | undefined;
    return Number(row?.count ?? 0);
  };

  /**
   * Sets `data` on every notification matching `where`, through Strapi's query engine so that the
   * lifecycles (the stream's count watcher) run. Its updateMany loses its data when the where joins a
   * relation: the ids are selected first, then updated in batches.
   */
  const updateWhere = async (where: Record<string, unknown>, data: StateFields): Promise<number> => {
    const rows = (await query().findMany({ where, select: ['id'] })) as Row[];
    let changed = 0;
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const ids = rows.slice(i, i + INSERT_BATCH).map((row) => row.id);
      changed += (await query().updateMany({ where: { id: { $in: ids } }, data: { ...data, updatedAt: new Date() } })).count;
    }
    return changed;
  };

  /** One insert statement for a batch; documentIds and timestamps are set here, so no read-back is needed. */
  const insert = async (batch: NotificationInsert[]): Promise<Notification[]> => {
    const at = now();
    const iso = at.toISOString();
    const rows = batch.map((fields) => ({ ...fields, documentId: createDocumentId() }));
    const ids = await insertRows(
      strapi,
      NOTIFICATION_UID,
      rows.map((row) => ({
        ...row,
        isRead: false,
        readAt: null,
        seenAt: null,
        archivedAt: null,
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
      }))
    );
    return rows.map(({ documentId, throttleKey: _throttleKey, ...fields }, i) => ({
      ...fields,
      id: ids[i],
      documentId,
      isRead: false,
      readAt: null,
      seenAt: null,
      archivedAt: null,
      createdAt: iso,
      updatedAt: iso,
    }));
  };

  return {
    async create(fields: NotificationInsert): Promise<Notification> {
      const [created] = await insert([fields]);
      return created;
    },

    /** Inserts in batches (one statement per batch); returns them in the order given. */
    async createMany(fieldsList: NotificationInsert[]): Promise<Notification[]> {
      const created: Notification[] = [];
      for (let i = 0; i < fieldsList.length; i += INSERT_BATCH) {
        created.push(...(await insert(fieldsList.slice(i, i + INSERT_BATCH))));
      }
      return created;
    },

    findById(id: number): Promise<Notification | null> {
      return findById({ id });
    },

    /** These notifications, in the order of `ids` (deleted ones left out). One query per 500 ids. */
    async findByIds(ids: number[]): Promise<Notification[]> {
      const byId = new Map<number, Notification>();
      for (let i = 0; i < ids.length; i += INSERT_BATCH) {
        const t = table();
        const { qb } = await t.table();
        const rows = (await qb.select(t.selection).whereIn(t.column('id'), ids.slice(i, i + INSERT_BATCH))) as NotificationRawRow[];
        rows.map((row) => t.toNotification(row)).forEach((notification) => byId.set(notification.id, notification));
      }
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** The notification's numeric id, found by id or documentId; null when there is none. */
    async idOf(ref: EntityRef): Promise<number | null> {
      return (await findById(ref))?.id ?? null;
    },

    /** One of the recipient's notifications, by id or documentId. */
    async findOneOfRecipient(ref: EntityRef, recipient: number): Promise<Notification | null> {
      return findById(ref, recipient);
    },

    /**
     * One UPDATE of a notification's inbox states, then `afterUpdate` for the lifecycle subscribers
     * (the stream's count watcher among them), as the entity manager would have fired it.
     */
    async setState(id: number, state: StateFields): Promise<Notification> {
      const t = table();
      const data = { ...state, updatedAt: new Date() };
      const { qb } = await t.table();
      await qb.where(t.column('id'), id).update(Object.fromEntries(Object.entries(data).map(([field, value]) => [t.column(field), value])));
      const result = (await findById({ id })) as Notification;
      await strapi.db.lifecycles.run('afterUpdate', NOTIFICATION_UID, {
        params: { where: { id }, data },
        result: { ...result, recipient: result.recipient === null ? null : { id: result.recipient } },
      } as never);
      return result;
    },

    /**
     * Whether these notifications are read and when they were seen, by id, in one query per 500 ids
     * (an id that is not there was deleted): what fallback channels' `unless` is checked against.
     */
    async inboxStates(ids: number[]): Promise<Map<number, InboxState>> {
      const t = table();
      const states = new Map<number, InboxState>();
      for (let i = 0; i < ids.length; i += INSERT_BATCH) {
        const { qb } = await t.table();
        const rows = (await qb
          .select({ id: t.column('id'), isRead: t.column('isRead'), seenAt: t.column('seenAt') })
          .whereIn(t.column('id'), ids.slice(i, i + INSERT_BATCH))) as { id: unknown; isRead: unknown; seenAt: unknown }[];
        rows.forEach((row) => states.set(Number(row.id), { isRead: Boolean(row.isRead), seenAt: iso(row.seenAt) }));
      }
      return states;
    },

    /** Marks every unread notification of `recipient` as read (and seen, where it was not); returns how many were read. */
    async readAll(recipient: number): Promise<number> {
      const now = new Date();
      // Seen first: the count watcher hears the read, the last change, and then both counts are final.
      await updateWhere({ ...ofRecipient(recipient), isRead: false, seenAt: { $null: true } }, { seenAt: now });
      return updateWhere({ ...ofRecipient(recipient), isRead: false }, { isRead: true, readAt: now });
    },

    /** Marks every unseen notification of `recipient` as seen; returns how many changed. */
    seenAll(recipient: number): Promise<number> {
      return updateWhere({ ...ofRecipient(recipient), seenAt: { $null: true } }, { seenAt: new Date() });
    },

    /** Archives every read notification of `recipient` not archived yet; returns how many changed. */
    archiveRead(recipient: number): Promise<number> {
      return updateWhere({ ...ofRecipient(recipient), isRead: true, archivedAt: { $null: true } }, { archivedAt: new Date() });
    },

    /** Unread and not archived: served by the (recipient, archived_at, is_read, …) index alone. */
    countUnread(recipient: number): Promise<number> {
      return count(recipient, { archived: false, isRead: false });
    },

    /** Unseen and not archived: served by the (recipient, archived_at, seen_at) index alone. */
    countUnseen(recipient: number): Promise<number> {
      return count(recipient, { archived: false, seen: false });
    },

    async list(
      recipient: number,
      filters: ListFilters,
      pagination: { page: number; pageSize: number }
    ): Promise<{ results: Notification[]; total: number }> {
      const t = table();
      const where = listWhere(recipient, filters);
      const [rows, counted] = await Promise.all([
        t.table().then(
          ({ qb }) =>
            qb
              .select(t.selection)
              .where(where)
              .orderBy([
                { column: t.column('createdAt'), order: 'desc' },
                { column: t.column('id'), order: 'desc' },
              ])
              .offset((pagination.page - 1) * pagination.pageSize)
              .limit(pagination.pageSize) as Promise<NotificationRawRow[]>
        ),
        count(recipient, filters),
      ]);
      return { results: rows.map(t.toNotification), total: counted };
    },

    async delete(id: number): Promise<void> {
      await query().delete({ where: { id } });
    },

    /**
     * Deletes every notification of `recipient` through the query engine (in batches of ids), so the
     * lifecycles run: waiting deliveries are cancelled and the counts told. Returns how many went.
     */
    async deleteAllOf(recipient: number): Promise<number> {
      const rows = (await query().findMany({ where: ofRecipient(recipient), select: ['id'] })) as Row[];
      let deleted = 0;
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        deleted += (await query().deleteMany({ where: { id: { $in: rows.slice(i, i + INSERT_BATCH).map((row) => row.id) } } })).count;
      }
      return deleted;
    },

    /** Deletes rows this call inserted (the outbox's undo inside the app's transaction); no lifecycle runs. */
    async deleteMany(ids: number[]): Promise<void> {
      for (let i = 0; i < ids.length; i += INSERT_BATCH) {
        const { qb } = await table().table();
        await qb.whereIn(table().column('id'), ids.slice(i, i + INSERT_BATCH)).delete();
      }
    },
  };
};

export type NotificationRepository = ReturnType<typeof notificationRepository>;
