import type { AnyNotification, ChannelContext } from '../domain/types';
import type { PushTarget } from '../domain/push-subscriptions';

/** The notification fields the built-in channels send (JSON, no internal columns). */
export const notificationFields = (notification: AnyNotification) => {
  const { id, recipient, source, sourceDisplayName, category, action, obj, shortDescription, url, extraData, createdAt } =
    notification;
  return { id: id ?? null, recipient, source, sourceDisplayName, category, action, obj, shortDescription, url, extraData, createdAt };
};

/**
 * The built-in channels' rule "`context` keys override": `keys` found in the context replace the
 * built payload's; the rest of the context is returned apart, `bulk` dropped (it is an instruction).
 */
export const splitContext = <K extends string>(context: ChannelContext, keys: readonly K[]) => {
  const { bulk, ...rest } = context;
  void bulk;
  const overrides: Partial<Record<K, unknown>> = {};
  const others: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if ((keys as readonly string[]).includes(key)) overrides[key as K] = value;
    else others[key] = value;
  }
  return { overrides, others };
};

/** A channel's `buildPayload` answer: a list of one in bulk mode (sendBulk always takes a list). */
export const oneOrList = (payload: unknown, context: ChannelContext): unknown => (context.bulk ? [payload] : payload);

/** The recipient's registered devices notify() handed a push channel as `context.pushSubscriptions` (none if it did not). */
export const pushTargets = (context: ChannelContext): PushTarget[] =>
  Array.isArray(context.pushSubscriptions) ? (context.pushSubscriptions as PushTarget[]) : [];
