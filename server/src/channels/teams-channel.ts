import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { absoluteHttpLink, clip } from './link';

const OVERRIDES = ['title', 'text', 'facts', 'url', 'urlTitle', 'card'] as const;

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
}
