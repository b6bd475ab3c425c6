import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { absoluteHttpLink, clip } from './link';
import { DISCORD_LIMITS } from '../providers/discord-payload';
import { digestHeading, digestItemTitle, digestLink, fitLines, listedItems, sharedField } from './digest-items';
import { escapeDiscordMarkdown, markdownUrl } from './markdown';
import type { AnyNotification } from '../domain/types';

const OVERRIDES = ['content', 'embeds', 'username', 'avatar_url', 'allowed_mentions', 'tts'] as const;
/** What a caller's context may set on a digest: who posts it and who may be pinged, not what it says. */
const DIGEST_OVERRIDES = ['username', 'avatar_url', 'allowed_mentions'] as const;
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

  /**
   * A digest of several: one embed titled "N new notifications", the notifications as a list in its
   * description (each linked to its `url`), as many as Discord's 4,096 characters hold, then "…and N
   * more"; linked to their `url` and footed with their `category` when they all share one. Context
   * keys `username`, `avatar_url` and `allowed_mentions` apply. A digest of one is the notification's own message.
   */
  override buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    if (notifications.length === 1) return this.buildPayloadFor(notifications[0], provider);
    const { overrides } = splitContext(this.context, DIGEST_OVERRIDES);
    const { listed } = listedItems(notifications);
    const lines = listed.map((notification) => {
      const title = escapeDiscordMarkdown(digestItemTitle(notification));
      const link = digestLink(notification.url, this.context.baseUrl);
      return link ? `• [${title}](${markdownUrl(link)})` : `• ${title}`;
    });
    const description = fitLines({ lines, total: notifications.length, budget: DISCORD_LIMITS.description, separator: '\n' }).join('\n');
    const link = digestLink(sharedField(notifications, 'url'), this.context.baseUrl);
    const category = sharedField(notifications, 'category');
    const { createdAt } = notifications[notifications.length - 1];
    const embed = {
      title: digestHeading(notifications.length),
      description,
      ...(link ? { url: link } : {}),
      color: EMBED_COLOR,
      ...(category ? { footer: { text: clip(category, DISCORD_LIMITS.footer) } } : {}),
      ...(createdAt ? { timestamp: new Date(createdAt).toISOString() } : {}),
    };
    return { embeds: [embed], ...overrides };
  }
}
