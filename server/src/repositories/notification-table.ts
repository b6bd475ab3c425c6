import type { Core } from '@strapi/strapi';
import type { Notification, NotificationObjectRef } from '../domain/types';
import { tableOf } from './table';
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
  'seenAt',
  'archivedAt',
  'createdAt',
  'updatedAt',
] as const;

type Field = (typeof FIELDS)[number];
type RawRow = Record<Field, unknown>;

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
  const { column, table } = tableOf(strapi, NOTIFICATION_UID);
  const selection = Object.fromEntries(FIELDS.map((field) => [field, column(field)]));

  return {
    column,
    table,
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
      seenAt: iso(row.seenAt),
      archivedAt: iso(row.archivedAt),
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    }),
  };
};

export type NotificationTable = ReturnType<typeof notificationTable>;
export type { RawRow as NotificationRawRow };
