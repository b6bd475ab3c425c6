import { BaseNotificationChannel } from './base-channel';
import { oneOrList, splitContext } from './notification-fields';
import { absoluteHttpLink, clip } from './link';
import { SMS_BODY_MAX } from '../config/twilio-sms-options';

const OVERRIDES = ['to', 'body', 'from'] as const;

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
}
