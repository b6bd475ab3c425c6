import { BaseNotificationChannel } from './base-channel';
import { InvalidPayloadError } from '../domain/errors';
import { oneOrList, splitContext } from './notification-fields';
import { emailHref } from './email-links';

const OVERRIDES = ['to', 'cc', 'bcc', 'from', 'replyTo', 'subject', 'text', 'html', 'attachments', 'headers'] as const;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

/**
 * Built-in: emails the notification to its recipient's users-permissions address (looked up by
 * `notify` before payloads are built, as `context.email`), subject from `shortDescription`, text and
 * HTML with a link to `url`. `extraData: { context: { to } }` sends elsewhere. Context keys `to`, `cc`,
 * `bcc`, `from`, `replyTo`, `subject`, `text`, `html`, `attachments` and `headers` replace the built ones.
 * A relative `url` is made absolute from `context.baseUrl` (default: config `publicUrl`, else Strapi's
 * server URL); a `javascript:`, `data:` or `vbscript:` url is shown as text, never as a link.
 */
export class EmailChannel extends BaseNotificationChannel {
  static channelName = 'email';
  /** Asks notify() for the recipient's email as `context.email` when the caller gives no address. */
  static usesRecipientEmail = true;
  /** Asks notify() for the app's public URL as `context.baseUrl` when the caller gives none. */
  static usesPublicUrl = true;
  providers = ['email'];

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const to = overrides.to ?? this.context.email;
    if (to === undefined || to === null || to === '') {
      throw new InvalidPayloadError(
        `Channel "email" has no address for recipient ${this.notification.recipient ?? '(none)'}: give the user an email, or pass one to notify() as extraData.context.to`,
        { provider: 'email', channel: 'email', errors: [{ path: ['to'], message: 'is required: set extraData.context.to' }] }
      );
    }
    const { shortDescription, action, url } = this.notification;
    const subject = shortDescription ?? action ?? 'New notification';
    const baseUrl = typeof this.context.baseUrl === 'string' ? this.context.baseUrl : undefined;
    const href = url ? emailHref(url, baseUrl) : null;
    const text = url ? `${subject}\n\n${href ?? url}` : subject;
    const link = href ? `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>` : escapeHtml(url ?? '');
    const html = `<p>${escapeHtml(subject)}</p>${url ? `<p>${link}</p>` : ''}`;
    return oneOrList({ subject, text, html, ...overrides, to }, this.context);
  }
}
