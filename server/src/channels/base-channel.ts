import type { AnyNotification, ChannelContext, PlannedDelivery } from '../domain/types';
import type { PushKind } from '../domain/push-subscriptions';
import { InvalidChannelError, NotificationError } from '../domain/errors';
import { digestSummary } from './digest-summary';

/** Options of `channel.notify()`. */
export interface ChannelNotifyOptions {
  /** Seconds to wait before delivering. */
  countdown?: number;
}

/** A channel class, as the `channels` registry takes it. */
export interface ChannelClass {
  new (notification: AnyNotification, options?: { context?: ChannelContext }): BaseNotificationChannel;
  readonly channelName: string;
  /**
   * `static usesRecipientEmail = true`: notify() looks up the recipient's users-permissions email and
   * hands it to this channel only, as `context.email` (unless the caller's context has `to` or `email`).
   */
  readonly usesRecipientEmail?: boolean;
  /**
   * `static usesRecipientPhone = true`: notify() looks up the recipient's phone number (the
   * users-permissions attribute that `providers.twilio_sms.phoneAttribute` names) and hands it to this
   * channel only, as `context.phone` (unless the caller's context has `to` or `phone`).
   */
  readonly usesRecipientPhone?: boolean;
  /** `static usesPublicUrl = true`: this channel gets the app's public URL as `context.baseUrl` (unless given). */
  readonly usesPublicUrl?: boolean;
  /**
   * `static usesPushSubscriptions = 'web_push'` (or `'fcm'`): notify() looks up the recipient's
   * subscriptions of that kind and hands them to this channel only, as `context.pushSubscriptions`
   * (`{ id, service }[]`, empty when there are none), replacing any the caller gave.
   */
  readonly usesPushSubscriptions?: PushKind;
  /**
   * `static inApp = true`: the channel shows the notification inside the app (the inbox's stream,
   * Pusher). A digest never holds it back and quiet hours never defer it.
   */
  readonly inApp?: boolean;
  readonly prototype: BaseNotificationChannel;
}

/** Whether a channel class declared `static usesRecipientEmail = true`. */
export const wantsRecipientEmail = (ChannelClass: ChannelClass): boolean => ChannelClass.usesRecipientEmail === true;

/** Whether a channel class declared `static usesRecipientPhone = true`. */
export const wantsRecipientPhone = (ChannelClass: ChannelClass): boolean => ChannelClass.usesRecipientPhone === true;

/** Whether a channel class declared `static usesPublicUrl = true`. */
export const wantsPublicUrl = (ChannelClass: ChannelClass): boolean => ChannelClass.usesPublicUrl === true;

/** The kind of push subscriptions a channel class asked for, if any. */
export const wantsPushSubscriptions = (ChannelClass: ChannelClass): PushKind | undefined => ChannelClass.usesPushSubscriptions;

/** Whether a channel class declared `static inApp = true`. */
export const isInApp = (ChannelClass: ChannelClass): boolean => ChannelClass.inApp === true;

/** What `channel.notify()` hands its channel to: the plugin's outbox, set when the plugin starts. */
export type ChannelSender = (channel: BaseNotificationChannel, options: ChannelNotifyOptions) => Promise<PlannedDelivery[]>;

let sender: ChannelSender | undefined;

/** Called by the plugin's composition root at bootstrap (and with undefined at destroy). */
export const setChannelSender = (next: ChannelSender | undefined): void => {
  sender = next;
};

/**
 * A channel turns one notification into one payload per provider it names.
 *
 * ```ts
 * class OrderChannel extends BaseNotificationChannel {
 *   static channelName = 'orders';
 *   providers = ['email', 'slack'];
 *   buildPayload(provider: string) { return provider === 'email' ? {...} : {...}; }
 * }
 * ```
 * The context holds the caller's `extraData.context` and nothing more, unless the class asks:
 * `static usesRecipientEmail = true` adds the recipient's email (`context.email`), `static
 * usesRecipientPhone = true` their phone number (`context.phone`), `static usesPublicUrl = true`
 * the app's public URL (`context.baseUrl`).
 * Register it by exporting it from `src/notifs/channels/*.ts`, listing it in config `channels`,
 * or calling `strapi.plugin('notifs').service('channels').register(OrderChannel)`.
 */
export abstract class BaseNotificationChannel<TContext extends ChannelContext = ChannelContext> {
  // Subclasses declare `static channelName = 'order_updates'` (the name `notify({ channels })` uses).
  // It is deliberately not declared here, so that subclasses need no `override` under noImplicitOverride.

  /** Provider names this channel sends through, in order. */
  abstract providers: string[];

  /** The notification; a silent one has no `id`. */
  readonly notification: AnyNotification;
  readonly context: TContext;

  constructor(notification: AnyNotification, options: { context?: TContext } = {}) {
    this.notification = notification;
    this.context = (options.context ?? {}) as TContext;
  }

  /** The payload for `provider`; a list of payloads when `context.bulk` is true. */
  abstract buildPayload(provider: string): unknown;

  /**
   * The payload of a digest for `provider`: one message for the `notifications` folded into it
   * (oldest first; this channel was built with the newest). The default builds this channel's own
   * payload for a summary notification, "N notifications", with the list in its description.
   */
  buildDigestPayload(provider: string, notifications: AnyNotification[]): unknown {
    return this.buildPayloadFor(digestSummary(notifications), provider);
  }

  /** `buildPayload(provider)` of this channel class, with this context, for another notification. */
  protected buildPayloadFor(notification: AnyNotification, provider: string): unknown {
    const Channel = this.constructor as new (
      notification: AnyNotification,
      options?: { context?: TContext }
    ) => BaseNotificationChannel<TContext>;
    return new Channel(notification, { context: this.context }).buildPayload(provider);
  }

  /** The context handed to `provider` (and stored with its delivery). Override to vary it per provider. */
  getContext(provider: string): TContext {
    void provider;
    return this.context;
  }

  /** This channel's registered name. */
  get channelName(): string {
    return (this.constructor as ChannelClass).channelName;
  }

  /**
   * Builds every provider's payload and hands them to the configured backend, through the same
   * outbox as `notify()`. `notify({ countdown: 60 })` delivers no earlier than a minute from now.
   */
  async notify(options: ChannelNotifyOptions = {}): Promise<PlannedDelivery[]> {
    if (!this.channelName) {
      throw new InvalidChannelError(`${this.constructor.name} has no static channelName`);
    }
    if (!sender) {
      throw new NotificationError('Strapi is not running: channels can only notify inside a started Strapi app');
    }
    return sender(this, options);
  }
}
