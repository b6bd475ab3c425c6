import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { absoluteHttpLink, clip } from './link';
import { SMS_BODY_MAX } from '../config/twilio-sms-options';
import { digestHeading, digestItemText, digestLink, fitLines, listedItems, sharedField } from './digest-items';
import type { AnyNotification } from '../domain/types';

const OVERRIDES = ['to', 'body', 'from'] as const;

/**
 * A digest is one short text: two concatenated segments of GSM-7 (153 characters each). What the
 * digest adds is ASCII ("...", "; ", "+N more"): "…" or "·" would switch the whole SMS to UCS-2,
 * 70 characters a segment.
 */
const SMS_DIGEST_MAX = 306;
const SMS_DIGEST_ITEM_MAX = 60;
/** A longer link would leave the list no room: left out. */
const SMS_DIGEST_LINK_MAX = 120;
const asciiClip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

/**
 * Built-in: texts the recipient "<sourceDisplayName>: <shortDescription>" and the link to `url`
 * (made absolute from `context.baseUrl`), at the number in their users-permissions attribute that
 * `providers.twilio_sms.phoneAttribute` names (looked up by notify as `context.phone`). Context keys
 * `to`, `body` and `from` replace the built ones. A recipient without a number still gets a
 * delivery, which fails saying so (not retried): the notification's other channels go on.
 */
export class TwilioSmsChannel extends BaseNotificationChannel {
  static channelName = 'twilio_sms';
  /** Asks notify() for the recipient's phone number as `context.phone` when the caller gives none. */
  static usesRecipientPhone = true;
  /** Asks notify() for the app's public URL as `context.baseUrl`: a relative link is useless in an SMS. */
  static usesPublicUrl = true;
  providers = ['twilio_sms'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const { sourceDisplayName, shortDescription, action, url } = this.notification;
    const text = shortDescription || action || 'New notification';
    const lead = sourceDisplayName ? `${sourceDisplayName}: ${text}` : text;
    const found = absoluteHttpLink(url, this.context.baseUrl);
    // The link is kept whole (and left out if it alone would crowd out the text); the text gives way.
    const link = found && found.length <= SMS_BODY_MAX - 80 ? found : undefined;
    const body = link ? `${clip(lead, SMS_BODY_MAX - link.length - 1)}\n${link}` : clip(lead, SMS_BODY_MAX);
    const to = overrides.to ?? this.context.phone;
    return oneOrList({ body, ...overrides, ...(to !== undefined ? { to } : {}) }, this.context);
  }

  /**
   * A digest of several: one SMS of at most 306 characters, "3 new notifications: first; second;
   * third", as many as fit, then "+N more", and the link when they all share one `url`. Context keys
   * `to` and `from` apply, `body` does not. A digest of one is the notification's own SMS.
   */
  override buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    if (notifications.length === 1) return this.buildPayloadFor(notifications[0], provider);
    const { overrides } = splitContext(this.context, ['to', 'from'] as const);
    const found = digestLink(sharedField(notifications, 'url'), this.context.baseUrl);
    const link = found && found.length <= SMS_DIGEST_LINK_MAX ? found : undefined;
    const lead = `${digestHeading(notifications.length)}: `;
    const { listed } = listedItems(notifications);
    const items = fitLines({
      lines: listed.map((notification) => asciiClip(digestItemText(notification), SMS_DIGEST_ITEM_MAX)),
      total: notifications.length,
      budget: SMS_DIGEST_MAX - lead.length - (link ? link.length + 1 : 0),
      separator: '; ',
      more: (more) => `+${more} more`,
    });
    const body = `${lead}${items.join('; ')}${link ? `\n${link}` : ''}`;
    const to = overrides.to ?? this.context.phone;
    return { body, ...overrides, ...(to !== undefined ? { to } : {}) };
  }
}
