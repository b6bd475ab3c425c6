import type { AnyNotification } from '../domain/types';
import { BaseNotificationChannel } from './base-channel';
import { notificationFields, oneOrList, splitContext } from './notification-fields';

const OVERRIDES = ['event', 'data', 'url'] as const;

/**
 * Built-in: posts the notification to the `webhook` provider's URL(s) as
 * `{ event: "<category>" | "notification", data: { notification, context } }`.
 * Context keys `event`, `data` and `url` replace the built ones.
 */
export class WebhookChannel extends BaseNotificationChannel {
  static channelName = 'webhook';
  providers = ['webhook'];

  buildPayload(): unknown {
    const { overrides, others } = splitContext(this.context, OVERRIDES);
    const payload = {
      event: this.notification.category ?? 'notification',
      data: { notification: notificationFields(this.notification), context: others },
      ...overrides,
    };
    return oneOrList(payload, this.context);
  }

  /**
   * `{ event: 'digest', data: { count, notifications: [...], context } }`: every notification of the
   * digest, as `buildPayload` sends each. Of the context's overrides, only `url` applies.
   */
  override buildDigestPayload(_provider: string, notifications: AnyNotification[]): unknown {
    const { overrides, others } = splitContext(this.context, ['url'] as const);
    return {
      event: 'digest',
      data: { count: notifications.length, notifications: notifications.map(notificationFields), context: others },
      ...overrides,
    };
  }
}
