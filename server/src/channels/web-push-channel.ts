import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { emailHref } from './email-links';
import type { PushTarget } from '../domain/push-subscriptions';

const OVERRIDES = ['title', 'body', 'url', 'icon', 'badge', 'image', 'tag', 'data', 'ttl', 'urgency', 'topic'] as const;

/**
 * Built-in: pushes the notification to every browser its recipient subscribed (`POST
 * /api/notifs/push-subscriptions`), one delivery per browser. The browser's service worker receives
 * `{ title, body?, url?, data: { id, documentId, category } }`: title from `shortDescription` (else
 * `action`), `url` as given (a relative one opens on the service worker's own origin), a
 * `javascript:`/`data:` url dropped. Context keys `title`, `body`, `url`, `icon`, `badge`, `image`,
 * `tag`, `data`, `ttl`, `urgency` and `topic` replace the built ones.
 */
export class WebPushChannel extends BaseNotificationChannel {
  static channelName = 'web_push';
  static displayName = 'Web push';
  /** Asks notify() for the recipient's browser subscriptions as `context.pushSubscriptions`. */
  static usesPushSubscriptions = 'web_push' as const;
  providers = ['web_push'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const { id, documentId, recipient, shortDescription, action, category, url } = this.notification;
    const href = url ? emailHref(url, undefined) : null;
    const subscriptions = Array.isArray(this.context.pushSubscriptions) ? (this.context.pushSubscriptions as PushTarget[]) : [];
    const payload = {
      recipient,
      subscriptions,
      title: shortDescription ?? action ?? 'New notification',
      ...(href ? { url: href } : {}),
      data: { id: id ?? null, documentId: documentId ?? null, category },
      ...overrides,
    };
    return oneOrList(payload, this.context);
  }
}
