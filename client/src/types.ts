/**
 * The shapes the plugin's REST API and stream answer with. Written out here, not imported from the
 * server, so the client has no dependency on Strapi or on the plugin's server code.
 */

/** A notification as `GET /api/notifs/notifications` shows it. */
export interface Notification {
  id: number;
  documentId: string;
  /**
   * users-permissions user id of the recipient (the caller). The REST API leaves both user relations out
   * unless the caller's role may find users (Strapi's output sanitizer); the stream's events carry them.
   */
  recipient?: number | null;
  /** users-permissions user id of whoever caused it (same rule as `recipient`). */
  source?: number | null;
  sourceDisplayName: string | null;
  category: string | null;
  action: string | null;
  obj: { uid?: string; documentId?: string; id?: number } | null;
  shortDescription: string | null;
  url: string | null;
  silent: boolean;
  extraData: Record<string, unknown> | null;
  channels: unknown[];
  isRead: boolean;
  readAt: string | null;
  /** When the caller first saw it: set by `seenAll()`, and by reading it. */
  seenAt: string | null;
  /** When the caller archived it; archived ones are out of the default list and the counts. */
  archivedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A notification id: the numeric `id` (or its `documentId` where the server accepts one). */
export type NotificationId = number | string;

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** Arguments of `list()`: newest first; `pageSize` 100 at most. */
export interface ListOptions {
  page?: number;
  pageSize?: number;
  isRead?: boolean;
  category?: string;
  /** `false` unless given: archived notifications are listed only when asked for (`archived: true`). */
  archived?: boolean;
  seen?: boolean;
}

/** The caller's counts: unread, and unseen (new since the last `seenAll()`); archived ones are not counted. */
export interface Counts {
  count: number;
  unseen: number;
}

export interface ListResult {
  data: Notification[];
  pagination: Pagination;
}

/** Why the server asks the client to fetch its list again rather than replaying what it missed. */
export type ResyncReason = 'too-many' | 'too-old';

/** What `subscribe(onEvent)` reports. */
export type NotifsEvent =
  /** A notification delivered through the `in_app` channel (live, or replayed after a reconnect). */
  | { type: 'notification'; notification: Notification }
  /** The caller's unread and unseen counts: when the stream opens and whenever one changes. */
  | ({ type: 'unread-count' } & Counts)
  /** All of the caller's notifications were marked seen (`count` of them, at `seenAt`), from any tab or device. */
  | { type: 'seen'; count: number; seenAt: string }
  /** One notification was archived. */
  | { type: 'archived'; id: number; documentId: string; archivedAt: string }
  /** All of the caller's read notifications were archived (`count` of them). */
  | { type: 'archived'; all: 'read'; count: number; archivedAt: string }
  /** An archived notification is back. */
  | { type: 'unarchived'; id: number; documentId: string }
  /** All of the caller's notifications were deleted. */
  | { type: 'removed-all'; count: number }
  /** The client was away too long (or missed too much) to be replayed: fetch the list again. */
  | { type: 'resync'; reason: ResyncReason; message: string }
  /** The stream is open (first time, or again after a reconnect). */
  | { type: 'connected' }
  /** The stream failed or ended; the client tries again in `retryInMs`. */
  | { type: 'disconnected'; error: Error; retryInMs: number };

/** A bearer token (users-permissions JWT), or nothing when the user is logged out. */
export type Token = string | null | undefined;

export interface NotifsClientOptions {
  /** The Strapi origin, such as `https://cms.example.com` (without `/api`). */
  url: string;
  /** The users-permissions JWT. */
  token?: Token;
  /** Called before each request instead of `token`: for tokens that are refreshed. */
  getToken?: () => Token | Promise<Token>;
  /** The `fetch` to use (defaults to the global one): for server-side rendering or instrumentation. */
  fetch?: typeof fetch;
  /** Reconnection backoff of `subscribe`: doubles from `minMs` up to `maxMs` (defaults 1 s and 30 s). */
  reconnect?: { minMs?: number; maxMs?: number };
}
