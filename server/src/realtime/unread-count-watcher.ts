import type { Core } from '@strapi/strapi';
import { NOTIFICATION_UID } from '../utils/uids';

type Where = Record<string, unknown>;

interface LifecycleEvent {
  action: string;
  params: { where?: Where; data?: unknown };
  result?: unknown;
  state: { recipients?: number[] };
}

const asId = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
  if (value && typeof value === 'object' && 'id' in value) return asId((value as { id: unknown }).id);
  return null;
};

/** The fields whose change can change someone's counts (unread and unseen). */
const COUNTED = ['isRead', 'seenAt', 'archivedAt', 'recipient'];

/** Whether an update can change someone's counts. */
const touchesCount = (data: unknown): boolean => Boolean(data && typeof data === 'object' && COUNTED.some((field) => field in data));

/**
 * Watches every write to notifications (notify, the read service, the admin, anyone's code) through
 * database lifecycles, and reports whose unread count may have changed, once the write is committed.
 * Returns the unsubscribe function.
 */
export const watchUnreadCounts = (strapi: Core.Strapi, changed: (recipients: number[]) => Promise<void>): (() => void) => {
  const recipientsOf = async (where: Where | undefined): Promise<number[]> => {
    const rows = (await strapi.db.query(NOTIFICATION_UID).findMany({
      where: where ?? {},
      select: ['id'],
      populate: { recipient: { select: ['id'] } },
    })) as { recipient?: unknown }[];
    return rows.map((row) => asId(row.recipient)).filter((id): id is number => id !== null);
  };

  // Inside a transaction (notify's), the count is only worth telling once it is committed.
  const report = async (recipients: (number | null)[]): Promise<void> => {
    const ids = [...new Set(recipients.filter((id): id is number => id !== null))];
    if (ids.length === 0) return;
    const send = () =>
      void changed(ids).catch((error: Error) => strapi.log.warn(`[notifs] could not publish unread counts: ${error.message}`));
    if (strapi.db.inTransaction()) {
      await strapi.db.transaction(async ({ onCommit }) => onCommit(send));
    } else {
      send();
    }
  };

  const remember = async (event: LifecycleEvent) => {
    event.state.recipients = await recipientsOf(event.params.where);
  };

  const subscriber = {
    models: [NOTIFICATION_UID],
    afterCreate: (event: LifecycleEvent) =>
      report([asId((event.params.data as { recipient?: unknown } | undefined)?.recipient)]),
    afterCreateMany: (event: LifecycleEvent) =>
      report(((event.params.data as { recipient?: unknown }[] | undefined) ?? []).map((row) => asId(row.recipient))),
    // The old recipient matters only when the recipient changes; the new one is in the result.
    beforeUpdate: async (event: LifecycleEvent) => {
      const data = event.params.data;
      if (data && typeof data === 'object' && 'recipient' in data) await remember(event);
    },
    afterUpdate: async (event: LifecycleEvent) => {
      if (!touchesCount(event.params.data)) return;
      const result = event.result as { id?: unknown; recipient?: unknown } | undefined;
      const current = result && 'recipient' in result ? [asId(result.recipient)] : await recipientsOf({ id: asId(result?.id) });
      await report([...(event.state.recipients ?? []), ...current]);
    },
    beforeUpdateMany: async (event: LifecycleEvent) => {
      if (touchesCount(event.params.data)) await remember(event);
    },
    afterUpdateMany: (event: LifecycleEvent) => report(event.state.recipients ?? []),
    beforeDelete: remember,
    afterDelete: (event: LifecycleEvent) => report(event.state.recipients ?? []),
    beforeDeleteMany: remember,
    afterDeleteMany: (event: LifecycleEvent) => report(event.state.recipients ?? []),
  };

  return strapi.db.lifecycles.subscribe(subscriber as never) as unknown as () => void;
};
