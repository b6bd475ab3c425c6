import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { emailHref } from './email-links';
import type { PushTarget } from '../domain/push-subscriptions';

const OVERRIDES = ['token', 'title', 'body', 'imageUrl', 'link', 'data', 'android', 'apns', 'webpush'] as const;

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
    const devices = Array.isArray(this.context.pushSubscriptions) ? (this.context.pushSubscriptions as PushTarget[]) : [];
    const payload = {
      // Tokens given by the caller replace the recipient's devices.
      ...(overrides.token === undefined ? { subscription: devices.map((device) => device.id) } : {}),
      title: shortDescription ?? action ?? 'New notification',
      ...(link ? { link } : {}),
      ...(Object.keys(data).length ? { data } : {}),
      ...overrides,
    };
    return oneOrList(payload, this.context);
  }
}
