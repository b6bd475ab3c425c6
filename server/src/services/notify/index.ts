import type { Core } from '@strapi/strapi';
import type { AnyNotification, ChannelContext, Notification, PlannedDelivery, UnsavedNotification } from '../../types';
import { getService } from '../../utils/get-service';
import { notificationRepository, type NotificationFields } from '../../repositories/notifications';
import { parseNotifyInput, throwValidationError, type NotifyInput, type ParsedNotifyInput } from './input-schema';
import { assertKnownContentType, assertUsersExist, findMissingUsers } from './references';
import { withRecipientEmails } from './recipient-emails';
import { z } from 'zod';

/** What `notifyMany` answers: how many notifications it made and the ids of the stored ones. */
export interface NotifyManyResult {
  count: number;
  /** Empty for a silent fan-out. */
  ids: number[];
}

const recipientsSchema = z.array(z.number().int().positive()).min(1);

/** Splits `extraData` into what is stored and the `context` that only channels see. */
const splitExtraData = (extraData: ParsedNotifyInput['extraData']) => {
  if (!extraData) return { stored: extraData ?? null, context: {} as ChannelContext };
  const { context, ...stored } = extraData;
  // A copy: channels may not change the caller's object (and what they get must be JSON anyway).
  return { stored, context: (context ? JSON.parse(JSON.stringify(context)) : {}) as ChannelContext };
};

const fieldsOf = (input: ParsedNotifyInput, storedExtra: Record<string, unknown> | null): NotificationFields => ({
  recipient: input.recipient ?? null,
  source: input.source ?? null,
  sourceDisplayName: input.sourceDisplayName ?? null,
  category: input.category ?? null,
  action: input.action ?? null,
  obj: input.obj ?? null,
  shortDescription: input.shortDescription ?? null,
  url: input.url ?? null,
  silent: input.silent ?? false,
  extraData: storedExtra,
  channels: input.channels ?? [],
  idempotencyKey: input.idempotencyKey ?? null,
});

/** A silent notification as `notify` returns it: the fields, no id. */
const unsaved = ({ idempotencyKey, ...fields }: NotificationFields): UnsavedNotification => {
  void idempotencyKey;
  const now = new Date().toISOString();
  return { ...fields, isRead: false, readAt: null, createdAt: now, updatedAt: now };
};

/**
 * `notify`: validate, store (unless silent), build each channel's payloads, enqueue. Anything wrong
 * with the input, a channel or a payload is thrown before a row is committed.
 */
const notify = ({ strapi }: { strapi: Core.Strapi }) => {
  const repository = notificationRepository(strapi);
  const channels = () => getService(strapi, 'channels');
  const delivery = () => getService(strapi, 'delivery');

  const planFor = (notification: AnyNotification, context: ChannelContext): PlannedDelivery[] => {
    const registry = channels();
    const planner = delivery();
    return notification.channels.flatMap((name) => planner.plan(new (registry.get(name))(notification, { context })));
  };

  /** Stores (unless silent) and plans in one transaction, enqueuing inside it when the backend is transactional. */
  const storeAndEnqueue = async (
    items: { fields: NotificationFields; context: ChannelContext }[],
    silent: boolean,
    countdown: number | undefined,
    store: (fields: NotificationFields[]) => Promise<Notification[]>
  ): Promise<AnyNotification[]> => {
    if (silent) {
      const notifications = items.map(({ fields }) => unsaved(fields));
      const planned = notifications.flatMap((notification, i) => planFor(notification, items[i].context));
      const enqueued = await delivery().enqueue(planned, { countdown });
      if (enqueued) await delivery().backend().afterCommit?.(enqueued);
      return notifications;
    }
    const backend = delivery().backend();
    // The outbox's second half runs once the rows are committed: here, or, when notify ran inside
    // the app's own transaction, when that one commits (never, if it rolls back).
    let committed = false;
    let deferred = false;
    const { notifications, planned, enqueued } = await strapi.db.transaction(async ({ onCommit }) => {
      const stored = await store(items.map(({ fields }) => fields));
      const plannedInside = stored.flatMap((notification, i) => planFor(notification, items[i].context));
      const written = backend.transactional ? await delivery().enqueue(plannedInside, { countdown }) : undefined;
      onCommit(() => {
        committed = true;
        if (deferred && written) {
          backend.afterCommit?.(written).catch((error: Error) => strapi.log.error(`[notifs] after commit: ${error.message}`));
        }
      });
      return { notifications: stored, planned: plannedInside, enqueued: written };
    });
    if (enqueued && committed) await backend.afterCommit?.(enqueued);
    deferred = !committed;
    if (!backend.transactional) await delivery().enqueue(planned, { countdown });
    return notifications;
  };

  const notifyOne = async (input: NotifyInput): Promise<AnyNotification> => {
    const parsed = parseNotifyInput(input);
    const channelClasses = (parsed.channels ?? []).map((name) => channels().get(name));
    if (parsed.idempotencyKey && !parsed.silent) {
      const existing = await repository.findByIdempotencyKey(parsed.idempotencyKey);
      if (existing) return existing;
    }
    assertKnownContentType(strapi, parsed);
    const silent = parsed.silent ?? false;
    // Nothing enforces users for a silent one; a stored one has foreign keys on recipient and
    // source, so their check waits until an insert fails (one query less per notify).
    if (silent) await assertUsersExist(strapi, parsed);
    const { stored, context: given } = splitExtraData(parsed.extraData);
    const [context] = await withRecipientEmails(strapi, channelClasses, given, [parsed.recipient ?? null]);
    try {
      const [notification] = await storeAndEnqueue(
        [{ fields: fieldsOf(parsed, stored), context }],
        silent,
        parsed.countdown,
        async ([fields]) => [await repository.create(fields)]
      );
      return notification;
    } catch (error) {
      if (silent) throw error;
      // Name the missing user if that is why the insert failed.
      await assertUsersExist(strapi, parsed);
      // A concurrent call with the same key won the unique index: answer with its notification.
      const winner = parsed.idempotencyKey ? await repository.findByIdempotencyKey(parsed.idempotencyKey) : null;
      if (winner) return winner;
      throw error;
    }
  };

  return {
    /**
     * Creates one notification and delivers it through `input.channels`.
     * Resolves with the stored notification (a silent one has no `id`).
     */
    notify: notifyOne as {
      (input: NotifyInput & { silent: true }): Promise<UnsavedNotification>;
      (input: NotifyInput): Promise<Notification>;
    },

    /**
     * One notification per recipient (user ids), from one input without `recipient`.
     * All or nothing: an unknown recipient or channel stores none.
     */
    async notifyMany(recipients: number[], input: Omit<NotifyInput, 'recipient'>): Promise<NotifyManyResult> {
      const ids = recipientsSchema.safeParse(recipients);
      if (!ids.success) {
        throwValidationError('notifyMany() recipients', [{ path: ['recipients'], message: 'must be a non-empty list of user ids' }]);
      }
      if (input && typeof input === 'object' && 'recipient' in input) {
        throwValidationError('notifyMany() input', [{ path: ['recipient'], message: 'is not allowed: pass the recipients as the first argument' }]);
      }
      if (input && typeof input === 'object' && 'idempotencyKey' in input) {
        throwValidationError('notifyMany() input', [{ path: ['idempotencyKey'], message: 'is not supported by notifyMany' }]);
      }
      const parsed = parseNotifyInput(input, 'notifyMany() input');
      const channelClasses = (parsed.channels ?? []).map((name) => channels().get(name));
      assertKnownContentType(strapi, parsed);
      await assertUsersExist(strapi, parsed);
      const unique = [...new Set(ids.data ?? [])];
      const missing = await findMissingUsers(strapi, unique);
      if (missing.size) {
        const sample = [...missing].slice(0, 10).join(', ');
        throwValidationError('notifyMany() recipients', [
          { path: ['recipients'], message: `${missing.size} of them are not users-permissions users (${sample}${missing.size > 10 ? ', …' : ''})` },
        ]);
      }
      const { stored, context } = splitExtraData(parsed.extraData);
      const base = fieldsOf(parsed, stored);
      const contexts = await withRecipientEmails(strapi, channelClasses, context, unique);
      const notifications = await storeAndEnqueue(
        unique.map((recipient, i) => ({ fields: { ...base, recipient }, context: contexts[i] })),
        parsed.silent ?? false,
        parsed.countdown,
        (fields) => repository.createMany(fields)
      );
      return { count: notifications.length, ids: notifications.flatMap((n) => (n.id === undefined ? [] : [n.id])) };
    },

    /** Cancels the deliveries of a notification that are not sent yet; resolves with how many. */
    async cancel(notificationId: number): Promise<number> {
      if (!Number.isInteger(notificationId) || notificationId <= 0) {
        throwValidationError('cancel() input', [{ path: ['notificationId'], message: 'must be a notification id' }]);
      }
      return delivery().cancel(notificationId);
    },
  };
};

export type NotifyService = ReturnType<typeof notify>;
export default notify;
