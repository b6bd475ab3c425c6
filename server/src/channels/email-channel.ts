import { BaseNotificationChannel } from './base-channel';
import { InvalidPayloadError } from '../domain/errors';
import { oneOrList, splitContext } from './notification-fields';
import { emailHref } from './email-links';
import { DIGEST_ITEM_MAX_CHARS, digestHeading, digestItemTitle, digestMore, listedItems } from './digest-items';
import { clip } from './link';
import type { AnyNotification } from '../domain/types';

const OVERRIDES = ['to', 'cc', 'bcc', 'from', 'replyTo', 'subject', 'text', 'html', 'attachments', 'headers'] as const;
/** What a caller's context may set on a digest email: where it goes, not what it says. */
const DIGEST_OVERRIDES = ['to', 'cc', 'bcc', 'from', 'replyTo', 'headers'] as const;

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

  /** The address: the caller's `to`, else the recipient's users-permissions email; refused when there is none. */
  private address(overrides: Partial<Record<(typeof OVERRIDES)[number], unknown>>): unknown {
    const to = overrides.to ?? this.context.email;
    if (to === undefined || to === null || to === '') {
      throw new InvalidPayloadError(
        `Channel "email" has no address for recipient ${this.notification.recipient ?? '(none)'}: give the user an email, or pass one to notify() as extraData.context.to`,
        { provider: 'email', channel: 'email', errors: [{ path: ['to'], message: 'is required: set extraData.context.to' }] }
      );
    }
    return to;
  }

  private baseUrl(): string | undefined {
    return typeof this.context.baseUrl === 'string' ? this.context.baseUrl : undefined;
  }

  buildPayload(): unknown {
    const { overrides } = splitContext(this.context, OVERRIDES);
    const to = this.address(overrides);
    const { shortDescription, action, url } = this.notification;
    const subject = shortDescription ?? action ?? 'New notification';
    const href = url ? emailHref(url, this.baseUrl()) : null;
    const text = url ? `${subject}\n\n${href ?? url}` : subject;
    const link = href ? `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>` : escapeHtml(url ?? '');
    const html = `<p>${escapeHtml(subject)}</p>${url ? `<p>${link}</p>` : ''}`;
    return oneOrList({ subject, text, html, ...overrides, to }, this.context);
  }

  /**
   * One email listing the digest's notifications, each linked to its `url` (unsafe urls shown as
   * text). The context's addressing keys (`to`, `cc`, `from`…) and `headers` apply; `subject`,
   * `text` and `html` overrides do not (they would hide the list). A digest of one is the
   * notification's own email.
   */
  override buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    if (notifications.length === 1) return this.buildPayloadFor(notifications[0], provider);
    const { overrides } = splitContext(this.context, DIGEST_OVERRIDES);
    const to = this.address(overrides);
    const baseUrl = this.baseUrl();
    const { listed, more } = listedItems(notifications);
    const items = listed.map((notification) => {
      const href = notification.url ? emailHref(notification.url, baseUrl) : null;
      // An unsafe url is shown as text, clipped like the title: it is there to be read, not opened.
      const shown = notification.url ? (href ?? clip(notification.url, DIGEST_ITEM_MAX_CHARS)) : null;
      return { title: digestItemTitle(notification), href, shown };
    });
    const subject = digestHeading(notifications.length);
    const tail = more > 0 ? [digestMore(more)] : [];
    const text = [subject, '', ...items.map(({ title, shown }) => `- ${title}${shown ? `\n  ${shown}` : ''}`), ...tail].join('\n');
    const htmlItems = items.map(({ title, href, shown }) =>
      href
        ? `<li><a href="${escapeHtml(href)}">${escapeHtml(title)}</a></li>`
        : `<li>${escapeHtml(title)}${shown ? ` (${escapeHtml(shown)})` : ''}</li>`
    );
    const html = `<p>${escapeHtml(subject)}</p><ul>${htmlItems.join('')}</ul>${tail.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}`;
    return { subject, text, html, ...overrides, to };
  }
}
