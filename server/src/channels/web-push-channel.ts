import { BaseNotificationChannel } from './base-channel';
import { oneOrList, pushTargets, splitContext } from './notification-fields';
import { emailHref } from './email-links';
import type { AnyNotification } from '../domain/types';
import { DIGEST_LINK_MAX_CHARS, digestHeading, sharedField } from './digest-items';
import { pushDigestBody } from './digest-push';

const OVERRIDES = ['title', 'body', 'url', 'icon', 'badge', 'image', 'tag', 'data', 'ttl', 'urgency', 'topic'] as const;
/** What a caller's context may set on a digest: how it shows and travels, not what it says. */
const DIGEST_OVERRIDES = ['icon', 'badge', 'tag', 'ttl', 'urgency', 'topic'] as const;

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
    const payload = {
      recipient,
      subscriptions: pushTargets(this.context),
      title: shortDescription ?? action ?? 'New notification',
      ...(href ? { url: href } : {}),
      data: { id: id ?? null, documentId: documentId ?? null, category },
      ...overrides,
    };
    return oneOrList(payload, this.context);
  }

  /**
   * A digest of several: title "N new notifications", the first five a line each in the body, then
   * "…and N more"; `url` when they all share one; data `{ id, documentId, category, count }` (the
   * newest's id, the category they share or null). Context keys `icon`, `badge`, `tag`, `ttl`,
   * `urgency` and `topic` apply. A digest of one is the notification's own push.
   */
  override buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    if (notifications.length === 1) return this.buildPayloadFor(notifications[0], provider);
    const { overrides } = splitContext(this.context, DIGEST_OVERRIDES);
    const { id, documentId, recipient } = notifications[notifications.length - 1];
    const url = sharedField(notifications, 'url');
    const href = url ? emailHref(url, undefined) : null;
    return {
      recipient,
      subscriptions: pushTargets(this.context),
      title: digestHeading(notifications.length),
      body: pushDigestBody(notifications),
      ...(href && href.length <= DIGEST_LINK_MAX_CHARS ? { url: href } : {}),
      data: {
        id: id ?? null,
        documentId: documentId ?? null,
        category: sharedField(notifications, 'category') ?? null,
        count: notifications.length,
      },
      ...overrides,
    };
  }
}
