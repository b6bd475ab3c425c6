import { z } from 'zod';
import type { Notification } from '../../domain/types';
import { NotificationError } from '../../domain/errors';
import type { ListFilters, NotificationRepository } from '../../repositories/notifications';
import type { RealtimeMessage } from '../../domain/realtime-message';
import { throwValidationError } from '../../domain/notify-input';
import { toFormattedIssues } from '../../domain/zod-issues';
import { describeRef, isRowId, parseServiceRef, refValue, text, type EntityRef } from '../../validation/ids';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/limits';

const listSchema = z.strictObject({
  recipient: z.unknown().optional(),
  filters: z
    .strictObject({
      isRead: z.boolean().optional(),
      category: text().max(255).optional(),
      archived: z.boolean().optional(),
      seen: z.boolean().optional(),
    })
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
  /** `archived` is `false` unless given: archived notifications are listed only when asked for. */
  filters?: ListFilters;
  pagination?: { page?: number; pageSize?: number };
}

export interface ListResult {
  results: Notification[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** The recipient, or `NotificationError` when it is missing or not a user id. */
const requireRecipient = (recipient: unknown, method: string): number => {
  if (recipient === undefined || recipient === null) {
    throw new NotificationError(
      `${method}() needs the recipient: only a notification's recipient may ${method === 'unreadCount' || method === 'list' ? 'see' : 'change'} it`
    );
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

/** Tells the recipient's open streams about a change (after the commit); the stream service does it. */
export type Announce = (message: RealtimeMessage) => void;

/** What a change of many notifications answers: how many changed. */
export interface CountResult {
  count: number;
}

/**
 * The read side: what a recipient does with their own notifications. Every method is scoped to the
 * recipient; another user's notification is "not found" (no hint that it exists).
 */
export const createReadService = ({
  notifications: repository,
  announce = () => {},
}: {
  notifications: NotificationRepository;
  announce?: Announce;
}) => {
  const whole = (args: { recipient: number } | undefined, method: string): number =>
    requireRecipient(requireArgs(args, method, '{ recipient }').recipient, method);

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
      if (found.isRead) return found;
      const now = new Date();
      // Reading implies seeing; a seenAt already there is kept (it says when it was first seen).
      return repository.setState(found.id, { isRead: true, readAt: now, ...(found.seenAt ? {} : { seenAt: now }) });
    },

    /** Marks a notification as unread and returns it. */
    async unread(args: OneNotificationArgs): Promise<Notification> {
      const found = await ownNotification(args, 'unread');
      // Still seen: unread makes it count as unread again, not as new.
      return found.isRead ? repository.setState(found.id, { isRead: false, readAt: null }) : found;
    },

    /** One of the recipient's notifications. */
    async findOne(args: OneNotificationArgs): Promise<Notification> {
      return ownNotification(args, 'findOne');
    },

    /** Marks all of the recipient's notifications as read; resolves with how many changed. */
    async readAll(args: { recipient: number }): Promise<CountResult> {
      return { count: await repository.readAll(whole(args, 'readAll')) };
    },

    /** How many of the recipient's notifications are unread (archived ones are not counted). */
    async unreadCount(args: { recipient: number }): Promise<number> {
      return repository.countUnread(whole(args, 'unreadCount'));
    },

    /** How many of the recipient's notifications are unseen, i.e. new since the last `seenAll` (archived ones are not counted). */
    async unseenCount(args: { recipient: number }): Promise<number> {
      return repository.countUnseen(whole(args, 'unseenCount'));
    },

    /** Marks all of the recipient's notifications as seen (the badge was opened); resolves with how many changed. */
    async seenAll(args: { recipient: number }): Promise<CountResult> {
      const recipient = whole(args, 'seenAll');
      const count = await repository.seenAll(recipient);
      if (count > 0) announce({ recipient, event: 'seen', data: { count, seenAt: new Date().toISOString() } });
      return { count };
    },

    /** Archives a notification (kept, hidden from the default list and the counts) and returns it. */
    async archive(args: OneNotificationArgs): Promise<Notification> {
      const found = await ownNotification(args, 'archive');
      if (found.archivedAt) return found;
      const archived = await repository.setState(found.id, { archivedAt: new Date() });
      announce({
        recipient: args.recipient,
        event: 'archived',
        data: { id: archived.id, documentId: archived.documentId, archivedAt: archived.archivedAt },
      });
      return archived;
    },

    /** Brings an archived notification back to the list and the counts, and returns it. */
    async unarchive(args: OneNotificationArgs): Promise<Notification> {
      const found = await ownNotification(args, 'unarchive');
      if (!found.archivedAt) return found;
      const restored = await repository.setState(found.id, { archivedAt: null });
      announce({ recipient: args.recipient, event: 'unarchived', data: { id: restored.id, documentId: restored.documentId } });
      return restored;
    },

    /** Archives every read notification of the recipient ("archive all read"); resolves with how many changed. */
    async archiveAll(args: { recipient: number }): Promise<CountResult> {
      const recipient = whole(args, 'archiveAll');
      const count = await repository.archiveRead(recipient);
      if (count > 0) announce({ recipient, event: 'archived', data: { all: 'read', count, archivedAt: new Date().toISOString() } });
      return { count };
    },

    /** Deletes all of the recipient's notifications, archived ones too (their waiting deliveries are cancelled); resolves with how many. */
    async removeAll(args: { recipient: number }): Promise<CountResult> {
      const recipient = whole(args, 'removeAll');
      const count = await repository.deleteAllOf(recipient);
      if (count > 0) announce({ recipient, event: 'removed-all', data: { count } });
      return { count };
    },

    /** The recipient's notifications, newest first, `pageSize` at most 100; archived ones only with `filters.archived`. */
    async list(args: ListArgs): Promise<ListResult> {
      const who = requireRecipient(requireArgs(args, 'list', '{ recipient, filters?, pagination? }').recipient, 'list');
      const parsed = listSchema.safeParse(args);
      if (!parsed.success) throwValidationError('list() input', toFormattedIssues(parsed.error.issues));
      const { filters: given = {}, pagination = {} } = parsed.data ?? {};
      const filters = { archived: false, ...given };
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
