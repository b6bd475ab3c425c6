import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { absoluteHttpLink, clip } from './link';

const OVERRIDES = ['content', 'embeds', 'username', 'avatar_url', 'allowed_mentions', 'tts'] as const;
/** Discord's blurple, so the message reads as a notification at a glance. */
const EMBED_COLOR = 0x5865f2;

/**
 * Built-in: posts one embed to the configured Discord webhook: `shortDescription` as its title,
 * linked to `url` (made absolute from `context.baseUrl`), `sourceDisplayName` as its author,
 * `category` in the footer, the notification's time. Nobody is pinged. Context keys `content`,
 * `embeds`, `username`, `avatar_url`, `allowed_mentions` and `tts` replace the built ones.
 */
export class DiscordChannel extends BaseNotificationChannel {
  static channelName = 'discord';
  static usesPublicUrl = true;
  providers = ['discord'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const { sourceDisplayName, shortDescription, action, url, category, createdAt } = this.notification;
    const link = absoluteHttpLink(url, this.context.baseUrl);
    const embed = {
      title: clip(shortDescription || action || 'New notification', 256),
      ...(link ? { url: link } : {}),
      color: EMBED_COLOR,
      ...(sourceDisplayName ? { author: { name: clip(sourceDisplayName, 256) } } : {}),
      ...(category ? { footer: { text: clip(category, 2048) } } : {}),
      ...(createdAt ? { timestamp: new Date(createdAt).toISOString() } : {}),
    };
    return oneOrList({ embeds: [embed], ...overrides }, this.context);
  }
}
