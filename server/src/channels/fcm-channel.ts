import { BaseNotificationChannel } from './base-channel';
import { oneOrList, pushTargets, splitContext } from './notification-fields';
import { emailHref } from './email-links';
import type { AnyNotification } from '../domain/types';
import { digestHeading, digestLink, sharedField } from './digest-items';
import { pushDigestBody } from './digest-push';

const OVERRIDES = ['token', 'title', 'body', 'imageUrl', 'link', 'data', 'android', 'apns', 'webpush'] as const;
/** What a caller's context may set on a digest: where it goes and the platforms' options, not what it says. */
const DIGEST_OVERRIDES = ['token', 'android', 'apns', 'webpush'] as const;

/**
 * Built-in: pushes the notification to every device its recipient registered for FCM
 * (`POST /api/notifs/push-subscriptions` with `kind: 'fcm'`), one delivery per device: title from
 * `shortDescription`, `link` the notification's `url` made absolute, data `notificationId` and
 * `category`. A recipient without devices gets no fcm delivery. Context keys `token` (send to
 * these tokens instead), `title`, `body`, `imageUrl`, `link`, `data`, `android`, `apns` and
 * `webpush` replace the built ones.
 */
export class FcmChannel extends BaseNotificationChannel {
  static channelName = 'fcm';
  static usesPublicUrl = true;
  /** notify() hands the recipient's registered devices as `context.pushSubscriptions`. */
  static usesPushSubscriptions = 'fcm' as const;
  providers = ['fcm'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const { id, shortDescription, action, category, url } = this.notification;
    const baseUrl = typeof this.context.baseUrl === 'string' ? this.context.baseUrl : undefined;
    const href = url ? emailHref(url, baseUrl) : null;
    const link = href && /^https?:\/\//.test(href) ? href : undefined;
    const data: Record<string, string> = {};
    if (id !== undefined && id !== null) data.notificationId = String(id);
    if (category) data.category = category;
    const payload = {
      ...this.devices(overrides.token),
      title: shortDescription ?? action ?? 'New notification',
      ...(link ? { link } : {}),
      ...(Object.keys(data).length ? { data } : {}),
      ...overrides,
    };
    return oneOrList(payload, this.context);
  }

  /**
   * A digest of several: title "N new notifications", the first five a line each in the body, then
   * "…and N more"; `link` when they all share one `url`; data `notificationId` (the newest's),
   * `category` (when they share one) and `count`. Context keys `token`, `android`, `apns` and
   * `webpush` apply. A digest of one is the notification's own push.
   */
  override buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    if (notifications.length === 1) return this.buildPayloadFor(notifications[0], provider);
    const { overrides } = splitContext(this.context, DIGEST_OVERRIDES);
    const { id } = notifications[notifications.length - 1];
    const category = sharedField(notifications, 'category');
    const link = digestLink(sharedField(notifications, 'url'), this.context.baseUrl);
    const data: Record<string, string> = { count: String(notifications.length) };
    if (id !== undefined && id !== null) data.notificationId = String(id);
    if (category) data.category = category;
    return {
      ...this.devices(overrides.token),
      title: digestHeading(notifications.length),
      body: pushDigestBody(notifications),
      ...(link ? { link } : {}),
      data,
      ...overrides,
    };
  }

  /** The recipient's registered devices, unless the caller gave tokens (which replace them). */
  private devices(token: unknown): { subscription?: number[] } {
    return token === undefined ? { subscription: pushTargets(this.context).map((device) => device.id) } : {};
  }
}
