import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { ChannelContext, ProviderClass, ProviderInit, VerifyResult } from '../types';
import { InvalidPayloadError } from '../errors';
import { toFormattedIssues } from '../utils/zod-issues';

/**
 * A provider sends payloads somewhere (a terminal, an SMTP server, Slack…). One instance per
 * provider name lives as long as the app, so it may keep pools and clients; side effects belong in
 * `send`, `sendBulk` and `close` only.
 *
 * ```ts
 * class SmsProvider extends BaseNotificationProvider<{ to: string; text: string }, { apiKey: string }> {
 *   static providerName = 'sms';
 *   static optionsSchema = z.object({ apiKey: z.string() });
 *   schema = z.object({ to: z.string(), text: z.string() });
 *   async send(payload) { await client(this.options.apiKey).send(payload); }
 * }
 * ```
 */
export abstract class BaseNotificationProvider<TPayload = unknown, TOptions = unknown> {
  // Subclasses declare `static providerName = 'sms'` (the name channels list in `providers`). It is
  // deliberately not declared here, so that subclasses need no `override` under noImplicitOverride.

  /**
   * Checks `providers.<name>` from the plugin config. When set, a channel that uses this provider
   * without (valid) options fails with `ProviderConfigError` naming the option.
   */
  static optionsSchema?: z.ZodType;

  /** The shape of one payload, checked when `notify` builds it: a bad one is stored nowhere. */
  abstract schema: z.ZodType<TPayload>;

  protected readonly options: TOptions;
  protected readonly strapi: Core.Strapi;

  constructor(init: ProviderInit<TOptions>) {
    this.options = init.options;
    this.strapi = init.strapi;
  }

  /** This provider's registered name. */
  get providerName(): string {
    return (this.constructor as ProviderClass).providerName;
  }

  /** Sends one payload. Throw `DeliveryError` to say whether a retry may help. */
  abstract send(payload: TPayload, context: ChannelContext): Promise<void>;

  /** Sends many payloads; the default sends them one by one. Override to batch. */
  async sendBulk(payloads: TPayload[], context: ChannelContext): Promise<void> {
    for (const payload of payloads) {
      await this.send(payload, context);
    }
  }

  /** For the admin's test button: can this provider reach its far side? Never throws. */
  async verify(): Promise<VerifyResult> {
    return { ok: true, message: `${this.providerName} needs no connection to verify` };
  }

  /** Releases pools and clients at shutdown. */
  async close(): Promise<void> {}

  /** Parses one payload with `schema`, or throws `InvalidPayloadError` naming the fields. */
  validate(payload: unknown, channel?: string): TPayload {
    const result = this.schema.safeParse(payload);
    if (result.success) return result.data;
    const errors = toFormattedIssues(result.error.issues);
    const where = channel ? `channel "${channel}" built a payload for provider "${this.providerName}"` : `payload for provider "${this.providerName}"`;
    const fields = errors.map(({ path, message }) => `"${path.join('.') || '(payload)'}" ${message}`).join('; ');
    throw new InvalidPayloadError(`Invalid payload: ${where} that does not fit: ${fields}`, {
      provider: this.providerName,
      channel,
      errors,
    });
  }
}
