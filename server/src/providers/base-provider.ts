import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { BulkOutcome, ChannelContext, RealtimePublisher, SendOptions, SendResult, VerifyResult } from '../domain/types';
import type { ProviderOptionField } from '../config/declare-options';
import type { PushSubscriptionStore } from '../domain/push-subscriptions';
import { InvalidPayloadError } from '../domain/errors';
import { toFormattedIssues } from '../domain/zod-issues';

/** The arguments a provider is constructed with. */
export interface ProviderInit<TOptions> {
  /** `providers.<name>` from the plugin config, already checked against `optionsSchema`. */
  options: TOptions;
  strapi: Core.Strapi;
  /** The recipients' open streams (what the `sse` provider sends to). */
  realtime?: RealtimePublisher;
  /** The users' push subscriptions (what the `web_push` and `fcm` providers send to and prune). */
  pushSubscriptions?: PushSubscriptionStore;
}

/** A provider class, as the `providers` registry takes it. */
export interface ProviderClass {
  // `never`: any provider's own options type is accepted (constructor parameters are contravariant).
  new (init: ProviderInit<never>): BaseNotificationProvider;
  readonly providerName: string;
  /** The context keys `send` reads: see `BaseNotificationProvider.contextKeys`. */
  readonly contextKeys?: readonly string[];
  readonly prototype: BaseNotificationProvider;
}

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

  /**
   * The options, one entry each (name, label, secret or not, required), for the admin's Channels
   * page: made by `declareOptions` together with `optionsSchema`, so they are declared once.
   */
  static optionFields?: readonly ProviderOptionField[];

  /**
   * The keys of the channel's context that `send` reads (default none). A delivery keeps only these
   * with its payload, so that a retry sends alike; the rest of the context served to build the
   * payload and is not stored. `context.deliveryId` is always given, never stored.
   */
  static contextKeys?: readonly string[];

  /** The shape of one payload, checked when `notify` builds it: a bad one is stored nowhere. */
  abstract schema: z.ZodType<TPayload>;

  protected readonly options: TOptions;
  protected readonly strapi: Core.Strapi;
  protected readonly realtime?: RealtimePublisher;
  protected readonly pushSubscriptions?: PushSubscriptionStore;

  constructor(init: ProviderInit<TOptions>) {
    this.options = init.options;
    this.strapi = init.strapi;
    this.realtime = init.realtime;
    this.pushSubscriptions = init.pushSubscriptions;
  }

  /** This provider's registered name. */
  get providerName(): string {
    return (this.constructor as ProviderClass).providerName;
  }

  /**
   * Sends one payload. Throw `DeliveryError` to say whether a retry may help. `context.deliveryId`
   * names the delivery (the same on every attempt); the context holds besides only the keys listed
   * in `static contextKeys`. Hand `options.signal` to your HTTP client so that the queue's deadline
   * can stop a send that hangs. Answer `{ externalId }` when the far side gives the message an id.
   */
  abstract send(payload: TPayload, context: ChannelContext, options: SendOptions): Promise<SendResult | void>;

  /**
   * Sends many payloads (each its own delivery, planned together in bulk). Answer one outcome per
   * payload, in order, so that a retry repeats only those that failed; a throw fails them all.
   * The default sends them one by one.
   */
  async sendBulk(payloads: TPayload[], context: ChannelContext, options: SendOptions): Promise<BulkOutcome[] | void> {
    const outcomes: BulkOutcome[] = [];
    for (const payload of payloads) {
      try {
        const result = await this.send(payload, context, options);
        outcomes.push({ ok: true, ...(result?.externalId ? { externalId: result.externalId } : {}) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  /**
   * The targets of one payload, each to be its own delivery (so a retry repeats only the failed
   * one). The default: the payload is one target. The webhook provider splits a list of URLs.
   */
  targets(payload: TPayload): TPayload[] {
    return [payload];
  }

  /**
   * Where a payload goes, as a short key: sends in flight to one destination are bounded
   * (`queue.destinationConcurrency`) so that a receiver that hangs cannot take every slot.
   * The default: the provider's name.
   */
  destination(payload: TPayload): string {
    void payload;
    return this.providerName;
  }

  /**
   * Optional: the payload with a one-click unsubscribe link for its recipient (`url`, to be POSTed
   * with no login). The outbox calls it for a delivery whose recipient may switch its category off;
   * the `email` provider adds the RFC 8058 `List-Unsubscribe` and `List-Unsubscribe-Post` headers.
   */
  withUnsubscribeLink?(payload: TPayload, url: string): TPayload;

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
