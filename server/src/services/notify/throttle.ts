import type { PlannedDelivery } from '../../domain/types';
import type { ThrottleInput } from '../../domain/digest';
import { throwValidationError } from '../../domain/notify-input';
import type { ThrottleCounts } from '../../repositories/throttle-counts';
import type { FallbackSetting } from './fallback-channels';

/** Refuses a throttle that cannot count, naming "throttle": it counts a recipient's stored notifications. */
export const checkThrottle = (throttle: ThrottleInput | undefined, setting: () => FallbackSetting, what: string): void => {
  if (!throttle) return;
  const { silent, hasRecipient } = setting();
  const issues: { path: string[]; message: string }[] = [];
  if (silent) {
    issues.push({
      path: ['throttle'],
      message: 'cannot be used with silent: true: a throttle counts stored notifications, and a silent one is not stored',
    });
  }
  if (!hasRecipient)
    issues.push({ path: ['throttle'], message: 'needs a recipient: a throttle counts the notifications of one recipient' });
  if (issues.length) throwValidationError(what, issues);
};

/** Why a throttled notification's deliveries were not sent (kept in their `lastError`). */
export const throttleReason = ({ key, limit, window }: ThrottleInput): string =>
  `throttled: more than ${limit} notification${limit === 1 ? '' : 's'} with key "${key}" for this recipient within ${window} s`;

/**
 * Which of these recipients' new notifications (in order; a recipient may come more than once) the
 * throttle lets through: those that keep each recipient within `limit` for the window ending now.
 * Inside notify's transaction, after the recipients are locked (see ThrottleCounts).
 */
export const decideThrottle = async (counts: ThrottleCounts, recipients: number[], throttle: ThrottleInput): Promise<boolean[]> => {
  await counts.lock(recipients);
  const so = await counts.count(recipients, throttle.key, throttle.window);
  return recipients.map((recipient) => {
    const before = so.get(recipient) ?? 0;
    if (before >= throttle.limit) return false;
    so.set(recipient, before + 1);
    return true;
  });
};

/** The deliveries of throttled notifications, `skipped` with the reason (the notifications stay stored). */
export const withThrottle = (planned: PlannedDelivery[], throttled: Set<number>, reason: string): PlannedDelivery[] =>
  throttled.size
    ? planned.map((delivery) =>
        delivery.notificationId !== null && throttled.has(delivery.notificationId) ? { ...delivery, skipReason: reason } : delivery
      )
    : planned;
