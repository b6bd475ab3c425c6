import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../root/get-service';
import { callerId } from './caller';
import { describeRef } from '../validation/ids';
import { parseSubscriptionId } from '../services/push-subscriptions';
import { parsePushKindQuery } from '../validation/push-subscriptions';

/**
 * Content API over the caller's push subscriptions (`/api/notifs/push-subscriptions`): browsers'
 * web push subscriptions and devices' FCM tokens. Scoped to `ctx.state.user`: another user's
 * subscription answers 404, as a missing one does.
 */
const pushSubscriptions = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'pushSubscriptions');

  return {
    /** `GET /push-subscriptions` (`?kind=web_push|fcm`): newest first. */
    async find(ctx: Context) {
      const user = callerId(ctx);
      const kind = parsePushKindQuery(ctx.query);
      ctx.body = { data: await service().list({ user, kind }), meta: {} };
    },

    /** `POST /push-subscriptions`: 201 for a new subscription, 200 when the endpoint was known (now the caller's). */
    async create(ctx: Context) {
      const user = callerId(ctx);
      const { subscription, created } = await service().register({ user, body: ctx.request.body, userAgent: ctx.get('user-agent') });
      ctx.status = created ? 201 : 200;
      ctx.body = { data: subscription, meta: {} };
    },

    /** `DELETE /push-subscriptions/:id`: answers the removed subscription. */
    async delete(ctx: Context) {
      const user = callerId(ctx);
      const ref = parseSubscriptionId(ctx.params.id);
      const removed = await service().remove({ user, id: 'id' in ref ? ref.id : ref.documentId });
      if (!removed) throw new errors.NotFoundError(`Push subscription ${describeRef(ref)} not found`);
      ctx.body = { data: removed, meta: {} };
    },
  };
};

export type PushSubscriptionsController = ReturnType<typeof pushSubscriptions>;
export default pushSubscriptions;
