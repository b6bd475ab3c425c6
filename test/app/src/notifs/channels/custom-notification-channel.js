'use strict';
/** The django-notifs docs' custom channel, picked up from the app's src/notifs/channels/. */
const { BaseNotificationChannel } = require('strapi-plugin-notifs');

class CustomNotificationChannel extends BaseNotificationChannel {
  static channelName = 'custom_notification_channel';
  providers = ['recording'];

  buildPayload(provider) {
    if (this.context.bulk) {
      return [1, 2, 3].map((n) => ({ n, provider, context: this.context, notificationId: this.notification.id ?? null }));
    }
    return { context: this.context, payload: provider, notificationId: this.notification.id ?? null };
  }
}

module.exports = { CustomNotificationChannel };
