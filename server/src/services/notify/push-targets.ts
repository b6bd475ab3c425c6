import type { PushKind, PushTarget } from '../../domain/push-subscriptions';
import { wantsPushSubscriptions, type ChannelClass } from '../../channels/base-channel';

/** What notify needs of the subscription store: the targets of many users at once. */
export interface PushTargetSource {
  targetsForUsers(userIds: number[], kind: PushKind): Promise<Map<number, PushTarget[]>>;
}

/**
 * Channels build payloads synchronously, so the recipients' push subscriptions are looked up
 * beforehand, once per kind some channel asked for (`static usesPushSubscriptions`); none otherwise.
 * One answer per recipient, in order.
 */
export const recipientPushTargets = async (
  source: PushTargetSource,
  channelClasses: ChannelClass[],
  recipients: (number | null)[]
): Promise<Partial<Record<PushKind, PushTarget[]>>[]> => {
  const kinds = [...new Set(channelClasses.map(wantsPushSubscriptions).filter((kind): kind is PushKind => kind !== undefined))];
  const ids = recipients.filter((id): id is number => typeof id === 'number');
  const byKind = await Promise.all(
    kinds.map(async (kind) => [kind, ids.length ? await source.targetsForUsers(ids, kind) : new Map()] as const)
  );
  return recipients.map((id) => Object.fromEntries(byKind.map(([kind, targets]) => [kind, id === null ? [] : (targets.get(id) ?? [])])));
};
