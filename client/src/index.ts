import { createTransport } from './http';
import { subscribe } from './subscribe';
import type { Counts, ListOptions, ListResult, Notification, NotificationId, NotifsClientOptions, NotifsEvent } from './types';

export { NotifsError } from './errors';
export type * from './types';

/** The notifications of the logged-in user, over the plugin's REST API and stream. */
export interface NotifsClient {
  /** The caller's notifications, newest first. */
  list(options?: ListOptions): Promise<ListResult>;
  /** Unread and unseen, archived ones not counted: `{ count: 3, unseen: 1 }`. */
  unreadCount(): Promise<Counts>;
  /** Marks one read; resolves with it. */
  read(id: NotificationId): Promise<Notification>;
  /** Marks one unread; resolves with it. */
  unread(id: NotificationId): Promise<Notification>;
  /** Marks all read; resolves with how many changed. */
  readAll(): Promise<{ count: number }>;
  /** Deletes one; resolves with it. */
  remove(id: NotificationId): Promise<Notification>;
  /** Marks all seen (the badge of new ones was opened); resolves with how many changed. */
  seenAll(): Promise<{ count: number }>;
  /** Archives one (out of the default list and the counts); resolves with it. */
  archive(id: NotificationId): Promise<Notification>;
  /** Brings an archived one back; resolves with it. */
  unarchive(id: NotificationId): Promise<Notification>;
  /** Archives all read ones; resolves with how many changed. */
  archiveAll(): Promise<{ count: number }>;
  /** Deletes all of the caller's notifications; resolves with how many. */
  removeAll(): Promise<{ count: number }>;
  /** Real-time events until the returned function is called; reconnects by itself. */
  subscribe(onEvent: (event: NotifsEvent) => void): () => void;
}

const path = (id: NotificationId, action = '') => `/api/notifs/notifications/${encodeURIComponent(String(id))}${action}`;

/** Creates a client for the Strapi at `url`, authenticated as the user of `token` (or `getToken()`). */
export const createNotifsClient = (options: NotifsClientOptions): NotifsClient => {
  const http = createTransport(options);
  const one = async (method: string, to: string) => (await http.json<{ data: Notification }>(method, to)).data;
  const many = async (method: string, to: string) => (await http.json<{ data: { count: number } }>(method, `/api/notifs/notifications${to}`)).data;

  return {
    async list({ page, pageSize, isRead, category, archived, seen }: ListOptions = {}) {
      const query = new URLSearchParams();
      if (page !== undefined) query.set('pagination[page]', String(page));
      if (pageSize !== undefined) query.set('pagination[pageSize]', String(pageSize));
      if (isRead !== undefined) query.set('filters[isRead]', String(isRead));
      if (category !== undefined) query.set('filters[category]', category);
      if (archived !== undefined) query.set('filters[archived]', String(archived));
      if (seen !== undefined) query.set('filters[seen]', String(seen));
      const text = query.toString();
      const answer = await http.json<{ data: Notification[]; meta: { pagination: ListResult['pagination'] } }>(
        'GET',
        `/api/notifs/notifications${text ? `?${text}` : ''}`
      );
      return { data: answer.data, pagination: answer.meta.pagination };
    },
    async unreadCount() {
      const { count, unseen } = (await http.json<{ data: Counts }>('GET', '/api/notifs/notifications/unread-count')).data;
      return { count, unseen };
    },
    read: (id) => one('POST', path(id, '/read')),
    unread: (id) => one('POST', path(id, '/unread')),
    readAll: () => many('POST', '/read-all'),
    remove: (id) => one('DELETE', path(id)),
    seenAll: () => many('POST', '/seen-all'),
    archive: (id) => one('POST', path(id, '/archive')),
    unarchive: (id) => one('POST', path(id, '/unarchive')),
    archiveAll: () => many('POST', '/archive-all'),
    removeAll: () => many('DELETE', ''),
    subscribe: (onEvent) => subscribe(http, options, onEvent),
  };
};
