import type { Notification } from '../src/types';

/** What the provider knows: the first page of the inbox, the counts and the stream's state. */
export interface InboxState {
  /** The newest notifications that are not archived. */
  notifications: Notification[];
  unreadCount: number;
  /** Unseen: new since the last `markAllSeen()` (what a badge of new ones shows). */
  unseenCount: number;
  /** True until the first page has loaded. */
  loading: boolean;
  /** The last failure of a load or an action, cleared by the next success. */
  error: Error | null;
  /** Whether the real-time stream is open right now. */
  connected: boolean;
}

export type InboxAction =
  | { type: 'loaded'; notifications: Notification[]; unreadCount: number; unseenCount: number }
  | { type: 'arrived'; notification: Notification }
  | { type: 'changed'; notification: Notification }
  | { type: 'removed'; id: number }
  | { type: 'all-read' }
  | { type: 'all-seen'; seenAt: string }
  | { type: 'read-archived' }
  | { type: 'count'; count: number; unseen?: number }
  | { type: 'connected'; connected: boolean }
  | { type: 'failed'; error: Error };

export const initialState: InboxState = { notifications: [], unreadCount: 0, unseenCount: 0, loading: true, error: null, connected: false };

/** Pure state changes, so optimistic updates and their rollbacks are the same few lines. */
export const reduce = (state: InboxState, action: InboxAction): InboxState => {
  switch (action.type) {
    case 'loaded':
      return {
        ...state,
        notifications: action.notifications,
        unreadCount: action.unreadCount,
        unseenCount: action.unseenCount,
        loading: false,
        error: null,
      };
    case 'arrived':
      if (state.notifications.some((n) => n.id === action.notification.id)) return state;
      return { ...state, notifications: [action.notification, ...state.notifications] };
    case 'changed':
      return { ...state, notifications: state.notifications.map((n) => (n.id === action.notification.id ? action.notification : n)) };
    case 'removed':
      return { ...state, notifications: state.notifications.filter((n) => n.id !== action.id) };
    case 'all-read':
      return { ...state, unreadCount: 0, notifications: state.notifications.map((n) => (n.isRead ? n : { ...n, isRead: true })) };
    case 'all-seen':
      return { ...state, unseenCount: 0, notifications: state.notifications.map((n) => (n.seenAt ? n : { ...n, seenAt: action.seenAt })) };
    case 'read-archived':
      return { ...state, notifications: state.notifications.filter((n) => !n.isRead) };
    case 'count':
      return { ...state, unreadCount: action.count, unseenCount: action.unseen ?? state.unseenCount };
    case 'connected':
      return { ...state, connected: action.connected };
    case 'failed':
      return { ...state, loading: false, error: action.error };
  }
};
