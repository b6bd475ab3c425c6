/**
 * Public types of strapi-plugin-notifs. Runtime schemas live beside the code that checks them
 * (config/schema.ts, services/notify/input-schema.ts); these are the shapes users program against.
 */
import type { Core } from '@strapi/strapi';
import type { BaseNotificationChannel } from './channels/base-channel';
import type { BaseNotificationProvider } from './providers/base-provider';

export type { PluginConfig, PluginConfigInput, QueueConfig } from './config/schema';
export type { NotifyInput } from './services/notify/input-schema';

/** A JSON value: what crosses the queue between `notify` and a provider. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The entry a notification is about: any content type's uid and the entry's documentId. */
export interface NotificationObjectRef {
  uid: string;
  documentId: string;
}

/** A stored notification, as `notify` returns it and the read service lists it. */
export interface Notification {
  id: number;
  documentId: string;
  /** users-permissions user id. */
  recipient: number | null;
  /** users-permissions user id of whoever caused it. */
  source: number | null;
  sourceDisplayName: string | null;
  category: string | null;
  action: string | null;
  obj: NotificationObjectRef | null;
  shortDescription: string | null;
  url: string | null;
  silent: boolean;
  /** `extraData` as given, less its `context` key (context reaches channels, and is not stored). */
  extraData: Record<string, unknown> | null;
  channels: string[];
  isRead: boolean;
  readAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A silent notification: delivered, never stored, so without `id` and `documentId`. */
export type UnsavedNotification = Omit<Notification, 'id' | 'documentId'> & { id?: undefined; documentId?: undefined };

/** What channels are built with: a stored notification, or a silent one. */
export type AnyNotification = Notification | UnsavedNotification;

/** What a channel is given besides the notification: `extraData.context`, or the constructor's `context`. */
export interface ChannelContext {
  /** When true, `buildPayload` returns a list of payloads, sent in one `sendBulk` call. */
  bulk?: boolean;
  [key: string]: unknown;
}

/** A channel class, as the `channels` registry takes it. */
export interface ChannelClass {
  new (notification: AnyNotification, options?: { context?: ChannelContext }): BaseNotificationChannel;
  readonly channelName: string;
  readonly prototype: BaseNotificationChannel;
}

/** The arguments a provider is constructed with. */
export interface ProviderInit<TOptions> {
  /** `providers.<name>` from the plugin config, already checked against `optionsSchema`. */
  options: TOptions;
  strapi: Core.Strapi;
}

/** A provider class, as the `providers` registry takes it. */
export interface ProviderClass {
  // `never`: any provider's own options type is accepted (constructor parameters are contravariant).
  new (init: ProviderInit<never>): BaseNotificationProvider;
  readonly providerName: string;
  readonly prototype: BaseNotificationProvider;
}

/** One send to do: a provider, the payload its channel built, and that channel's context. */
export interface PlannedDelivery {
  notificationId: number | null;
  channel: string;
  provider: string;
  /** One payload, or the list of payloads of a bulk delivery. */
  payload: unknown;
  context: ChannelContext;
  bulk: boolean;
}

/** What `verify()` answers for the admin's test button. */
export interface VerifyResult {
  ok: boolean;
  message: string;
}

/** Payload of the `notifs.*` events on `strapi.eventHub`. */
export interface DeliveryEvent {
  delivery: PlannedDelivery;
  /** Set on `notifs.failed`. */
  error?: Error;
}

/** Names of the events emitted on `strapi.eventHub`. */
export const NOTIFS_EVENTS = {
  preSend: 'notifs.pre_send',
  postSend: 'notifs.post_send',
  preBulkSend: 'notifs.pre_bulk_send',
  postBulkSend: 'notifs.post_bulk_send',
  failed: 'notifs.failed',
} as const;
