import type { PushKind, PushSubscription } from '../domain/push-subscriptions';
import type { PushSubscriptionRepository } from '../repositories/push-subscriptions';
import { throwValidationError } from '../domain/notify-input';
import { isRowId, parseEntityRef, type EntityRef } from '../validation/ids';
import { parsePushKindQuery, parsePushRegistration } from '../validation/push-subscriptions';

const USER_AGENT_LENGTH = 255;

/** The user a call acts for: a users-permissions user id. */
const userOf = (user: unknown): number => {
  if (!isRowId(user))
    return throwValidationError('push subscriptions call', [{ path: ['user'], message: 'must be a users-permissions user id' }]);
  return user;
};

/**
 * `pushSubscriptions`: a user's browser subscriptions (web push) and device tokens (fcm), as the REST
 * API and app code register, list and remove them. Every call names the user it acts for; nobody
 * reaches another user's subscriptions through it.
 */
export const createPushSubscriptionsService = ({ repository }: { repository: PushSubscriptionRepository }) => ({
  /** The user's subscriptions, newest first (`kind`: one kind, or all). */
  async list({ user, kind }: { user: number; kind?: PushKind }): Promise<PushSubscription[]> {
    return repository.listForUser(userOf(user), parsePushKindQuery(kind === undefined ? {} : { kind }));
  },

  /**
   * Registers `body` (the browser's `PushSubscription` JSON, or `{ kind: 'fcm', token }`) for `user`.
   * The same endpoint again updates its row (and moves it to `user` if another user had it).
   * Throws a ValidationError naming the field when the body is not one.
   */
  async register({ user, body, userAgent }: { user: number; body: unknown; userAgent?: string | null }) {
    const input = parsePushRegistration(body);
    const agent = typeof userAgent === 'string' && userAgent ? userAgent.replace(/\u0000/g, '').slice(0, USER_AGENT_LENGTH) : null;
    return repository.register({ ...input, userId: userOf(user), userAgent: agent });
  },

  /** Removes one of the user's subscriptions; null when the user has none by that id (or it is someone else's). */
  async remove({ user, id }: { user: number; id: unknown }): Promise<PushSubscription | null> {
    return repository.removeForUser(userOf(user), parseSubscriptionId(id));
  },
});

/** A subscription's id as a route gives it: numeric, or its documentId. */
export const parseSubscriptionId = (raw: unknown): EntityRef => parseEntityRef(raw, 'push subscription id');

export type PushSubscriptionsService = ReturnType<typeof createPushSubscriptionsService>;
