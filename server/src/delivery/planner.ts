import { randomUUID } from 'node:crypto';
import type { BaseNotificationChannel } from '../channels/base-channel';
import type { ChannelContext, PlannedDelivery } from '../domain/types';
import { InvalidChannelError } from '../domain/errors';
import { toJson } from '../domain/to-json';
import type { BaseNotificationProvider, ProviderClass } from '../providers/base-provider';

/** Column width of `destination`: a longer key is cut (it only groups sends). */
const DESTINATION_LENGTH = 255;

/**
 * What a delivery keeps of its channel's context: only the keys its provider's `send` reads
 * (`static contextKeys`). The context was for building the payload; the payload is what is sent.
 */
const contextForSend = (provider: BaseNotificationProvider, context: ChannelContext): ChannelContext => {
  const keys = (provider.constructor as ProviderClass).contextKeys ?? [];
  return Object.fromEntries(keys.filter((key) => key in context && key !== 'deliveryId').map((key) => [key, context[key]]));
};

/**
 * Turns one channel instance into its deliveries: for each provider it names, the payload (or, in
 * bulk, the payloads) it builds, each checked against the provider's schema and split into one
 * delivery per target. Nothing is sent or stored; anything wrong throws here, before any write.
 */
export const createPlanner = (providers: { get(name: string): BaseNotificationProvider }) => ({
  plan(channel: BaseNotificationChannel): PlannedDelivery[] {
    const name = channel.channelName;
    if (!Array.isArray(channel.providers) || channel.providers.length === 0) {
      throw new InvalidChannelError(`Channel "${name}" lists no providers: set providers = ['console'] (for example)`);
    }
    return channel.providers.flatMap((providerName) => {
      const provider = providers.get(providerName);
      const context: ChannelContext = toJson(channel.getContext(providerName) ?? {}, { provider: providerName, channel: name, what: 'context' });
      const built = toJson(channel.buildPayload(providerName), { provider: providerName, channel: name, what: 'payload' });
      const bulk = context.bulk === true;
      // In bulk mode a single payload is a list of one.
      const payloads = bulk ? (Array.isArray(built) ? built : [built]) : [built];
      const targets = payloads.flatMap((one) => provider.targets(provider.validate(one, name)));
      const group = bulk ? randomUUID() : null;
      const kept = contextForSend(provider, context);
      const { recipient, category } = channel.notification;
      const audience = typeof recipient === 'number' ? { recipient, category: category ?? null } : undefined;
      return targets.map(
        (payload): PlannedDelivery => ({
          notificationId: channel.notification.id ?? null,
          channel: name,
          provider: providerName,
          payload,
          context: kept,
          bulk,
          group,
          destination: provider.destination(payload).slice(0, DESTINATION_LENGTH),
          ...(audience ? { audience } : {}),
        })
      );
    });
  },
});

export type Planner = ReturnType<typeof createPlanner>;
