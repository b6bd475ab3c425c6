import { BaseNotificationChannel } from './base-channel';

/** Built-in: prints the notification and its context through the `console` provider. */
export class ConsoleChannel extends BaseNotificationChannel {
  static channelName = 'console';
  providers = ['console'];

  buildPayload(): unknown {
    const { id, recipient, source, sourceDisplayName, category, action, obj, shortDescription, url, extraData } =
      this.notification;
    const { bulk, ...context } = this.context;
    const payload = { id, recipient, source, sourceDisplayName, category, action, obj, shortDescription, url, extraData, context };
    return bulk ? [payload] : payload;
  }
}
