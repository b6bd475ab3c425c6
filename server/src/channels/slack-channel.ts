import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { digestHeading, listedItems, fitLines } from './digest-items';
import { SLACK_TEXT_MAX, slackDigestBlocks, slackLine } from './slack-digest';
import type { AnyNotification } from '../domain/types';

const OVERRIDES = ['channel', 'text', 'blocks', 'thread_ts'] as const;

/**
 * Built-in: posts `shortDescription` and `url` to Slack. Slack channels are not users, so the
 * caller names one: `extraData: { context: { channel: '#orders' } }`. Context keys `channel`,
 * `text`, `blocks` and `thread_ts` replace the built ones.
 */
export class SlackChannel extends BaseNotificationChannel {
  static channelName = 'slack';
  /** Asks notify() for the app's public URL as `context.baseUrl`: a digest links relative urls through it. */
  static usesPublicUrl = true;
  providers = ['slack'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const { shortDescription, action, url } = this.notification;
    const text = [shortDescription ?? action ?? 'New notification', url].filter(Boolean).join('\n');
    return oneOrList({ text, ...overrides }, this.context);
  }

  /**
   * A digest of several: one message, a header and the list of notifications (each linked to its
   * `url`, made absolute from `context.baseUrl`) as Block Kit sections, and the same list as `text`
   * (Slack's notification and fallback). Context keys `channel` and `thread_ts` apply. A digest of
   * one is the notification's own message.
   */
  override buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    if (notifications.length === 1) return this.buildPayloadFor(notifications[0], provider);
    const { overrides } = splitContext(this.context, ['channel', 'thread_ts'] as const);
    const heading = digestHeading(notifications.length);
    const { listed } = listedItems(notifications);
    const lines = listed.map((notification) => slackLine(notification, this.context.baseUrl));
    const text = [
      heading,
      ...fitLines({ lines, total: notifications.length, budget: SLACK_TEXT_MAX - heading.length - 1, separator: '\n' }),
    ];
    return { text: text.join('\n'), blocks: slackDigestBlocks(heading, lines, notifications.length), ...overrides };
  }
}
