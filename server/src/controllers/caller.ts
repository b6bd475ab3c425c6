import { errors } from '@strapi/utils';
import { NotificationError } from '../domain/errors';
import { describeRef, type EntityRef } from '../validation/ids';

/** The users-permissions user making the request; the read API never acts for anyone else. */
export const callerId = (ctx: { state?: { user?: unknown } }): number => {
  const id = (ctx.state?.user as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'number') {
    // A role (such as Public) granted these routes still has no user to scope them to.
    throw new errors.UnauthorizedError('The notifications API needs a logged-in user: send "Authorization: Bearer <jwt>"');
  }
  return id;
};

/**
 * The read service says `NotificationError` both for a missing id and for someone else's
 * notification: over HTTP both are the same 404, so ids cannot be probed.
 */
export const asNotFound = async <T>(notifyId: EntityRef, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotificationError) {
      throw new errors.NotFoundError(`Notification ${describeRef(notifyId)} not found`);
    }
    throw error;
  }
};
