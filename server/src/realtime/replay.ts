import type { Notification } from '../domain/types';
import type { StreamReplayRepository } from '../repositories/stream-replay';

/** Why a reconnecting stream is told to fetch its list again instead of being replayed. */
export type ResyncReason = 'too-many' | 'too-old';

/** What a (re)opened stream sends first: the notifications it missed, or a `resync`. */
export type ReplayPlan =
  | { kind: 'replay'; notifications: Notification[]; cursor: number }
  | { kind: 'resync'; reason: ResyncReason; cursor: number };

export interface ReplayLimits {
  /** Missed notifications replayed at most. */
  limit: number;
  /** Oldest missed notification replayed, in milliseconds before now. */
  maxAgeMs: number;
}

/** Channel entries are names today; the design allows `{ name, … }` objects too. */
const channelName = (entry: unknown): unknown =>
  entry && typeof entry === 'object' && 'name' in entry ? (entry as { name: unknown }).name : entry;

/** Only `in_app` notifications become `notification` events live, so only they are replayed. */
const wentInApp = (notification: Notification): boolean =>
  (notification.channels as unknown[]).some((entry) => channelName(entry) === 'in_app');

/**
 * Plans the replay of a stream reconnecting with cursor `since` (the last event id it saw: the
 * highest notification id its stream had sent). Read from the database, so a stream may reconnect
 * to any instance. A gap larger or older than the limits is not replayed: the client is told to
 * `resync` (fetch its list again) and continues from the newest notification.
 */
export const planReplay = async (
  repository: StreamReplayRepository,
  recipient: number,
  since: number,
  limits: ReplayLimits,
  now = Date.now()
): Promise<ReplayPlan> => {
  const missed = await repository.after(recipient, since, limits.limit + 1);
  if (missed.length > limits.limit) {
    return { kind: 'resync', reason: 'too-many', cursor: await repository.latestId(recipient) };
  }
  const oldest = missed[0]?.createdAt;
  if (oldest && Date.parse(oldest) < now - limits.maxAgeMs) {
    return { kind: 'resync', reason: 'too-old', cursor: await repository.latestId(recipient) };
  }
  const cursor = missed.length ? missed[missed.length - 1].id : since;
  return { kind: 'replay', notifications: missed.filter(wentInApp), cursor };
};
