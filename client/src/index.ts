import { createTransport } from './http';
import { subscribe } from './subscribe';
import type { ListOptions, ListResult, Notification, NotificationId, NotifsClientOptions, NotifsEvent } from './types';

export { NotifsError } from './errors';
export type * from './types';

/** The notifications of the logged-in user, over the plugin's REST API and stream. */
export interface NotifsClient {
  /** The caller's notifications, newest first. */
  list(options?: ListOptions): Promise<ListResult>;
  unreadCount(): Promise<number>;
  /** Marks one read; resolves with it. */
  read(id: NotificationId): Promise<Notification>;
  /** Marks one unread; resolves with it. */
  unread(id: NotificationId): Promise<Notification>;
  /** Marks all read; resolves with how many changed. */
  readAll(): Promise<{ count: number }>;
  /** Deletes one; resolves with it. */
  remove(id: NotificationId): Promise<Notification>;
  /** Real-time events until the returned function is called; reconnects by itself. */
  subscribe(onEvent: (event: NotifsEvent) => void): () => void;
}

const path = (id: NotificationId, action = '') => `/api/notifs/notifications/${encodeURIComponent(String(id))}${action}`;

/** Creates a client for the Strapi at `url`, authenticated as the user of `token` (or `getToken()`). */
export const createNotifsClient = (options: NotifsClientOptions): NotifsClient => {
  const http = createTransport(options);
  const one = async (method: string, to: string) => (await http.json<{ data: Notification }>(method, to)).data;

  return {
    async list({ page, pageSize, isRead, category }: ListOptions = {}) {
      const query = new URLSearchParams();
      if (page !== undefined) query.set('pagination[page]', String(page));
      if (pageSize !== undefined) query.set('pagination[pageSize]', String(pageSize));
      if (isRead !== undefined) query.set('filters[isRead]', String(isRead));
      if (category !== undefined) query.set('filters[category]', category);
      const text = query.toString();
      const answer = await http.json<{ data: Notification[]; meta: { pagination: ListResult['pagination'] } }>(
        'GET',
        `/api/notifs/notifications${text ? `?${text}` : ''}`
      );
      return { data: answer.data, pagination: answer.meta.pagination };
    },
    async unreadCount() {
      return (await http.json<{ data: { count: number } }>('GET', '/api/notifs/notifications/unread-count')).data.count;
    },
    read: (id) => one('POST', path(id, '/read')),
    unread: (id) => one('POST', path(id, '/unread')),
    async readAll() {
      return (await http.json<{ data: { count: number } }>('POST', '/api/notifs/notifications/read-all')).data;
    },
    remove: (id) => one('DELETE', path(id)),
    subscribe: (onEvent) => subscribe(http, options, onEvent),
  };
};
