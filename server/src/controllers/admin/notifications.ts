import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { adminReports } from '../../repositories/admin-reports';
import { getService } from '../../root/get-service';
import { rootOf } from '../../root';
import { parseInput } from '../../validation/parse';
import { notificationListQuery } from '../../validation/admin';
import { describeRef, parseEntityRef, type EntityRef } from '../../validation/ids';
import { channelDisplayNames, contentTypeDisplayName } from '../../admin/channel-info';
import type { PreferencesConfig } from '../../config/schema';

/** Admin: every recipient's notifications, one with its deliveries, resend and cancel. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reports = adminReports(strapi);

  /** The notification `:id` names (numeric id or documentId), or a 404. */
  const notificationOr404 = async (params: { id?: unknown }) => {
    const ref: EntityRef = parseEntityRef(params.id, 'notification id');
    const found = await reports.findNotification(ref);
    if (!found) throw new errors.NotFoundError(`Notification ${describeRef(ref)} does not exist`);
    return found;
  };

  return {
    /** GET /notifications: filtered by recipient, category, channel, read state and dates; paginated. */
    async list(ctx: Context) {
      const query = parseInput(notificationListQuery, ctx.query, 'notification filters');
      const { results, pagination } = await reports.listNotifications(query);
      // The channel filter's choices, by name only (their providers' state is for settings.read).
      const channels = Object.entries(channelDisplayNames(strapi)).map(([name, displayName]) => ({ name, displayName }));
      ctx.body = { data: results, meta: { pagination, channels } };
    },

    /** GET /notifications/:id: the notification and each of its deliveries, with the names people read. */
    async findOne(ctx: Context) {
      const notification = await notificationOr404(ctx.params);
      const { id } = notification;
      const names = channelDisplayNames(strapi);
      const deliveries = (await reports.deliveriesOf(id)).map((delivery) => ({ ...delivery, channelDisplayName: names[delivery.channel] ?? delivery.channel }));
      // What the recipient chose, as it acts now (read-only here: only the recipient changes it).
      const recipientPreferences =
        notification.recipient === null ? null : await getService(strapi, 'preferences').get({ recipient: notification.recipient });
      ctx.body = {
        data: {
          ...notification,
          objDisplayName: contentTypeDisplayName(strapi, notification.obj?.uid),
          channelDisplayNames: (notification.channels ?? []).map((name) => names[name] ?? name),
          deliveries,
          recipientPreferences,
          requiredCategories: (strapi.config.get('plugin::notifs.preferences') as PreferencesConfig).required,
        },
      };
    },

    /**
     * POST /notifications/:id/resend: queues each of its deliveries again (one per channel and
     * provider), with the payload and context built when it was first sent.
     */
    async resend(ctx: Context) {
      const { id, recipient, category } = await notificationOr404(ctx.params);
      // The recipient's preferences hold for a resend too: the outbox checks them again.
      const planned = (await reports.replanOf(id)).map((delivery) =>
        recipient === null ? delivery : { ...delivery, audience: { recipient, category } }
      );
      if (!planned.length) {
        throw new errors.ApplicationError(`Notification ${id} has no deliveries to resend (it was sent through no channel)`);
      }
      const submitted = (await rootOf(strapi).internals.outbox.submit({ plan: () => planned })).planned;
      const skipped = submitted.filter((delivery) => delivery.skipReason).length;
      ctx.body = { data: { queued: submitted.length - skipped, skipped } };
    },

    /** POST /notifications/:id/cancel: cancels its deliveries not sent yet. */
    async cancel(ctx: Context) {
      const { id } = await notificationOr404(ctx.params);
      ctx.body = { data: { cancelled: await getService(strapi, 'notify').cancel(id) } };
    },
  };
};
