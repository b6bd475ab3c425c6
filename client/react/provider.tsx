import { useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { createNotifsClient, type NotifsClient } from '../src/index';
import type { Notification, NotifsClientOptions } from '../src/types';
import { NotifsContext, type InboxValue } from './context';
import { initialState, reduce, type InboxState } from './state';

export type NotifsProviderProps = ({ client: NotifsClient } | NotifsClientOptions) & {
  /** How many of the newest notifications the inbox holds (default 20, 100 at most). */
  pageSize?: number;
  children?: ReactNode;
};

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Loads the user's newest notifications and unread count, keeps them current over the stream
 * (replayed after reconnects; a `resync` reloads), and gives hooks and components the actions.
 */
export const NotifsProvider = (props: NotifsProviderProps) => {
  const given = 'client' in props ? props.client : undefined;
  const options = 'client' in props ? undefined : props;
  // An inline `getToken={() => …}` is a new function on every render: read the latest through a
  // ref, so the client (and its stream) is made again only when the url or the token changes.
  const getToken = useRef(options?.getToken);
  getToken.current = options?.getToken;
  const hasGetToken = Boolean(options?.getToken);
  const client = useMemo(
    () =>
      given ??
      createNotifsClient({
        ...(options as NotifsClientOptions),
        getToken: hasGetToken ? () => (getToken.current ? getToken.current() : undefined) : undefined,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the options object is new on every render
    [given, options?.url, options?.token, hasGetToken]
  );
  const pageSize = props.pageSize ?? 20;
  const [state, dispatch] = useReducer(reduce, initialState);
  const latest = useRef(state);
  latest.current = state;

  const refresh = useCallback(async () => {
    try {
      const [page, counts] = await Promise.all([client.list({ pageSize }), client.unreadCount()]);
      dispatch({ type: 'loaded', notifications: page.data, unreadCount: counts.count, unseenCount: counts.unseen });
    } catch (error) {
      dispatch({ type: 'failed', error: asError(error) });
    }
  }, [client, pageSize]);

  useEffect(() => {
    void refresh();
    return client.subscribe((event) => {
      if (event.type === 'notification') dispatch({ type: 'arrived', notification: event.notification });
      else if (event.type === 'unread-count') dispatch({ type: 'count', count: event.count, unseen: event.unseen });
      else if (event.type === 'seen') dispatch({ type: 'all-seen', seenAt: event.seenAt });
      else if (event.type === 'archived') dispatch('all' in event ? { type: 'read-archived' } : { type: 'removed', id: event.id });
      else if (event.type === 'removed-all') dispatch({ type: 'loaded', notifications: [], unreadCount: 0, unseenCount: 0 });
      // An unarchived one may belong anywhere in the page: load it again.
      else if (event.type === 'resync' || event.type === 'unarchived') void refresh();
      else dispatch({ type: 'connected', connected: event.type === 'connected' });
    });
  }, [client, refresh]);

  /** Applies `optimistic` now, runs `call`, and puts the previous state back if it fails. */
  const act = useCallback(async (optimistic: () => void, call: () => Promise<unknown>, undo: () => void) => {
    optimistic();
    try {
      await call();
    } catch (error) {
      undo();
      dispatch({ type: 'failed', error: asError(error) });
    }
  }, []);

  const value = useMemo<InboxValue>(() => {
    const restore = (before: InboxState) =>
      dispatch({ type: 'loaded', notifications: before.notifications, unreadCount: before.unreadCount, unseenCount: before.unseenCount });
    const setRead = (notification: Notification, isRead: boolean) => {
      const before = latest.current;
      if (notification.isRead === isRead) return Promise.resolve();
      return act(
        () => {
          // Reading implies seeing (as on the server).
          const seen = isRead && !notification.seenAt;
          dispatch({ type: 'changed', notification: { ...notification, isRead, ...(seen ? { seenAt: new Date().toISOString() } : {}) } });
          dispatch({
            type: 'count',
            count: Math.max(0, before.unreadCount + (isRead ? -1 : 1)),
            unseen: Math.max(0, before.unseenCount - (seen ? 1 : 0)),
          });
        },
        () => (isRead ? client.read(notification.id) : client.unread(notification.id)),
        () => {
          dispatch({ type: 'changed', notification });
          dispatch({ type: 'count', count: before.unreadCount, unseen: before.unseenCount });
        }
      );
    };
    return {
      ...state,
      client,
      refresh,
      markRead: (notification) => setRead(notification, true),
      markUnread: (notification) => setRead(notification, false),
      markAllRead: () => {
        const before = latest.current;
        return act(
          () => dispatch({ type: 'all-read' }),
          () => client.readAll(),
          () => restore(before)
        );
      },
      remove: (notification) => {
        const before = latest.current;
        return act(
          () => dispatch({ type: 'removed', id: notification.id }),
          () => client.remove(notification.id),
          () => restore(before)
        );
      },
      markAllSeen: () => {
        const before = latest.current;
        return act(
          () => dispatch({ type: 'all-seen', seenAt: new Date().toISOString() }),
          () => client.seenAll(),
          () => restore(before)
        );
      },
      archive: (notification) => {
        const before = latest.current;
        return act(
          () => {
            // Archived ones leave the list and the counts.
            dispatch({ type: 'removed', id: notification.id });
            dispatch({
              type: 'count',
              count: Math.max(0, before.unreadCount - (notification.isRead ? 0 : 1)),
              unseen: Math.max(0, before.unseenCount - (notification.seenAt ? 0 : 1)),
            });
          },
          () => client.archive(notification.id),
          () => restore(before)
        );
      },
      archiveAllRead: () => {
        const before = latest.current;
        return act(
          () => dispatch({ type: 'read-archived' }),
          () => client.archiveAll(),
          () => restore(before)
        );
      },
      removeAll: () => {
        const before = latest.current;
        return act(
          () => dispatch({ type: 'loaded', notifications: [], unreadCount: 0, unseenCount: 0 }),
          () => client.removeAll(),
          () => restore(before)
        );
      },
    };
  }, [state, client, refresh, act]);

  return <NotifsContext.Provider value={value}>{props.children}</NotifsContext.Provider>;
};
