import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { DIGEST_LIST_MAX, digestLine } from './digest-summary';
import type { AnyNotification } from '../domain/types';

const OVERRIDES = ['channel', 'text', 'blocks', 'thread_ts'] as const;

/**
 * Built-in: posts `shortDescription` and `url` to Slack. Slack channels are not users, so the
 * caller names one: `extraData: { context: { channel: '#orders' } }`. Context keys `channel`,
 * `text`, `blocks` and `thread_ts` replace the built ones.
 */
export class SlackChannel extends BaseNotificationChannel {
  static channelName = 'slack';
  providers = ['slack'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const { shortDescription, action, url } = this.notification;
    const text = [shortDescription ?? action ?? 'New notification', url].filter(Boolean).join('\n');
    return oneOrList({ text, ...overrides }, this.context);
  }

  /** One message listing the digest's notifications (Slack's link syntax for their urls); `channel` and `thread_ts` apply. */
  override buildDigestPayload(_provider: string, notifications: AnyNotification[]): unknown {
    const { overrides } = splitContext(this.context, ['channel', 'thread_ts'] as const);
    const shown = notifications.slice(0, DIGEST_LIST_MAX);
    const more = notifications.length - shown.length;
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const lines = shown.map((notification) => {
      const title = escape(digestLine(notification));
      return notification.url && /^https?:\/\//i.test(notification.url)
        ? `• <${notification.url.replace(/[|>]/g, encodeURIComponent)}|${title}>`
        : `• ${title}`;
    });
    const head = notifications.length === 1 ? '1 new notification' : `${notifications.length} new notifications`;
    return { text: [head, ...lines, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n'), ...overrides };
  }
}
