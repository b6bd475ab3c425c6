import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../root/get-service';
import { callerId } from './caller';

/** Real time: `POST /stream/ticket` and `GET /stream` (server-sent events of the caller). */
const stream = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A short-lived single-use ticket for `GET /stream?ticket=…` (EventSource sends no headers). */
  async ticket(ctx: Context) {
    ctx.body = { data: getService(strapi, 'stream').issueTicket(callerId(ctx)), meta: {} };
  },

  /** `text/event-stream`: `notification` and `unread-count` events, and heartbeat comments. */
  async open(ctx: Context) {
    await getService(strapi, 'stream').open(ctx, callerId(ctx));
  },
});

export type StreamController = ReturnType<typeof stream>;
export default stream;
