/** `strapi-plugin-notifs/react`: the provider, hooks, a headless inbox and a ready-made bell. */
export { NotifsProvider, type NotifsProviderProps } from './provider';
export { useNotifications, useUnreadCount, useUnseenCount } from './hooks';
export { Inbox, type InboxProps } from './inbox';
export { NotifsBell, type NotifsBellProps } from './bell';
export type { InboxValue } from './context';
export type { InboxState } from './state';
export { createNotifsClient, NotifsError, type NotifsClient } from '../src/index';
export type * from '../src/types';
