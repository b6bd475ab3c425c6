import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { AnyNotification, ChannelContext, Notification, PlannedDelivery, UnsavedNotification } from '../../domain/types';
import { IdempotencyConflictError } from '../../domain/errors';
import { MAX_ROW_ID } from '../../domain/limits';
import { parseNotifyInput, throwValidationError, type NotifyInput, type ParsedNotifyInput } from '../../domain/notify-input';
import type { ChannelsService } from '../../registries/channel-registry';
import type { ChannelClass } from '../../channels/base-channel';
import type { Planner } from '../../delivery/planner';
import type { Outbox } from '../../outbox';
import type { NotificationFields, NotificationRepository } from '../../repositories/notifications';
import type { IdempotencyKeyRepository, IdempotencyRecord } from '../../repositories/idempotency-keys';
import type { DeliveryRepository } from '../../repositories/deliveries';
import { assertKnownContentType, assertUsersExist, findMissingUsers } from './references';
import { recipientEmails } from './recipient-emails';
import { recipientPhones } from './recipient-phones';
import { publicUrlFor } from './public-url';
import { channelContext, type LookedUp } from './channel-context';
import { recipientPushTargets, type PushTargetSource } from './push-targets';
import { parseServiceRef } from '../../validation/ids';
import type { BackendName } from '../../backends';
import type { ChannelPlan } from '../../domain/fallback';
import { checkFallbacks, resolveChannels, withFallback } from './fallback-channels';
import { checkDigest, withDigest } from './digest-plan';
import { checkThrottle, decideThrottle, throttleReason, withThrottle } from './throttle';
import type { ThrottleCounts } from '../../repositories/throttle-counts';
import type { DigestInput } from '../../domain/digest';

/** What `notifyMany` answers: how many notifications it made and the ids of the stored ones. */
export interface NotifyManyResult {
  count: number;
  /** Empty for a silent fan-out. */
  ids: number[];
}

export interface NotifyDeps {
  strapi: Core.Strapi;
  channels: ChannelsService;
  planner: Planner;
  outbox: Outbox;
  notifications: NotificationRepository;
  deliveries: DeliveryRepository;
  keys: IdempotencyKeyRepository;
  /** The recipients' push subscriptions, for channels that ask for them. */
  pushTargets: PushTargetSource;
  /** The running backend's name: fallback channels (`delay`, `unless`) need a durable one. */
  backendName: () => BackendName;
  /** What throttles count. */
  throttleCounts: ThrottleCounts;
}

const recipientsSchema = z.array(z.number().int().positive().max(MAX_ROW_ID)).min(1);

/** Thrown inside the outbox's transaction when another call took the idempotency key first: rolls back, then answers with the winner. */
class KeyTaken extends Error {}

/** Splits `extraData` into what is stored and the `context` that only channels see. */
const splitExtraData = (extraData: ParsedNotifyInput['extraData']) => {
  if (!extraData) return { stored: extraData ?? null, context: {} as ChannelContext };
  const { context, ...stored } = extraData;
  // A copy: channels may not change the caller's object (and what they get must be JSON anyway).
  return { stored, context: (context ? JSON.parse(JSON.stringify(context)) : {}) as ChannelContext };
};

const fieldsOf = (input: ParsedNotifyInput, storedExtra: Record<string, unknown> | null, plans: ChannelPlan[]): NotificationFields => ({
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
  // The public field stays a list of names; a fallback's delay and condition live on its deliveries.
  channels: plans.map((plan) => plan.name),
});

/** A silent notification as `notify` returns it: the fields, no id. */
const unsaved = (fields: NotificationFields): UnsavedNotification => {
  const now = new Date().toISOString();
  return { ...fields, isRead: false, readAt: null, seenAt: null, archivedAt: null, createdAt: now, updatedAt: now };
};

/**
 * `notify`: validate, then hand the outbox what to store and how to plan its deliveries. Anything
 * wrong with the input, a channel or a payload is thrown before a row is committed, and, inside the
 * app's own transaction, before a row is left behind.
 */
export const createNotifyService = ({
  strapi,
  channels,
  planner,
  outbox,
  notifications,
  deliveries,
  keys,
  pushTargets,
  backendName,
  throttleCounts,
}: NotifyDeps) => {
  /** The outbox's undo, inside the app's transaction: the deliveries written, then the notifications. */
  const unstoreIds = async (ids: number[]): Promise<void> => {
    await deliveries.deleteForNotifications(ids);
    await notifications.deleteMany(ids);
  };

  /**
   * Each channel is built with the caller's context plus only what it declared it needs; a fallback
   * entry's delay and condition go on its deliveries.
   */
  const planFor =
    (given: ChannelContext, plans: ChannelPlan[], items: { lookedUp: LookedUp }[], digest?: DigestInput) =>
    (stored: AnyNotification[]): PlannedDelivery[] =>
      stored.flatMap((notification, i) =>
        plans.flatMap((plan) => {
          const ChannelClass = channels.get(plan.name);
          const channel = new ChannelClass(notification, { context: channelContext(ChannelClass, given, items[i].lookedUp) });
          return withDigest(digest, ChannelClass, channel, withFallback(plan, planner.plan(channel)));
        })
      );

  /** The recipients' emails, phones, push subscriptions and the public URL, looked up only when one of the channels asks for them. */
  const lookUp = async (channelClasses: ChannelClass[], given: ChannelContext, recipients: (number | null)[]): Promise<LookedUp[]> => {
    const baseUrl = publicUrlFor(strapi, channelClasses, given);
    const emails = await recipientEmails(strapi, channelClasses, given, recipients);
    const phones = await recipientPhones(strapi, channelClasses, given, recipients);
    const push = await recipientPushTargets(pushTargets, channelClasses, recipients);
    return recipients.map((id, i) => ({
      baseUrl,
      email: id === null ? undefined : emails.get(id),
      phone: id === null ? undefined : phones.get(id),
      push: push[i],
    }));
  };

  /** What a repeated key answers: the first call's notification, for the same recipient only. */
  const answerForKey = async (key: string, record: IdempotencyRecord, parsed: ParsedNotifyInput, fields: NotificationFields): Promise<AnyNotification> => {
    const recipient = parsed.recipient ?? null;
    if (record.recipient !== recipient) {
      throw new IdempotencyConflictError(
        `idempotencyKey "${key}" was already used for recipient ${record.recipient ?? '(none)'}, not ${recipient ?? '(none)'}: a key is scoped to one recipient, so put the recipient in the key (for example "${key}:${recipient ?? 'none'}")`,
        { idempotencyKey: key, recipient, usedFor: record.recipient }
      );
    }
    const found = record.notificationId === null ? null : await notifications.findById(record.notificationId);
    // A silent one (or a stored one deleted since) is answered with what this call would have made, sending nothing.
    return found ?? unsaved(fields);
  };

  const notifyOne = async (input: NotifyInput): Promise<AnyNotification> => {
    const parsed = parseNotifyInput(input);
    const { plans, classes: channelClasses } = resolveChannels(channels, parsed.channels);
    const silent = parsed.silent ?? false;
    const setting = () => ({ backend: backendName(), silent, hasRecipient: typeof parsed.recipient === 'number' });
    checkFallbacks(plans, setting, 'notify() input');
    checkDigest(parsed.digest, setting, 'notify() input');
    checkThrottle(parsed.throttle, setting, 'notify() input');
    const { throttle } = parsed;
    const { stored: storedExtra, context: given } = splitExtraData(parsed.extraData);
    const fields = fieldsOf(parsed, storedExtra, plans);
    const key = parsed.idempotencyKey;
    if (key) {
      const existing = await keys.find(key);
      if (existing) return answerForKey(key, existing, parsed, fields);
    }
    assertKnownContentType(strapi, parsed);
    // A stored notification has foreign keys on recipient and source, so their check waits until an
    // insert fails (one query less per notify). Not inside the app's transaction: on PostgreSQL a
    // failed statement would abort the app's whole transaction.
    if (silent || strapi.db.inTransaction()) await assertUsersExist(strapi, parsed);
    const [lookedUp] = await lookUp(channelClasses, given, [parsed.recipient ?? null]);
    const items = [{ lookedUp }];
    /** The notifications this call's throttle held back (filled in its transaction). */
    const throttled = new Set<number>();
    try {
      const { stored } = await outbox.submit<AnyNotification>({
        countdown: parsed.countdown,
        // The key's lookup and the throttle's count are queries of their own: such a call cannot
        // share a group's transaction.
        exclusive: key !== undefined || throttle !== undefined,
        store:
          silent && !key
            ? undefined
            : async () => {
                throttled.clear();
                if (key && !(await keys.take(key, parsed.recipient ?? null))) throw new KeyTaken();
                if (silent) return [];
                const [passes] = throttle ? await decideThrottle(throttleCounts, [parsed.recipient as number], throttle) : [true];
                const created = await notifications.create({ ...fields, throttleKey: throttle && passes ? throttle.key : null });
                if (!passes) throttled.add(created.id);
                if (key) await keys.attach(key, created.id);
                return [created];
              },
        plan: (stored) =>
          withThrottle(
            planFor(given, plans, items, parsed.digest)(silent ? [unsaved(fields)] : stored),
            throttled,
            throttle ? throttleReason(throttle) : ''
          ),
        unstore: async (stored) => {
          await unstoreIds(stored.flatMap((one) => (one.id === undefined ? [] : [one.id])));
          if (key) await keys.release(key);
        },
      });
      return silent ? unsaved(fields) : stored[0];
    } catch (error) {
      if (error instanceof KeyTaken && key) {
        const winner = await keys.find(key);
        if (winner) return answerForKey(key, winner, parsed, fields);
      }
      // Name the missing user if that is why the insert failed.
      if (!silent) await assertUsersExist(strapi, parsed);
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
      const { plans, classes: channelClasses } = resolveChannels(channels, parsed.channels);
      const setting = () => ({ backend: backendName(), silent: parsed.silent ?? false, hasRecipient: true });
      checkFallbacks(plans, setting, 'notifyMany() input');
      checkDigest(parsed.digest, setting, 'notifyMany() input');
      checkThrottle(parsed.throttle, setting, 'notifyMany() input');
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
      const { stored: storedExtra, context } = splitExtraData(parsed.extraData);
      const base = fieldsOf(parsed, storedExtra, plans);
      const lookedUp = await lookUp(channelClasses, context, unique);
      const items = unique.map((recipient, i) => ({ fields: { ...base, recipient }, lookedUp: lookedUp[i] }));
      if (parsed.silent) {
        const made = items.map(({ fields }) => unsaved(fields));
        await outbox.submit({ countdown: parsed.countdown, plan: () => planFor(context, plans, items)(made) });
        return { count: made.length, ids: [] };
      }
      const { throttle } = parsed;
      const throttled = new Set<number>();
      const { stored } = await outbox.submit<Notification>({
        countdown: parsed.countdown,
        exclusive: throttle !== undefined,
        store: async () => {
          throttled.clear();
          const passes = throttle ? await decideThrottle(throttleCounts, unique, throttle) : undefined;
          const made = await notifications.createMany(
            items.map(({ fields }, i) => (throttle && passes?.[i] ? { ...fields, throttleKey: throttle.key } : fields))
          );
          made.forEach((one, i) => passes && !passes[i] && throttled.add(one.id));
          return made;
        },
        plan: (made) =>
          withThrottle(planFor(context, plans, items, parsed.digest)(made), throttled, throttle ? throttleReason(throttle) : ''),
        unstore: (made) => unstoreIds(made.map((one) => one.id)),
      });
      return { count: stored.length, ids: stored.map((one) => one.id) };
    },

    /**
     * Cancels the deliveries of a notification that are not sent yet; resolves with how many.
     * `notificationId`: its numeric id or its documentId (an unknown documentId cancels nothing).
     */
    async cancel(notificationId: number | string): Promise<number> {
      const ref = parseServiceRef(notificationId, 'cancel() input', 'notificationId');
      const id = 'id' in ref ? ref.id : await notifications.idOf(ref);
      return id === null ? 0 : outbox.cancel([id]);
    },
  };
};

export type NotifyService = ReturnType<typeof createNotifyService>;
