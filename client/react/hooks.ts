import { useInbox, type InboxValue } from './context';

/** The inbox: newest notifications, loading and error state, and the actions (mark read, remove…). */
export const useNotifications = (): InboxValue => useInbox('useNotifications');

/** The caller's unread count, kept current by the stream. */
export const useUnreadCount = (): number => useInbox('useUnreadCount').unreadCount;

/** The caller's unseen count (new since the last `markAllSeen()`), kept current by the stream. */
export const useUnseenCount = (): number => useInbox('useUnseenCount').unseenCount;
