import type { Core } from '@strapi/strapi';
import type { DataTrigger } from '../domain/triggers';
import { TRIGGER_UID } from '../utils/uids';
import type { EntityRef } from '../validation/ids';

type Row = Record<string, unknown> & { id: number };

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

const toTrigger = (row: Row): DataTrigger => ({
  ...(row as unknown as DataTrigger),
  enabled: row.enabled !== false,
  failureCount: Number(row.failureCount ?? 0),
  lastError: (row.lastError as string | null) ?? null,
  lastErrorAt: iso(row.lastErrorAt),
});

/** Reads and bookkeeping writes of `plugin::notifs.trigger` (definitions are written through the Document Service). */
export const triggerRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(TRIGGER_UID);

  return {
    /** Enabled triggers watching `uid`: read on every watched write, so a change applies at once on every instance. */
    async findEnabledFor(uid: string): Promise<DataTrigger[]> {
      return ((await query().findMany({ where: { uid, enabled: true }, orderBy: { id: 'asc' } })) as Row[]).map(toTrigger);
    },

    async findAll(): Promise<DataTrigger[]> {
      return ((await query().findMany({ orderBy: { id: 'asc' } })) as Row[]).map(toTrigger);
    },

    /** By numeric id (also as a string of digits, as a route parameter comes) or documentId. */
    /** A data trigger by numeric id or documentId (parsed at the edge: see validation/ids). */
    async findOne(ref: EntityRef): Promise<DataTrigger | null> {
      const row = (await query().findOne({ where: ref })) as Row | null;
      return row ? toTrigger(row) : null;
    },

    /**
     * Keeps the last failure on the row, for the admin panel, and counts it (an atomic increment:
     * two instances failing at once both count). Never throws: it runs on a failure path.
     */
    async recordFailure(trigger: DataTrigger, message: string): Promise<void> {
      try {
        await query().update({ where: { id: trigger.id }, data: { lastError: message.slice(0, 10_000), lastErrorAt: new Date() } });
        const { tableName, attributes } = strapi.db.metadata.get(TRIGGER_UID);
        const column = (attributes.failureCount as { columnName?: string }).columnName ?? 'failure_count';
        await strapi.db
          .connection(tableName)
          .where('id', trigger.id)
          .update({ [column]: strapi.db.connection.raw('COALESCE(??, 0) + 1', [column]) });
      } catch (error) {
        strapi.log.warn(`[notifs] could not record the failure of trigger "${trigger.name}": ${(error as Error).message}`);
      }
    },
  };
};

export type TriggerRepository = ReturnType<typeof triggerRepository>;
