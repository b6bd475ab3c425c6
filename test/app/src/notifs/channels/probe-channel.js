'use strict';
/** Sends `context.payload` (plus the notification id) to the recording provider: tests steer failures through it. */
const { BaseNotificationChannel } = require('strapi-plugin-notifs');

class ProbeChannel extends BaseNotificationChannel {
  static channelName = 'probe';
  providers = ['recording'];

  buildPayload() {
    return { ...(this.context.payload || {}), notificationId: this.notification.id ?? null };
  }
}

module.exports = { ProbeChannel };
