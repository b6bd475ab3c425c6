import { z } from 'zod';
import type { Notification } from '../../domain/types';
import { NotificationError } from '../../domain/errors';
import type { NotificationRepository } from '../../repositories/notifications';
import { throwValidationError } from '../../domain/notify-input';
import { toFormattedIssues } from '../../domain/zod-issues';
import { describeRef, isRowId, parseServiceRef, refValue, text, type EntityRef } from '../../validation/ids';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/limits';

const listSchema = z.strictObject({
  recipient: z.unknown().optional(),
  filters: z
    .strictObject({ isRead: z.boolean().optional(), category: text().max(255).optional() })
    .optional(),
  pagination: z
    .strictObject({
      page: z.number().int().min(1).optional(),
      pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    })
    .optional(),
});

/** A notification as the caller names it: its numeric id or its documentId. */
export type NotificationIdInput = number | string;

/** Input of the methods acting on one notification. */
export interface OneNotificationArgs {
  notifyId: NotificationIdInput;
  recipient: number;
}

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
  if (!isRowId(recipient)) {
    throw new NotificationError(`${method}() recipient must be a user id (got ${JSON.stringify(recipient)})`);
  }
  return recipient;
};

/** The methods' single argument: an object, or `NotificationError` naming what the call misses. */
const requireArgs = <T extends object>(args: T | undefined, method: string, shape: string): T => {
  if (args === null || typeof args !== 'object') {
    throw new NotificationError(`${method}() needs an object ${shape} (got ${args === undefined ? 'nothing' : JSON.stringify(args)})`);
  }
  return args;
};

const requireId = (notifyId: unknown, method: string): EntityRef => {
  if (notifyId === undefined || notifyId === null) {
    throw new NotificationError(`${method}() needs the notifyId: the notification's id or documentId`);
  }
  return parseServiceRef(notifyId, `${method}() input`, 'notifyId');
};

const ONE = '{ notifyId, recipient }';

/**
 * The read side: what a recipient does with their own notifications. Every method is scoped to the
 * recipient; another user's notification is "not found" (no hint that it exists).
 */
export const createReadService = ({ notifications: repository }: { notifications: NotificationRepository }) => {
  const ownNotification = async (args: OneNotificationArgs | undefined, method: string): Promise<Notification> => {
    const { notifyId, recipient } = requireArgs(args, method, ONE);
    const who = requireRecipient(recipient, method);
    const which = requireId(notifyId, method);
    const found = await repository.findOneOfRecipient(which, who);
    if (!found) {
      throw new NotificationError(`Notification ${describeRef(which)} does not exist or does not belong to recipient ${who}`, {
        notifyId: refValue(which),
      });
    }
    return found;
  };

  return {
    /** Marks a notification as read and returns it. */
    async read(args: OneNotificationArgs): Promise<Notification> {
      const found = await ownNotification(args, 'read');
      return found.isRead ? found : repository.setRead(found.id as number, true);
    },

    /** Marks a notification as unread and returns it. */
    async unread(args: OneNotificationArgs): Promise<Notification> {
      const found = await ownNotification(args, 'unread');
      return found.isRead ? repository.setRead(found.id as number, false) : found;
    },

    /** One of the recipient's notifications. */
    async findOne(args: OneNotificationArgs): Promise<Notification> {
      return ownNotification(args, 'findOne');
    },

    /** Marks all of the recipient's notifications as read; resolves with how many changed. */
    async readAll(args: { recipient: number }): Promise<{ count: number }> {
      const { recipient } = requireArgs(args, 'readAll', '{ recipient }');
      return { count: await repository.readAll(requireRecipient(recipient, 'readAll')) };
    },

    /** How many of the recipient's notifications are unread. */
    async unreadCount(args: { recipient: number }): Promise<number> {
      const { recipient } = requireArgs(args, 'unreadCount', '{ recipient }');
      return repository.countUnread(requireRecipient(recipient, 'unreadCount'));
    },

    /** The recipient's notifications, newest first, `pageSize` at most 100. */
    async list(args: ListArgs): Promise<ListResult> {
      const who = requireRecipient(requireArgs(args, 'list', '{ recipient, filters?, pagination? }').recipient, 'list');
      const parsed = listSchema.safeParse(args);
      if (!parsed.success) throwValidationError('list() input', toFormattedIssues(parsed.error.issues));
      const { filters = {}, pagination = {} } = parsed.data ?? {};
      const page = pagination.page ?? 1;
      const pageSize = pagination.pageSize ?? DEFAULT_PAGE_SIZE;
      const { results, total } = await repository.list(who, filters, { page, pageSize });
      return { results, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
    },

    /** Deletes one of the recipient's notifications (its deliveries still waiting are cancelled). */
    async remove(args: OneNotificationArgs): Promise<Notification> {
      const found = await ownNotification(args, 'remove');
      await repository.delete(found.id as number);
      return found;
    },
  };
};

export type ReadService = ReturnType<typeof createReadService>;
