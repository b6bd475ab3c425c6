import { BaseNotificationChannel } from './base-channel';
import { notificationFields, oneOrList, splitContext } from './notification-fields';

const OVERRIDES = ['channels', 'eventName', 'data', 'socketId'] as const;

/**
 * Built-in: triggers event `notification` on the recipient's private channel
 * `private-notifs-user-<recipient id>` with `{ notification, context }` as data.
 * Context keys `channels`, `eventName`, `data` and `socketId` replace the built ones.
 */
export class PusherChannelsChannel extends BaseNotificationChannel {
  static channelName = 'pusher_channels';
  static inApp = true;
  providers = ['pusher_channels'];

  buildPayload(): unknown {
    const { overrides, others } = splitContext(this.context, OVERRIDES);
    const { recipient } = this.notification;
    const payload = {
      // No recipient (and no channels in context): left out, so the schema names "channels".
      ...(recipient !== null ? { channels: `private-notifs-user-${recipient}` } : {}),
      eventName: 'notification',
      data: { notification: notificationFields(this.notification), context: others },
      ...overrides,
    };
    return oneOrList(payload, this.context);
  }
}
