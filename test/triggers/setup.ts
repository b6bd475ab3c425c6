/** Shared pieces of the trigger suites: a channel that echoes the notification, HTTP and fixtures. */
import type { Core } from '@strapi/strapi';
import { BaseNotificationChannel } from 'strapi-plugin-notifs';

/** Sends the notification's fields to the recording provider, so tests see what the templates rendered. */
export class EchoChannel extends BaseNotificationChannel {
  static channelName = 'echo';
  providers = ['recording'];

  buildPayload() {
    const { id, recipient, shortDescription, url, category, action, obj, extraData } = this.notification;
    return { notificationId: id ?? null, recipient, shortDescription, url, category, action, obj, extraData, ...(this.context.payload as object) };
  }
}

export const ARTICLE = 'api::article.article';

/** A data trigger definition with sensible defaults, for `strapi.documents('plugin::notifs.trigger').create`. */
export const triggerData = (overrides: Record<string, unknown> = {}) => ({
  name: `trigger-${Math.random().toString(36).slice(2, 8)}`,
  uid: ARTICLE,
  events: ['create'],
  channels: ['echo'],
  recipientRule: { type: 'field', field: 'author' },
  shortDescription: '{{event.type}}: {{entry.title}}',
  ...overrides,
});

export const createTrigger = (strapi: Core.Strapi, overrides: Record<string, unknown> = {}) =>
  strapi.documents('plugin::notifs.trigger' as never).create({ data: triggerData(overrides) as never }) as Promise<Record<string, any>>;

/** Disables every data trigger, so each test starts from its own. */
export const disableAllTriggers = async (strapi: Core.Strapi) => {
  await strapi.db.query('plugin::notifs.trigger' as never).updateMany({ where: {}, data: { enabled: false } });
};

/** Notification rows about one entry, oldest first. */
export const notificationsAbout = (strapi: Core.Strapi, documentId: string) =>
  strapi.db
    .query('plugin::notifs.notification')
    .findMany({ populate: { recipient: { select: ['id'] } }, orderBy: { id: 'asc' } })
    .then((rows: Record<string, any>[]) => rows.filter((row) => row.obj?.documentId === documentId));

/** Starts the booted app's HTTP server on a free port; resolves with its base URL. */
export const listen = async (strapi: Core.Strapi): Promise<string> => {
  const server = strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
};
