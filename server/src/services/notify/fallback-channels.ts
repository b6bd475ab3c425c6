import type { PlannedDelivery } from '../../domain/types';
import { InvalidChannelError } from '../../domain/errors';
import { throwValidationError } from '../../domain/notify-input';
import { isDeferred, toChannelPlan, type ChannelEntry, type ChannelPlan } from '../../domain/fallback';
import type { BackendName } from '../../backends';
import type { ChannelClass } from '../../channels/base-channel';

/** The input's `channels` entries spelled out, with their classes. */
export interface ResolvedChannels {
  plans: ChannelPlan[];
  classes: ChannelClass[];
}

/**
 * Looks each entry's channel up. A name string that no channel answers to keeps its
 * `InvalidChannelError` as it always was; in an object entry the error names the entry's path.
 */
export const resolveChannels = (registry: { get(name: string): ChannelClass }, entries: ChannelEntry[] | undefined): ResolvedChannels => {
  const plans = (entries ?? []).map(toChannelPlan);
  const classes = plans.map((plan, i) => {
    try {
      return registry.get(plan.name);
    } catch (error) {
      if (typeof entries?.[i] === 'string' || !(error instanceof InvalidChannelError)) throw error;
      const path = ['channels', String(i), 'name'];
      throw new InvalidChannelError(`"${path.join('.')}" ${error.message}`, {
        ...(error.details as Record<string, unknown> | undefined),
        errors: [{ path, message: error.message, name: 'ValidationError' }],
      });
    }
  });
  return { plans, classes };
};

/** Where a fallback's deliveries are planned, and whom it is for. */
export interface FallbackSetting {
  backend: BackendName;
  silent: boolean;
  /** Whether the notification has a recipient (notifyMany and compose always do). */
  hasRecipient: boolean;
}

/**
 * Refuses a `delay` or `unless` that cannot be kept, naming the entry: the sync backend holds a
 * delayed send only in a timer (a restart loses it), and `unless` needs a stored notification that
 * a recipient can read. Checked before anything is stored.
 */
export const checkFallbacks = (plans: ChannelPlan[], setting: () => FallbackSetting, what: string): void => {
  if (!plans.some(isDeferred)) return;
  const { backend, silent, hasRecipient } = setting();
  const issues = plans.flatMap((plan, i) => {
    if (!isDeferred(plan)) return [];
    if (backend === 'sync') {
      return [
        {
          path: ['channels', i, plan.delay > 0 ? 'delay' : 'unless'],
          message:
            'needs a durable backend: the sync backend (notifs.config.backend "sync") would keep this delayed or conditional send only in a timer, which a restart loses; use backend "database" (the default) or "bullmq"',
        },
      ];
    }
    if (plan.unless === null) return [];
    const path = ['channels', i, 'unless'];
    if (silent) {
      return [
        {
          path,
          message:
            'cannot be used with silent: true: a silent notification is not stored, so it can never be read or seen (drop "unless", or store the notification)',
        },
      ];
    }
    if (!hasRecipient) return [{ path, message: 'needs a recipient: only a recipient reads or sees a notification' }];
    return [];
  });
  if (issues.length) throwValidationError(what, issues);
};

/** The entry's delay and condition on each delivery it planned (left off when the entry has none). */
export const withFallback = (plan: ChannelPlan, planned: PlannedDelivery[]): PlannedDelivery[] =>
  isDeferred(plan)
    ? planned.map((delivery) => ({
        ...delivery,
        ...(plan.delay > 0 ? { delay: plan.delay } : {}),
        ...(plan.unless ? { unless: plan.unless } : {}),
      }))
    : planned;
