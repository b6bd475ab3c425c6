import type { OutgoingDelivery } from '../../domain/types';
import { toJson } from '../../domain/to-json';
import type { ChannelClass } from '../../channels/base-channel';
import type { BaseNotificationProvider } from '../../providers/base-provider';
import type { DigestRepository } from '../../repositories/digests';
import type { NotificationRepository } from '../../repositories/notifications';

export interface DigestBuilderDeps {
  digests: DigestRepository;
  notifications: NotificationRepository;
  channels: { get(name: string): ChannelClass };
  providers: { get(name: string): BaseNotificationProvider };
}

/**
 * Builds a digest delivery's payloads when it is sent (its members are final then): the channel is
 * made with the newest notification and the context kept when the digest opened, and its
 * `buildDigestPayload` gets every notification, oldest first. The payload goes through the provider's
 * check and split into targets, as at notify time. Empty when every member's notification was deleted.
 */
export const createDigestBuilder =
  ({ digests, notifications, channels, providers }: DigestBuilderDeps) =>
  async (delivery: OutgoingDelivery & { digestOf: { id: number } }): Promise<unknown[]> => {
    const { context, notificationIds } = await digests.contents(delivery.digestOf.id);
    const members = await notifications.findByIds(notificationIds);
    if (!members.length) return [];
    const Channel = channels.get(delivery.channel);
    const channel = new Channel(members[members.length - 1], { context });
    const where = { provider: delivery.provider, channel: delivery.channel, what: 'digest payload' };
    const built = toJson(channel.buildDigestPayload(delivery.provider, members), where);
    const provider = providers.get(delivery.provider);
    return provider.targets(provider.validate(built, delivery.channel));
  };

export type DigestBuilder = ReturnType<typeof createDigestBuilder>;
