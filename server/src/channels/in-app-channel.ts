import { BaseNotificationChannel } from './base-channel';

/** Built-in: the notification itself, as a `notification` event on its recipient's open streams. */
export class InAppChannel extends BaseNotificationChannel {
  static channelName = 'in_app';
  static inApp = true;
  providers = ['sse'];

  buildPayload(): unknown {
    const payload = { recipient: this.notification.recipient, event: 'notification', data: this.notification };
    return this.context.bulk ? [payload] : payload;
  }
}
