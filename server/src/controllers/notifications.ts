import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../root/get-service';
import { parseListQuery, parseNotificationId } from '../validation/read-api';
import { asNotFound, callerId } from './caller';
import { refValue } from '../validation/ids';
import { createOutputSanitizer } from './sanitize-output';

/**
 * Content API over the caller's own notifications (`/api/notifs/notifications`). Every action is
 * scoped to `ctx.state.user`; ids of other users' notifications answer 404 like missing ones.
 */
const notifications = ({ strapi }: { strapi: Core.Strapi }) => {
  const read = () => getService(strapi, 'read');
  const sanitize = createOutputSanitizer(strapi);

  return {
    /** `GET /notifications`: newest first, `pagination[page|pageSize]`, `filters[isRead|category|archived|seen]`. */
    async find(ctx: Context) {
      const recipient = callerId(ctx);
      const { pagination, filters } = parseListQuery(ctx.query);
      const { results, pagination: meta } = await read().list({ recipient, filters, pagination });
      ctx.body = { data: await sanitize(ctx, results), meta: { pagination: meta } };
    },

    /** `GET /notifications/unread-count`: `{ count, unseen }`, archived notifications not counted. */
    async unreadCount(ctx: Context) {
      const recipient = callerId(ctx);
      const [count, unseen] = await Promise.all([read().unreadCount({ recipient }), read().unseenCount({ recipient })]);
      ctx.body = { data: { count, unseen }, meta: {} };
    },

    /** `GET /notifications/:id` (`:id`: the numeric id or the documentId, as everywhere below). */
    async findOne(ctx: Context) {
      const recipient = callerId(ctx);
      const notifyId = parseNotificationId(ctx.params.id);
      ctx.body = { data: await sanitize(ctx, await asNotFound(notifyId, () => read().findOne({ notifyId: refValue(notifyId), recipient }))), meta: {} };
    },

    /** `POST /notifications/:id/read`. */
    async markRead(ctx: Context) {
      const recipient = callerId(ctx);
      const notifyId = parseNotificationId(ctx.params.id);
      ctx.body = { data: await sanitize(ctx, await asNotFound(notifyId, () => read().read({ notifyId: refValue(notifyId), recipient }))), meta: {} };
    },

    /** `POST /notifications/:id/unread`. */
    async markUnread(ctx: Context) {
      const recipient = callerId(ctx);
      const notifyId = parseNotificationId(ctx.params.id);
      ctx.body = { data: await sanitize(ctx, await asNotFound(notifyId, () => read().unread({ notifyId: refValue(notifyId), recipient }))), meta: {} };
    },

    /** `POST /notifications/read-all`: answers how many changed. */
    async markAllRead(ctx: Context) {
      ctx.body = { data: await read().readAll({ recipient: callerId(ctx) }), meta: {} };
    },

    /** `POST /notifications/seen-all`: answers how many changed. */
    async markAllSeen(ctx: Context) {
      ctx.body = { data: await read().seenAll({ recipient: callerId(ctx) }), meta: {} };
    },

    /** `POST /notifications/:id/archive`: answers the notification. */
    async archive(ctx: Context) {
      const recipient = callerId(ctx);
      const notifyId = parseNotificationId(ctx.params.id);
      ctx.body = { data: await sanitize(ctx, await asNotFound(notifyId, () => read().archive({ notifyId: refValue(notifyId), recipient }))), meta: {} };
    },

    /** `POST /notifications/:id/unarchive`: answers the notification. */
    async unarchive(ctx: Context) {
      const recipient = callerId(ctx);
      const notifyId = parseNotificationId(ctx.params.id);
      ctx.body = { data: await sanitize(ctx, await asNotFound(notifyId, () => read().unarchive({ notifyId: refValue(notifyId), recipient }))), meta: {} };
    },

    /** `POST /notifications/archive-all`: archives the caller's read notifications, answers how many. */
    async archiveAllRead(ctx: Context) {
      ctx.body = { data: await read().archiveAll({ recipient: callerId(ctx) }), meta: {} };
    },

    /** `DELETE /notifications`: deletes all of the caller's notifications, answers how many. */
    async deleteAll(ctx: Context) {
      ctx.body = { data: await read().removeAll({ recipient: callerId(ctx) }), meta: {} };
    },

    /** `DELETE /notifications/:id`: answers the deleted notification. */
    async delete(ctx: Context) {
      const recipient = callerId(ctx);
      const notifyId = parseNotificationId(ctx.params.id);
      ctx.body = { data: await sanitize(ctx, await asNotFound(notifyId, () => read().remove({ notifyId: refValue(notifyId), recipient }))), meta: {} };
    },
  };
};

export type NotificationsController = ReturnType<typeof notifications>;
export default notifications;
