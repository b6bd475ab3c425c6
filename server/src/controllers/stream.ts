import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../root/get-service';
import { callerId } from './caller';
import { parseStreamCursor } from '../validation/stream';
import { createOutputSanitizer } from './sanitize-output';
import type { Notification } from '../domain/types';

/** Real time: `POST /stream/ticket` and `GET /stream` (server-sent events of the caller). */
const stream = ({ strapi }: { strapi: Core.Strapi }) => {
  const sanitize = createOutputSanitizer(strapi);
  return {
    /** A short-lived single-use ticket for `GET /stream?ticket=…` (EventSource sends no headers). */
    async ticket(ctx: Context) {
      ctx.body = {
        data: getService(strapi, 'stream').issueTicket(callerId(ctx)),
        meta: {},
      };
    },

    /**
     * `text/event-stream`: `notification`, `unread-count` and `resync` events, and heartbeat comments.
     * Resumes after `Last-Event-ID` (header) or `since` (query), replaying what the caller missed.
     */
    async open(ctx: Context) {
      const userId = callerId(ctx);
      const since = parseStreamCursor(ctx.get('last-event-id'), ctx.query.since);
      // Events leave as the REST answers do: through Strapi's output sanitizer, with the caller's auth.
      await getService(strapi, 'stream').open(ctx, userId, since, (notification) => sanitize(ctx, notification as Notification));
    },
  };
};

export type StreamController = ReturnType<typeof stream>;
export default stream;
