import { BaseNotificationChannel } from './base-channel';
import type { AnyNotification } from '../domain/types';
import { notificationFields, splitContext } from './notification-fields';
import { digestHeading, listedItems } from './digest-items';

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

  /**
   * `{ digest: "N new notifications", notifications: [...], more, context }`: the first 50 of the
   * digest as webhooks send them, and how many more it holds.
   */
  override buildDigestPayload(_provider: string, notifications: AnyNotification[]): unknown {
    const { others: context } = splitContext(this.context, []);
    const { listed, more } = listedItems(notifications);
    return { digest: digestHeading(notifications.length), notifications: listed.map(notificationFields), more, context };
  }
}
