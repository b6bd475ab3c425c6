import type { PlannedDelivery } from '../../domain/types';
import type { DigestInput } from '../../domain/digest';
import { throwValidationError } from '../../domain/notify-input';
import { isInApp, type BaseNotificationChannel, type ChannelClass } from '../../channels/base-channel';
import type { FallbackSetting } from './fallback-channels';

/**
 * Refuses a digest that cannot be kept, naming "digest": it is built later from stored
 * notifications of one recipient, and waits for its window in a durable backend.
 */
export const checkDigest = (digest: DigestInput | undefined, setting: () => FallbackSetting, what: string): void => {
  if (!digest) return;
  const { backend, silent, hasRecipient } = setting();
  const issues: { path: string[]; message: string }[] = [];
  if (backend === 'sync') {
    issues.push({
      path: ['digest'],
      message:
        'needs a durable backend: the sync backend (notifs.config.backend "sync") sends at once and keeps nothing to gather; use backend "database" (the default) or "bullmq"',
    });
  }
  if (silent) issues.push({ path: ['digest'], message: 'cannot be used with silent: true: a digest is built from stored notifications' });
  if (!hasRecipient) issues.push({ path: ['digest'], message: 'needs a recipient: a digest gathers the notifications of one recipient' });
  if (issues.length) throwValidationError(what, issues);
};

/**
 * The deliveries of a channel that is not in-app, folded into the recipient's digest: each keeps
 * what it would have sent (recorded `merged`), and the channel's context goes with it for the digest
 * to be built with. In-app channels deliver each notification at once.
 */
export const withDigest = (
  digest: DigestInput | undefined,
  ChannelClass: ChannelClass,
  channel: BaseNotificationChannel,
  planned: PlannedDelivery[]
): PlannedDelivery[] => {
  if (!digest || isInApp(ChannelClass)) return planned;
  return planned.map((delivery) => {
    // A digest is one message: the bulk mode of its members does not carry over.
    const { bulk: _bulk, ...context } = channel.getContext(delivery.provider);
    void _bulk;
    return { ...delivery, digest: { key: digest.key, window: digest.window, context } };
  });
};
