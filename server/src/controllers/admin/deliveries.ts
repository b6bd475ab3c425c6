import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { isDurable } from '../../backends';
import { adminReports } from '../../repositories/admin-reports';
import { getService } from '../../root/get-service';
import { rootOf } from '../../root';
import { parseInput } from '../../validation/parse';
import { deliveryListQuery, seriesQuery } from '../../validation/admin';
import { parseEntityRef, refValue } from '../../validation/ids';
import { channelDisplayNames } from '../../admin/channel-info';

/** Admin: delivery counts by status, the failed and dead ones with retry, and the chart's series. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reports = adminReports(strapi);

  return {
    /** GET /deliveries/stats: counts per status, and the backend (the sync backend keeps no queue). */
    async stats(ctx: Context) {
      const backend = rootOf(strapi).internals.backend();
      const counts = isDurable(backend) ? await getService(strapi, 'queue').stats() : null;
      ctx.body = { data: { backend: backend.name, counts } };
    },

    /** GET /deliveries?status=failed,dead&id&mergedInto: deliveries in those statuses (one by id, a digest's members), latest change first. */
    async list(ctx: Context) {
      const query = parseInput(deliveryListQuery, ctx.query, 'delivery filters');
      const { results, pagination } = await reports.listDeliveries(query);
      const names = channelDisplayNames(strapi);
      ctx.body = { data: results.map((delivery) => ({ ...delivery, channelDisplayName: names[delivery.channel] ?? delivery.channel })), meta: { pagination } };
    },

    /** GET /deliveries/series?interval=hour|day&from&to: sent and failed per bucket. */
    async series(ctx: Context) {
      const query = parseInput(seriesQuery, ctx.query, 'delivery series query');
      ctx.body = { data: await reports.series(query), meta: { interval: query.interval } };
    },

    /** POST /deliveries/:id/retry: a failed, dead or cancelled delivery, due now. */
    async retry(ctx: Context) {
      const ref = parseEntityRef(ctx.params.id, 'delivery id');
      const id = await getService(strapi, 'queue').retry(refValue(ref));
      ctx.body = { data: { id, status: 'queued' } };
    },
  };
};
