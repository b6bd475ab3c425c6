import { z } from 'zod';
import type { Notification } from '../../domain/types';
import { NotificationError } from '../../domain/errors';
import type { NotificationRepository } from '../../repositories/notifications';
import { throwValidationError } from '../../domain/notify-input';
import { toFormattedIssues } from '../../domain/zod-issues';

/** Largest page the read side hands out. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

const id = z.number().int().positive();

const listSchema = z.strictObject({
  recipient: z.unknown().optional(),
  filters: z
    .strictObject({ isRead: z.boolean().optional(), category: z.string().max(255).optional() })
    .optional(),
  pagination: z
    .strictObject({
      page: z.number().int().min(1).optional(),
      pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    })
    .optional(),
});

export interface ListArgs {
  recipient: number;
  filters?: { isRead?: boolean; category?: string };
  pagination?: { page?: number; pageSize?: number };
}

export interface ListResult {
  results: Notification[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** The recipient, or `NotificationError` when it is missing or not a user id. */
const requireRecipient = (recipient: unknown, method: string): number => {
  if (recipient === undefined || recipient === null) {
    throw new NotificationError(`${method}() needs the recipient: only a notification's recipient may ${method === 'unreadCount' || method === 'list' ? 'see' : 'change'} it`);
  }
  if (!id.safeParse(recipient).success) {
    throw new NotificationError(`${method}() recipient must be a user id (got ${JSON.stringify(recipient)})`);
  }
  return recipient as number;
};

const requireId = (notifyId: unknown, method: string): number => {
  if (!id.safeParse(notifyId).success) {
    throwValidationError(`${method}() input`, [{ path: ['notifyId'], message: `must be a notification id (got ${JSON.stringify(notifyId)})` }]);
  }
  return notifyId as number;
};

/**
 * The read side: what a recipient does with their own notifications. Every method is scoped to the
 * recipient; another user's notification is "not found" (no hint that it exists).
 */
export const createReadService = ({ notifications: repository }: { notifications: NotificationRepository }) => {
  const ownNotification = async (notifyId: unknown, recipient: unknown, method: string): Promise<Notification> => {
    const who = requireRecipient(recipient, method);
    const which = requireId(notifyId, method);
    const found = await repository.findOneOfRecipient(which, who);
    if (!found) {
      throw new NotificationError(`Notification ${which} does not exist or does not belong to recipient ${who}`, {
        notifyId: which,
      });
    }
    return found;
  };

  return {
    /** Marks a notification as read and returns it. */
    async read({ notifyId, recipient }: { notifyId: number; recipient: number }): Promise<Notification> {
      const found = await ownNotification(notifyId, recipient, 'read');
      return found.isRead ? found : repository.setRead(found.id as number, true);
    },

    /** Marks a notification as unread and returns it. */
    async unread({ notifyId, recipient }: { notifyId: number; recipient: number }): Promise<Notification> {
      const found = await ownNotification(notifyId, recipient, 'unread');
      return found.isRead ? repository.setRead(found.id as number, false) : found;
    },

    /** One of the recipient's notifications. */
    async findOne({ notifyId, recipient }: { notifyId: number; recipient: number }): Promise<Notification> {
      return ownNotification(notifyId, recipient, 'findOne');
    },

    /** Marks all of the recipient's notifications as read; resolves with how many changed. */
    async readAll({ recipient }: { recipient: number }): Promise<{ count: number }> {
      return { count: await repository.readAll(requireRecipient(recipient, 'readAll')) };
    },

    async unreadCount({ recipient }: { recipient: number }): Promise<number> {
      return repository.countUnread(requireRecipient(recipient, 'unreadCount'));
    },

    /** The recipient's notifications, newest first, `pageSize` at most 100. */
    async list(args: ListArgs): Promise<ListResult> {
      const parsed = listSchema.safeParse(args ?? {});
      if (!parsed.success) throwValidationError('list() input', toFormattedIssues(parsed.error.issues));
      const { filters = {}, pagination = {} } = parsed.data ?? {};
      const who = requireRecipient(args.recipient, 'list');
      const page = pagination.page ?? 1;
      const pageSize = pagination.pageSize ?? DEFAULT_PAGE_SIZE;
      const { results, total } = await repository.list(who, filters, { page, pageSize });
      return { results, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
    },

    /** Deletes one of the recipient's notifications (its deliveries still waiting are cancelled). */
    async remove({ notifyId, recipient }: { notifyId: number; recipient: number }): Promise<Notification> {
      const found = await ownNotification(notifyId, recipient, 'remove');
      await repository.delete(found.id as number);
      return found;
    },
  };
};

export type ReadService = ReturnType<typeof createReadService>;
