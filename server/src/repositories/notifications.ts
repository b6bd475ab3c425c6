import type { Core } from '@strapi/strapi';
import type { Notification, NotificationObjectRef } from '../domain/types';
import { NOTIFICATION_UID } from '../utils/uids';
import { createDocumentId } from '../utils/document-id';
import { insertRows } from './insert-rows';
import { notificationTable, type NotificationRawRow } from './notification-table';
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

type Row = Record<string, unknown> & { id: number };

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
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/** Where-clause of one recipient's notifications. */
const ofRecipient = (recipient: number) => ({ recipient: { id: recipient } });

/** Reads and writes of `plugin::notifs.notification`, so services read as intent. */
export const notificationRepository = (strapi: Core.Strapi) => {
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

  /** Where-clause (knex) of a recipient's notifications, with the list filters. */
  const listWhere = (recipient: number, filters: { isRead?: boolean; category?: string }) => {
    const t = table();
    const where: Record<string, unknown> = { [t.column('recipient')]: recipient };
    if (filters.isRead !== undefined) where[t.column('isRead')] = filters.isRead;
    if (filters.category !== undefined) where[t.column('category')] = filters.category;
    return where;
  };

  /** One insert statement for a batch; documentIds and timestamps are set here, so no read-back is needed. */
  const insert = async (batch: NotificationFields[]): Promise<Notification[]> => {
    const now = new Date();
    const iso = now.toISOString();
    const rows = batch.map((fields) => ({ ...fields, documentId: createDocumentId() }));
    const ids = await insertRows(
      strapi,
      NOTIFICATION_UID,
      rows.map((row) => ({ ...row, isRead: false, readAt: null, createdAt: now, updatedAt: now, publishedAt: now }))
    );
    return rows.map(({ documentId, ...fields }, i) => ({ ...fields, id: ids[i], documentId, isRead: false, readAt: null, createdAt: iso, updatedAt: iso }));
  };

  return {
    async create(fields: NotificationFields): Promise<Notification> {
      const [created] = await insert([fields]);
      return created;
    },

    /** Inserts in batches (one statement per batch); returns them in the order given. */
    async createMany(fieldsList: NotificationFields[]): Promise<Notification[]> {
      const created: Notification[] = [];
      for (let i = 0; i < fieldsList.length; i += INSERT_BATCH) {
        created.push(...(await insert(fieldsList.slice(i, i + INSERT_BATCH))));
      }
      return created;
    },

    findById(id: number): Promise<Notification | null> {
      return findById({ id });
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
     * One UPDATE on the table, then `afterUpdate` for the lifecycle subscribers (the stream's
     * unread-count watcher among them), as the entity manager would have fired it.
     */
    async setRead(id: number, isRead: boolean): Promise<Notification> {
      const t = table();
      const now = new Date();
      const data = { isRead, readAt: isRead ? now : null, updatedAt: now };
      const { qb } = await t.table();
      await qb
        .where(t.column('id'), id)
        .update({ [t.column('isRead')]: isRead, [t.column('readAt')]: data.readAt, [t.column('updatedAt')]: now });
      const result = (await findById({ id })) as Notification;
      await strapi.db.lifecycles.run('afterUpdate', NOTIFICATION_UID, {
        params: { where: { id }, data },
        result: { ...result, recipient: result.recipient === null ? null : { id: result.recipient } },
      } as never);
      return result;
    },

    /** Marks every unread notification of `recipient` as read; returns how many changed. */
    async readAll(recipient: number): Promise<number> {
      // Strapi's updateMany loses its data when the where joins a relation: select the ids first.
      const unread = (await query().findMany({
        where: { ...ofRecipient(recipient), isRead: false },
        select: ['id'],
      })) as Row[];
      const now = new Date();
      let count = 0;
      for (let i = 0; i < unread.length; i += INSERT_BATCH) {
        const ids = unread.slice(i, i + INSERT_BATCH).map((row) => row.id);
        count += (await query().updateMany({ where: { id: { $in: ids } }, data: { isRead: true, readAt: now } })).count;
      }
      return count;
    },

    async countUnread(recipient: number): Promise<number> {
      const t = table();
      const { qb } = await t.table();
      const row = (await qb.where(listWhere(recipient, { isRead: false })).count({ count: '*' }).first()) as
        | { count: number | string }
        | undefined;
      return Number(row?.count ?? 0);
    },

    async list(
      recipient: number,
      filters: { isRead?: boolean; category?: string },
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
        t.table().then(({ qb }) => qb.where(where).count({ count: '*' }).first() as Promise<{ count: number | string } | undefined>),
      ]);
      return { results: rows.map(t.toNotification), total: Number(counted?.count ?? 0) };
    },

    async delete(id: number): Promise<void> {
      await query().delete({ where: { id } });
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
