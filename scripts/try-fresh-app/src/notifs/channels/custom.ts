// README "Custom channels", word for word (the class; the notify() calls are in src/examples.ts)
import { BaseNotificationChannel } from 'strapi-plugin-notifs';

export class CustomNotificationChannel extends BaseNotificationChannel {
  static channelName = 'custom_notification_channel';
  providers = ['console'];

  buildPayload(provider: string) {
    return { context: this.context, payload: provider };
  }
}
