/**
 * The plugin's data shapes, shared by every layer. This folder imports nothing of ours: channels,
 * providers, repositories, backends and services all stand on it.
 */

import type { FallbackCondition } from './fallback';

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
  /** When the recipient first saw it (in a list, a badge opened): `seen-all`, and reading, set it. */
  seenAt: string | null;
  /** When the recipient archived it: hidden from the default list and from the counts until unarchived. */
  archivedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A silent notification: delivered, never stored, so without `id` and `documentId`. */
export type UnsavedNotification = Omit<Notification, 'id' | 'documentId'> & { id?: undefined; documentId?: undefined };

/** What channels are built with: a stored notification, or a silent one. */
export type AnyNotification = Notification | UnsavedNotification;

/** What a channel is given besides the notification: `extraData.context`, or the constructor's `context`. */
export interface ChannelContext {
  /** When true, `buildPayload` returns a list of payloads, sent in `sendBulk` calls. */
  bulk?: boolean;
  /**
   * Set by the queue when a provider sends: the delivery's id (its documentId), the same on every
   * attempt, so that a receiver can drop a repeat.
   */
  deliveryId?: string;
  [key: string]: unknown;
}

/**
 * One send to do, as planned at notify time: one provider, one target, one payload. A bulk
 * channel's payloads are planned as one delivery each, sharing `group`, so that a retry repeats
 * only the targets that failed.
 */
export interface PlannedDelivery {
  notificationId: number | null;
  channel: string;
  provider: string;
  payload: unknown;
  /**
   * What the provider's `send` reads of the channel's context (the keys its class lists in `static
   * contextKeys`), kept for retries; the rest of the context only built the payload and is not stored.
   */
  context: ChannelContext;
  bulk: boolean;
  /** Deliveries planned together in bulk: sent in one `sendBulk` call when claimed together. */
  group: string | null;
  /** Where the send goes (provider and host, as the provider says): sends to one destination are bounded. */
  destination: string;
  /** Fallback channels: seconds after the submission's due time (now + countdown) before this one is due. */
  delay?: number;
  /** Fallback channels: skipped at send time if the notification was read (or seen) by then. */
  unless?: FallbackCondition;
  /**
   * Whose preferences govern the delivery, as the planner read it from the notification (absent: a
   * notification without a recipient). Not stored: only the outbox's preference check reads it.
   */
  audience?: DeliveryAudience;
  /** Set when the recipient's preferences switch this delivery off: it is recorded `skipped` with this reason, never sent. */
  skipReason?: string;
  /** Digest: recorded `merged` into its recipient's open digest delivery instead of being queued. */
  digest?: DigestPlan;
  /** Quiet hours: not due before this time (when it is later than the delivery's own due time). */
  notBefore?: Date;
}

/**
 * A delivery planned into a digest: instead of being queued, it is recorded `merged` into the open
 * digest delivery of its recipient, key, channel and provider (one is opened, due at the window's
 * end, when none is open). `context` is the channel's whole context, kept on the digest delivery
 * until it is sent: the digest payload is built then, by the same channel.
 */
export interface DigestPlan {
  key: string;
  /** Seconds. */
  window: number;
  context: ChannelContext;
}

/** The recipient and category of the notification a delivery belongs to. */
export interface DeliveryAudience {
  recipient: number;
  category: string | null;
}

/** A delivery as a provider is handed it: the plan, its id and the attempt it is on. */
export interface OutgoingDelivery extends PlannedDelivery {
  /** The delivery's documentId (or an id made for the sync backend's one attempt). */
  deliveryId: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** A digest delivery: its row id and key; its payload is built from its members just before it is sent. */
  digestOf?: { id: number; key: string };
}

/** Statuses of a delivery: `skipped` was not sent on purpose (a veto), the reason in `lastError`. */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead' | 'cancelled' | 'skipped' | 'merged';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'dead', 'cancelled', 'skipped', 'merged'];

/** What the third argument of `send` and `sendBulk` carries. */
export interface SendOptions {
  /**
   * Aborted when the send's deadline (`queue.sendTimeoutMs`) passes or the app stops: a provider
   * hands it to its HTTP client so that a receiver that never answers frees the slot.
   */
  signal: AbortSignal;
}

/** One payload's result from `sendBulk`: sent, or the error that stopped it. */
export type BulkOutcome = ({ ok: true } & SendResult) | { ok: false; error: unknown };

/** What a send may answer: the far side's id for the message, when it gives one (stored on the delivery as `externalId`). */
export interface SendResult {
  externalId?: string;
}

/** What `verify()` answers for the admin's test button. */
export interface VerifyResult {
  ok: boolean;
  message: string;
}

/** Payload of the `notifs.*` events. */
export interface DeliveryEvent {
  /** The delivery (for bulk events, the first of the call; all of them are in `deliveries`). */
  delivery: OutgoingDelivery;
  /** Bulk events: every delivery of the `sendBulk` call. */
  deliveries?: OutgoingDelivery[];
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

/** Something that publishes to the recipients' open streams (handed to the `sse` provider). */
export interface RealtimePublisher {
  publish(message: { recipient: number; event: string; data?: unknown }): Promise<void>;
}
