import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { absoluteHttpLink, clip } from './link';
import { digestHeading, digestItemTitle, digestLink, digestMore, fitLines, listedItems, sharedField } from './digest-items';
import { escapeCardMarkdown, markdownUrl } from './markdown';
import type { AnyNotification } from '../domain/types';

const OVERRIDES = ['title', 'text', 'facts', 'url', 'urlTitle', 'card'] as const;
/**
 * The most a digest's list takes of the message, in bytes of JSON: Teams refuses a message over
 * about 28 KB, and the card's envelope and title need the rest.
 */
const DIGEST_TEXT_MAX_BYTES = 20_000;
const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text));

/**
 * Built-in: posts an Adaptive Card to the configured Teams webhook: `shortDescription` as its title,
 * `sourceDisplayName` and `category` as facts, and an "Open" button to `url` (made absolute from
 * `context.baseUrl`). Context keys `title`, `text`, `facts`, `url` and `urlTitle` replace the built
 * ones; `card` (a whole Adaptive Card) replaces them all.
 */
export class TeamsChannel extends BaseNotificationChannel {
  static channelName = 'teams';
  static usesPublicUrl = true;
  providers = ['teams'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    if (overrides.card !== undefined) return oneOrList({ card: overrides.card }, this.context);
    const { sourceDisplayName, shortDescription, action, url, category } = this.notification;
    const link = absoluteHttpLink(url, this.context.baseUrl);
    const facts = [
      ...(sourceDisplayName ? [{ title: 'From', value: clip(sourceDisplayName, 2_000) }] : []),
      ...(category ? [{ title: 'Category', value: clip(category, 2_000) }] : []),
    ];
    const payload = {
      title: clip(shortDescription || action || 'New notification', 1_000),
      ...(facts.length ? { facts } : {}),
      ...(link ? { url: link } : {}),
      ...overrides,
    };
    return oneOrList(payload, this.context);
  }

  /**
   * A digest of several: a card titled "N new notifications" listing them (each linked to its `url`),
   * as many as fit the message's size, then "…and N more"; their category as a fact and an "Open"
   * button when they all share one `category`, one `url`. The context's content keys do not apply
   * (they would hide the list). A digest of one is the notification's own card.
   */
  override buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    if (notifications.length === 1) return this.buildPayloadFor(notifications[0], provider);
    const { listed } = listedItems(notifications);
    const lines = listed.map((notification) => {
      const title = escapeCardMarkdown(digestItemTitle(notification));
      const link = digestLink(notification.url, this.context.baseUrl);
      return link ? `- [${title}](${markdownUrl(link)})` : `- ${title}`;
    });
    // Teams' markdown lists take "\r" between items; "…and N more" is the list's last item.
    const text = fitLines({
      lines,
      total: notifications.length,
      budget: DIGEST_TEXT_MAX_BYTES,
      separator: '\r',
      measure: jsonBytes,
      more: (more) => `- ${digestMore(more)}`,
    }).join('\r');
    const category = sharedField(notifications, 'category');
    const link = digestLink(sharedField(notifications, 'url'), this.context.baseUrl);
    return {
      title: digestHeading(notifications.length),
      text,
      ...(category ? { facts: [{ title: 'Category', value: clip(category, 2_000) }] } : {}),
      ...(link ? { url: link } : {}),
    };
  }
}
