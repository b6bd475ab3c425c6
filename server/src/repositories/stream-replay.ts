import type { Core } from '@strapi/strapi';
import type { Notification } from '../domain/types';
import { notificationTable, type NotificationRawRow } from './notification-table';

/** Reads behind a stream's replay: one recipient's notifications by id, straight from the table. */
export const streamReplayRepository = (strapi: Core.Strapi) => {
  let direct: ReturnType<typeof notificationTable> | undefined;
  const table = () => (direct ??= notificationTable(strapi));

  return {
    /** The recipient's highest notification id, 0 when there is none. */
    async latestId(recipient: number): Promise<number> {
      const t = table();
      const { qb } = await t.table();
      const row = (await qb.where(t.column('recipient'), recipient).max({ max: t.column('id') }).first()) as
        | { max: number | string | null }
        | undefined;
      return Number(row?.max ?? 0);
    },

    /** The recipient's notifications with an id above `afterId`, oldest first, `limit` at most. */
    async after(recipient: number, afterId: number, limit: number): Promise<Notification[]> {
      const t = table();
      const { qb } = await t.table();
      const rows = (await qb
        .select(t.selection)
        .where(t.column('recipient'), recipient)
        .andWhere(t.column('id'), '>', afterId)
        .orderBy(t.column('id'), 'asc')
        .limit(limit)) as NotificationRawRow[];
      return rows.map(t.toNotification);
    },
  };
};

export type StreamReplayRepository = ReturnType<typeof streamReplayRepository>;
