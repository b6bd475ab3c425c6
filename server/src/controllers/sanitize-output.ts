import type { Core } from '@strapi/strapi';
import type { Notification } from '../domain/types';
import { NOTIFICATION_UID } from '../utils/uids';

/**
 * A notification as the content API answers it: Strapi's output sanitizer has removed the fields the
 * app marks private and the relations (`recipient`, `source`) the caller's role may not `find`.
 */
export type SanitizedNotification = Partial<Notification> & Pick<Notification, 'id' | 'documentId'>;

/** A Koa context, REST or GraphQL: Strapi keeps the request's authentication in `state.auth`. */
interface WithAuth {
  state?: { auth?: unknown; user?: unknown };
}

/**
 * Runs notifications through `strapi.contentAPI.sanitize.output`, with the caller's auth, exactly as
 * Strapi's own controllers do (`sanitizeOutput(data, ctx)`), so this API never shows more than theirs.
 */
export const createOutputSanitizer = (strapi: Core.Strapi) => {
  function sanitize(ctx: WithAuth, data: Notification): Promise<SanitizedNotification>;
  function sanitize(ctx: WithAuth, data: Notification[]): Promise<SanitizedNotification[]>;
  function sanitize(ctx: WithAuth, data: Notification | Notification[]): Promise<unknown> {
    return strapi.contentAPI.sanitize.output(data, strapi.getModel(NOTIFICATION_UID), { auth: ctx.state?.auth ?? {} });
  }
  return sanitize;
};
