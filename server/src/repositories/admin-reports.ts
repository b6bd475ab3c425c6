import { randomUUID } from 'node:crypto';
/**
 * Read-only queries of the admin panel over notifications and deliveries, across all recipients
 * (the read service is scoped to one recipient; these are not, and sit behind admin permissions).
 */
import type { Core } from '@strapi/strapi';
import type { ChannelContext, Notification, PlannedDelivery } from '../domain/types';
import { DELIVERY_UID, NOTIFICATION_UID } from '../utils/uids';
import { toNotification } from './notifications';
import type { DeliveryStatus } from './deliveries';
import { DEFAULT_LISTED_STATUSES, type DeliveryListQuery, type NotificationListQuery, type SeriesQuery } from '../validation/admin';
import type { EntityRef } from '../validation/ids';

type Row = Record<string, unknown> & { id: number };

/** A delivery as the admin shows it: everything but the claim bookkeeping. */
export interface AdminDelivery {
  id: number;
  notificationId: number | null;
  channel: string;
  provider: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  runAt: string | null;
  sentAt: string | null;
  /** The far side's id for the message (Slack's `ts`, the SMTP server's Message-ID…), when the provider gave one. */
  externalId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  payload: unknown;
  /** Digests: the key, on the digest delivery and on the deliveries merged into it. */
  digestKey: string | null;
  /** A merged delivery: the id of the digest delivery it was folded into. */
  mergedInto: number | null;
  /** A digest delivery: how many deliveries were merged into it. */
  mergedCount?: number;
}

/** A notification with who it is for (their username and email: admins see users anyway). */
export interface AdminNotification extends Notification {
  recipientUser: { id: number; username: string | null; email: string | null } | null;
}

export interface Page<T> {
  results: T[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** One bucket of the delivery chart: deliveries sent and failed (failed or dead) in it. */
export interface SeriesPoint {
  at: string;
  sent: number;
  failed: number;
}

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

const toDelivery = (row: Row): AdminDelivery => ({
  id: row.id,
  notificationId: (row.notification as { id: number } | null)?.id ?? null,
  channel: row.channel as string,
  provider: row.provider as string,
  status: row.status as DeliveryStatus,
  attempts: Number(row.attempts ?? 0),
  lastError: (row.lastError as string | null) ?? null,
  runAt: iso(row.runAt),
  sentAt: iso(row.sentAt),
  externalId: (row.externalId as string | null) ?? null,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  payload: row.payload ?? null,
  digestKey: (row.digestKey as string | null) ?? null,
  mergedInto: row.mergedInto === null || row.mergedInto === undefined ? null : Number(row.mergedInto),
});

const toAdminNotification = (row: Row): AdminNotification => {
  const user = row.recipient as { id: number; username?: string; email?: string } | null;
  return {
    ...toNotification(row),
    recipientUser: user ? { id: user.id, username: user.username ?? null, email: user.email ?? null } : null,
  };
};

const NOTIFICATION_POPULATE = {
  recipient: { select: ['id', 'username', 'email'] },
  source: { select: ['id'] },
} as const;

const pageOf = <T>(results: T[], total: number, page: number, pageSize: number): Page<T> => ({
  results,
  pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
});

/** Start of the hour or UTC day of `date`, as epoch ms. */
const bucketStart = (date: Date, interval: 'hour' | 'day'): number => {
  const start = new Date(date);
  start.setUTCMinutes(0, 0, 0);
  if (interval === 'day') start.setUTCHours(0);
  return start.getTime();
};

export const adminReports = (strapi: Core.Strapi) => {
  const notifications = () => strapi.db.query(NOTIFICATION_UID);
  const deliveries = () => strapi.db.query(DELIVERY_UID);

  /** Each digest delivery of a page with how many deliveries were merged into it: one grouped query per page. */
  const withMergedCounts = async (list: AdminDelivery[]): Promise<AdminDelivery[]> => {
    const digestIds = list.filter((delivery) => delivery.digestKey !== null && delivery.mergedInto === null).map((delivery) => delivery.id);
    if (!digestIds.length) return list;
    const { tableName, attributes } = strapi.db.metadata.get(DELIVERY_UID);
    const column = (attributes.mergedInto as unknown as { columnName?: string }).columnName ?? 'merged_into';
    const rows = (await strapi.db
      .connection(tableName)
      .select(column)
      .count({ total: '*' })
      .whereIn(column, digestIds)
      .groupBy(column)) as Record<string, unknown>[];
    const counts = new Map(rows.map((row) => [Number(row[column]), Number(row.total)]));
    return list.map((delivery) =>
      digestIds.includes(delivery.id) ? { ...delivery, mergedCount: counts.get(delivery.id) ?? 0 } : delivery
    );
  };

  /** Ids of notifications with a delivery through `channel`: what was sent, not only what was asked. */
  const idsWithChannel = async (channel: string): Promise<number[]> => {
    const { tableName, attributes } = strapi.db.metadata.get(DELIVERY_UID);
    const column = (attributes.notification as unknown as { joinColumn?: { name: string } }).joinColumn?.name ?? 'notification_id';
    const rows = (await strapi.db.connection(tableName).distinct(column).where({ channel }).whereNotNull(column)) as Record<string, number>[];
    return rows.map((row) => Number(row[column]));
  };

  return {
    /** Every recipient's notifications, newest first, filtered. */
    async listNotifications(query: NotificationListQuery): Promise<Page<AdminNotification>> {
      const { page, pageSize, recipient, category, channel, isRead, from, to } = query;
      const where: Record<string, unknown> = {
        ...(recipient ? { recipient: { id: recipient } } : {}),
        ...(category ? { category } : {}),
        ...(isRead === undefined ? {} : { isRead }),
        ...(from || to ? { createdAt: { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) } } : {}),
      };
      if (channel) where.id = { $in: await idsWithChannel(channel) };
      const [rows, total] = await Promise.all([
        notifications().findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
          populate: NOTIFICATION_POPULATE,
        }) as Promise<Row[]>,
        notifications().count({ where }),
      ]);
      return pageOf(rows.map(toAdminNotification), total, page, pageSize);
    },

    /** A notification by numeric id or documentId. */
    async findNotification(ref: EntityRef): Promise<AdminNotification | null> {
      const row = (await notifications().findOne({ where: ref, populate: NOTIFICATION_POPULATE })) as Row | null;
      return row ? toAdminNotification(row) : null;
    },

    /** A notification's deliveries, oldest first. */
    async deliveriesOf(notificationId: number): Promise<AdminDelivery[]> {
      const rows = (await deliveries().findMany({
        where: { notification: { id: notificationId } },
        populate: { notification: { select: ['id'] } },
        orderBy: { id: 'asc' },
      })) as Row[];
      return withMergedCounts(rows.map(toDelivery));
    },

    /** One delivery per channel and provider of a notification (the latest), as it was planned: to send again. */
    async replanOf(notificationId: number): Promise<PlannedDelivery[]> {
      const rows = (await deliveries().findMany({
        where: { notification: { id: notificationId } },
        select: ['channel', 'provider', 'payload', 'context', 'bulk', 'bulkGroup', 'destination'],
        orderBy: { id: 'asc' },
      })) as Row[];
      // Each target once (a delivery retried or resent before has several rows), bulk groups kept together under new ids.
      const targets = new Map<string, PlannedDelivery>();
      const groups = new Map<string, string>();
      for (const row of rows) {
        const key = [row.channel, row.provider, JSON.stringify(row.payload)].join('\u0000');
        const oldGroup = (row.bulkGroup as string | null) ?? null;
        if (oldGroup && !groups.has(oldGroup)) groups.set(oldGroup, randomUUID());
        if (targets.has(key)) continue;
        targets.set(key, {
          notificationId,
          channel: row.channel as string,
          provider: row.provider as string,
          payload: row.payload,
          context: (row.context as ChannelContext | null) ?? {},
          bulk: Boolean(row.bulk),
          group: oldGroup ? (groups.get(oldGroup) as string) : null,
          destination: (row.destination as string | null) ?? (row.provider as string),
        });
      }
      return [...targets.values()];
    },

    /**
     * Deliveries in the given statuses (the one with the id, those merged into the given digest), latest first by `runAt`:
     * the queue leaves `updatedAt` at creation, and moves `runAt` when a delivery fails, dies or is retried.
     */
    async listDeliveries(query: DeliveryListQuery): Promise<Page<AdminDelivery>> {
      const picked = query.id !== undefined || query.mergedInto !== undefined;
      const statuses = query.status ?? (picked ? undefined : DEFAULT_LISTED_STATUSES);
      const where = {
        ...(statuses ? { status: { $in: statuses } } : {}),
        ...(query.id === undefined ? {} : { id: query.id }),
        ...(query.mergedInto === undefined ? {} : { mergedInto: query.mergedInto }),
      };
      const [rows, total] = await Promise.all([
        deliveries().findMany({
          where,
          populate: { notification: { select: ['id'] } },
          orderBy: [{ runAt: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }) as Promise<Row[]>,
        deliveries().count({ where }),
      ]);
      return pageOf(await withMergedCounts(rows.map(toDelivery)), total, query.page, query.pageSize);
    },

    /**
     * Sent and failed deliveries per hour or day: sent by `sentAt`, dead by when they died (`runAt`),
     * failed (still to be retried) by when they were made. Buckets are counted here from two narrow columns, the same on every database.
     */
    async series({ interval, from, to }: SeriesQuery): Promise<SeriesPoint[]> {
      const step = interval === 'hour' ? 3_600_000 : 86_400_000;
      const first = bucketStart(from, interval);
      const buckets = new Map<number, SeriesPoint>();
      for (let at = first; at <= to.getTime(); at += step) buckets.set(at, { at: new Date(at).toISOString(), sent: 0, failed: 0 });
      const [sent, failed] = (await Promise.all([
        deliveries().findMany({ where: { status: 'sent', sentAt: { $gte: new Date(first), $lte: to } }, select: ['sentAt'] }),
        // A dead delivery's `runAt` is when it died; a failed one's is its next attempt (so: when it was made).
        deliveries().findMany({
          where: {
            $or: [
              { status: 'dead', runAt: { $gte: new Date(first), $lte: to } },
              { status: 'failed', updatedAt: { $gte: new Date(first), $lte: to } },
            ],
          },
          select: ['status', 'runAt', 'updatedAt'],
        }),
      ])) as [Row[], Row[]];
      const add = (value: unknown, key: 'sent' | 'failed') => {
        const point = buckets.get(bucketStart(new Date(value as string), interval));
        if (point) point[key] += 1;
      };
      sent.forEach((row) => add(row.sentAt, 'sent'));
      failed.forEach((row) => add(row.status === 'dead' ? row.runAt : row.updatedAt, 'failed'));
      return [...buckets.values()];
    },
  };
};

export type AdminReports = ReturnType<typeof adminReports>;
