import type { Notification } from '../src/types';

/** What the provider knows: the first page of the inbox, the unread count and the stream's state. */
export interface InboxState {
  notifications: Notification[];
  unreadCount: number;
  /** True until the first page has loaded. */
  loading: boolean;
  /** The last failure of a load or an action, cleared by the next success. */
  error: Error | null;
  /** Whether the real-time stream is open right now. */
  connected: boolean;
}

export type InboxAction =
  | { type: 'loaded'; notifications: Notification[]; unreadCount: number }
  | { type: 'arrived'; notification: Notification }
  | { type: 'changed'; notification: Notification }
  | { type: 'removed'; id: number }
  | { type: 'all-read' }
  | { type: 'count'; count: number }
  | { type: 'connected'; connected: boolean }
  | { type: 'failed'; error: Error };

export const initialState: InboxState = { notifications: [], unreadCount: 0, loading: true, error: null, connected: false };

/** Pure state changes, so optimistic updates and their rollbacks are the same few lines. */
export const reduce = (state: InboxState, action: InboxAction): InboxState => {
  switch (action.type) {
    case 'loaded':
      return { ...state, notifications: action.notifications, unreadCount: action.unreadCount, loading: false, error: null };
    case 'arrived':
      if (state.notifications.some((n) => n.id === action.notification.id)) return state;
      return { ...state, notifications: [action.notification, ...state.notifications] };
    case 'changed':
      return { ...state, notifications: state.notifications.map((n) => (n.id === action.notification.id ? action.notification : n)) };
    case 'removed':
      return { ...state, notifications: state.notifications.filter((n) => n.id !== action.id) };
    case 'all-read':
      return { ...state, unreadCount: 0, notifications: state.notifications.map((n) => (n.isRead ? n : { ...n, isRead: true })) };
    case 'count':
      return { ...state, unreadCount: action.count };
    case 'connected':
      return { ...state, connected: action.connected };
    case 'failed':
      return { ...state, loading: false, error: action.error };
  }
};
