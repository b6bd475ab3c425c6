/** The admin API's response shapes (server/src/controllers/admin), as the pages read them. */

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead' | 'cancelled' | 'skipped' | 'merged';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'dead', 'cancelled', 'skipped', 'merged'];

/** A recipient's preferences as they act (the detail page shows them read-only). */
export interface RecipientPreferences {
  categories: Record<string, Record<string, boolean>>;
  quietHours?: { start: string; end: string; timeZone: string };
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface AdminNotification {
  id: number;
  documentId: string;
  recipient: number | null;
  recipientUser: { id: number; username: string | null; email: string | null } | null;
  source: number | null;
  sourceDisplayName: string | null;
  category: string | null;
  action: string | null;
  obj: { uid: string; documentId: string } | null;
  shortDescription: string | null;
  url: string | null;
  extraData: Record<string, unknown> | null;
  channels: string[];
  isRead: boolean;
  readAt: string | null;
  /** When the recipient first saw it (seen-all, or reading it). */
  seenAt: string | null;
  /** When the recipient archived it (hidden from their inbox and counts, still here). */
  archivedAt: string | null;
  createdAt: string | null;
  /** The detail page's names: the content type's display name and the channels' (same order as `channels`). */
  objDisplayName?: string | null;
  channelDisplayNames?: string[];
}

export interface AdminDelivery {
  id: number;
  notificationId: number | null;
  channel: string;
  provider: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  runAt: string | null;
  sentAt: string | null;
  /** The far side's id for the message, when the provider gave one. */
  externalId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  payload: unknown;
  channelDisplayName?: string;
  /** Digests: the key, on the digest delivery and on the deliveries merged into it. */
  digestKey: string | null;
  /** A merged delivery: the digest delivery it was folded into. */
  mergedInto: number | null;
  /** A digest delivery: how many deliveries were merged into it. */
  mergedCount?: number;
}

export interface DeliveryStats {
  backend: string;
  counts: Record<DeliveryStatus, number> | null;
}

export interface SeriesPoint {
  at: string;
  sent: number;
  failed: number;
}

/** A channel as the admin names it; `configured`: every provider it sends through has its options. */
export interface ChannelChoice {
  name: string;
  displayName: string;
  configured?: boolean;
}

/** One declared option of a provider: never a secret's value; a URL's origin only. */
export interface ProviderOptionState {
  name: string;
  label: string;
  secret: boolean;
  required: boolean;
  description?: string;
  /** The shape it belongs to, when the options come in alternatives (Pusher: keys, or a URL). */
  alternative?: string;
  set: boolean;
  value?: string | number | boolean;
}

export interface ProviderInfo {
  name: string;
  configured: boolean;
  problem?: string;
  fields: ProviderOptionState[];
}

export interface ChannelsInfo {
  channels: (ChannelChoice & { providers: string[]; configured: boolean })[];
  providers: ProviderInfo[];
}

export interface VerifyResult {
  provider: string;
  ok: boolean;
  message: string;
}

export type TriggerEvent = 'create' | 'update' | 'publish' | 'unpublish' | 'delete';
export const TRIGGER_EVENTS: TriggerEvent[] = ['create', 'update', 'publish', 'unpublish', 'delete'];

export type RecipientRule = { type: 'field'; field: string } | { type: 'role'; role: string } | { type: 'users'; ids: number[] };

export interface TriggerDefinition {
  name: string;
  uid: string;
  events: TriggerEvent[];
  channels: string[];
  recipientRule: RecipientRule;
  shortDescription?: string | null;
  url?: string | null;
  category?: string | null;
  action?: string | null;
  condition?: TriggerCondition | null;
  enabled?: boolean;
}

export type ConditionOperator = 'eq' | 'ne' | 'in' | 'exists';

/** A data trigger fires only when the entry's `field` compares to `value` this way (no condition: always). */
export interface TriggerCondition {
  field: string;
  operator: ConditionOperator;
  value?: unknown;
}

export interface TriggerSummary {
  id: number | string;
  source: 'code' | 'data';
  name: string;
  uid: string;
  contentTypeName?: string | null;
  channelDisplayNames?: string[];
  events: TriggerEvent[];
  channels: string[];
  enabled: boolean;
  failureCount: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface DataTrigger extends TriggerDefinition {
  id: number;
  documentId: string;
  enabled: boolean;
}

export interface WatchableContentType {
  uid: string;
  displayName: string;
  draftAndPublish: boolean;
  fields: string[];
  userFields: string[];
}

export interface TriggerPreview {
  fires: boolean;
  recipients: number[];
  input: { shortDescription?: string; url?: string; category?: string; action?: string; channels?: string[] } | null;
}

export interface ComposeJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error: string | null;
}

export interface UserChoice {
  id: number;
  username: string;
  email: string;
}

export interface RoleChoice {
  id: number;
  name: string;
  type: string;
  users: number;
}
