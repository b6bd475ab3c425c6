import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Notification, NotificationObjectRef } from '../types';
import { NOTIFICATION_UID } from '../utils/uids';

/** The public fields of a notification, as read straight from its table. */
const FIELDS = [
  'id',
  'documentId',
  'recipient',
  'source',
  'sourceDisplayName',
  'category',
  'action',
  'obj',
  'shortDescription',
  'url',
  'silent',
  'extraData',
  'channels',
  'isRead',
  'readAt',
  'createdAt',
  'updatedAt',
] as const;

type Field = (typeof FIELDS)[number];
type RawRow = Record<Field, unknown>;

interface AttributeMeta {
  columnName?: string;
  joinColumn?: { name: string };
}

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

// SQLite and MySQL hand JSON columns back as text; PostgreSQL as values.
const json = <T>(value: unknown): T | null => {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
};

const id = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Direct knex access to `notifs_notifications` for the hot read paths (one statement where the
 * entity manager runs three: the row, then each relation's populate). Column names come from
 * Strapi's metadata, so they follow the content type.
 */
export const notificationTable = (strapi: Core.Strapi) => {
  const meta = strapi.db.metadata.get(NOTIFICATION_UID) as unknown as { tableName: string; attributes: Record<string, AttributeMeta> };
  const column = (field: string): string => {
    const attribute = meta.attributes[field];
    const name = attribute?.columnName ?? attribute?.joinColumn?.name;
    if (!name) throw new Error(`[notifs] the notification content type has no column for "${field}"`);
    return name;
  };
  const selection = Object.fromEntries(FIELDS.map((field) => [field, column(field)]));

  return {
    column,
    /**
     * A query builder on the table, inside the caller's transaction when there is one (SQLite has
     * one connection: a query outside it would wait for it). Resolves with `{ qb }`: a builder is
     * thenable, so it cannot be the resolved value itself.
     */
    async table(): Promise<{ qb: Knex.QueryBuilder }> {
      const qb = strapi.db.getConnection(meta.tableName) as Knex.QueryBuilder;
      if (strapi.db.inTransaction()) {
        // A nested transaction() hands back the current one and neither commits nor rolls it back.
        const { trx } = await strapi.db.transaction(async ({ trx: current }) => ({ trx: current }));
        qb.transacting(trx);
      }
      return { qb };
    },
    /** `select` argument giving each public field under its own name. */
    selection,
    /** A raw row (selected with `selection`) as the public `Notification`. */
    toNotification: (row: RawRow): Notification => ({
      id: Number(row.id),
      documentId: row.documentId as string,
      recipient: id(row.recipient),
      source: id(row.source),
      sourceDisplayName: (row.sourceDisplayName as string | null) ?? null,
      category: (row.category as string | null) ?? null,
      action: (row.action as string | null) ?? null,
      obj: json<NotificationObjectRef>(row.obj),
      shortDescription: (row.shortDescription as string | null) ?? null,
      url: (row.url as string | null) ?? null,
      silent: Boolean(row.silent),
      extraData: json<Record<string, unknown>>(row.extraData),
      channels: json<string[]>(row.channels) ?? [],
      isRead: Boolean(row.isRead),
      readAt: iso(row.readAt),
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    }),
  };
};

export type NotificationTable = ReturnType<typeof notificationTable>;
export type { RawRow as NotificationRawRow };
