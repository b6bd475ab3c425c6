/**
 * Fallback channels: a `channels` entry `{ name, delay?, unless? }` is due `delay` seconds after its
 * notification, and is skipped at send time if the recipient has read (or seen) the notification by
 * then. Pure rules here; the notify service checks the input, the backends schedule, the dispatcher
 * reads the notifications' state when the deliveries are claimed.
 */

/** What makes a fallback delivery unnecessary: its notification was read, or only seen. */
export const FALLBACK_CONDITIONS = ['read', 'seen'] as const;
export type FallbackCondition = (typeof FALLBACK_CONDITIONS)[number];

/** A `channels` entry of notify input, as written by the caller. */
export type ChannelEntry = string | { name: string; delay?: number; unless?: FallbackCondition };

/** A `channels` entry with its options spelled out. */
export interface ChannelPlan {
  name: string;
  /** Seconds after the notification's own due time (now + countdown). */
  delay: number;
  unless: FallbackCondition | null;
}

export const toChannelPlan = (entry: ChannelEntry): ChannelPlan =>
  typeof entry === 'string'
    ? { name: entry, delay: 0, unless: null }
    : { name: entry.name, delay: entry.delay ?? 0, unless: entry.unless ?? null };

/** Whether an entry asks for anything a timer must keep (a delay, or a condition checked when it is due). */
export const isDeferred = (plan: ChannelPlan): boolean => plan.delay > 0 || plan.unless !== null;

/** When one delivery is due: its submission's due time plus its own delay. */
export const dueAt = (runAt: Date, delivery: { delay?: number }): Date =>
  delivery.delay ? new Date(runAt.getTime() + delivery.delay * 1000) : runAt;

/** The inbox state of a notification that a fallback's condition reads. */
export interface InboxState {
  isRead: boolean;
  seenAt: string | null;
}

/**
 * Why a fallback delivery is skipped now (kept in its `lastError`), or null when it is to be sent.
 * `state` undefined: the notification is gone (deleted after its deliveries were claimed).
 */
export const fallbackSkipReason = (unless: FallbackCondition, state: InboxState | undefined): string | null => {
  if (!state) return 'the notification was deleted before this fallback was due';
  if (state.isRead) return 'the notification was read before this fallback was due';
  if (unless === 'seen' && state.seenAt !== null) return 'the notification was seen before this fallback was due';
  return null;
};
