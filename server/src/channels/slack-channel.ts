import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';

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
}
