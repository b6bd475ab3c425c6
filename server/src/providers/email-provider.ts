import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { BaseNotificationProvider } from './base-provider';
import { emailOptions, type EmailOptions } from '../config/provider-options';
import { DeliveryError } from '../domain/errors';
import type { BulkOutcome, SendResult, VerifyResult } from '../domain/types';
import type { ProviderInit } from './base-provider';
import { emailPayloadSchema, type EmailPayload } from './email-payload';
import { toEmailDeliveryError } from './email-errors';

/** Messages handed to the pool at once by `sendBulk`; the pool's connections bound the real concurrency. */
const BULK_CONCURRENCY = 20;

/** The shape of Strapi's email service that this provider uses. */
interface StrapiEmailService {
  send(options: Record<string, unknown>): Promise<unknown>;
}

/** Strings of `transport.auth` (password, OAuth2 secrets): never to be repeated in an error. */
const authSecrets = (transport: Record<string, unknown> | undefined): string[] => {
  const auth = transport?.auth;
  if (typeof auth !== 'object' || auth === null) return [];
  return Object.entries(auth)
    .filter(([key, value]) => key !== 'user' && key !== 'type' && typeof value === 'string')
    .map(([, value]) => value as string);
};

/**
 * Built-in `email` provider: sends through a pooled nodemailer transport made from
 * `providers.email.transport`, or through Strapi's email plugin with `{ useStrapiEmail: true }`.
 */
export class EmailProvider extends BaseNotificationProvider<EmailPayload, EmailOptions> {
  static providerName = 'email';
  static override optionsSchema = emailOptions.schema;
  static override optionFields = emailOptions.fields;

  schema = emailPayloadSchema(this.options.useStrapiEmail === true || this.options.from !== undefined);

  private readonly transporter?: Transporter<SMTPPool.SentMessageInfo>;
  private readonly secrets: string[];

  constructor(init: ProviderInit<EmailOptions>) {
    super(init);
    this.secrets = authSecrets(this.options.transport);
    if (!this.options.useStrapiEmail) {
      // Pooled unless the app says otherwise: a new SMTP connection per message is slow (greeting, TLS, auth).
      this.transporter = nodemailer.createTransport({ pool: true, ...this.options.transport } as SMTPPool.Options);
    }
  }

  /**
   * Sends one message. Answers its Message-ID as `externalId`: the one nodemailer made and the SMTP
   * server received, or the `messageId` Strapi's email provider answers (nodemailer's does; sendmail
   * answers nothing, so there is none).
   */
  async send(payload: EmailPayload): Promise<SendResult> {
    const message = { ...payload, from: payload.from ?? this.options.from };
    try {
      const answer: unknown = this.transporter ? await this.transporter.sendMail(message) : await this.strapiEmail().send(message);
      const messageId = (answer as { messageId?: unknown } | null | undefined)?.messageId;
      return typeof messageId === 'string' && messageId ? { externalId: messageId } : {};
    } catch (error) {
      throw error instanceof DeliveryError ? error : toEmailDeliveryError(error, this.secrets);
    }
  }

  /**
   * RFC 8058 one-click unsubscribe: `List-Unsubscribe: <url>` and `List-Unsubscribe-Post:
   * List-Unsubscribe=One-Click`. A payload that has its own `List-Unsubscribe` header keeps it.
   */
  override withUnsubscribeLink(payload: EmailPayload, url: string): EmailPayload {
    const headers = payload.headers ?? {};
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'list-unsubscribe')) return payload;
    return { ...payload, headers: { ...headers, 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
  }

  /**
   * Sends every message, at most 20 handed over at once (the pool queues them on its connections).
   * Failures are collected: the error counts them and is retryable if any of them is, in which case
   * the queue retries the whole bulk, so some recipients may get a message twice.
   */
  override async sendBulk(payloads: EmailPayload[]): Promise<BulkOutcome[]> {
    const outcomes: BulkOutcome[] = new Array(payloads.length);
    let next = 0;
    const worker = async () => {
      while (next < payloads.length) {
        const index = next++;
        outcomes[index] = await this.send(payloads[index]).then(
          (result): BulkOutcome => ({ ok: true, ...result }),
          (error: unknown): BulkOutcome => ({ ok: false, error })
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, payloads.length) }, worker));
    return outcomes;
  }


  /** SMTP: connects and authenticates (`transporter.verify()`). Strapi's email plugin: checks it is loaded. */
  override async verify(): Promise<VerifyResult> {
    if (!this.transporter) {
      try {
        this.strapiEmail();
        return { ok: true, message: `email goes through Strapi's email plugin (provider "${this.strapiEmailProviderName()}")` };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    }
    try {
      await this.transporter.verify();
      return { ok: true, message: 'the SMTP server accepted the connection and credentials' };
    } catch (error) {
      return { ok: false, message: toEmailDeliveryError(error, this.secrets).message };
    }
  }

  override async close(): Promise<void> {
    this.transporter?.close();
  }

  private strapiEmail(): StrapiEmailService {
    const plugin = this.strapi.plugin('email');
    if (!plugin) {
      throw new DeliveryError(
        'Email failed: providers.email.useStrapiEmail is true but Strapi\'s email plugin is not loaded',
        { provider: this.providerName, retryable: false }
      );
    }
    return plugin.service('email') as unknown as StrapiEmailService;
  }

  private strapiEmailProviderName(): string {
    const provider = this.strapi.config.get('plugin::email.provider');
    return typeof provider === 'string' ? provider : 'unknown';
  }
}
