import { createContext, useContext } from 'react';
import type { NotifsClient } from '../src/index';
import type { Notification } from '../src/types';
import type { InboxState } from './state';

/** The inbox and what can be done with it; every action updates the view at once and rolls back on failure. */
export interface InboxValue extends InboxState {
  client: NotifsClient;
  markRead(notification: Notification): Promise<void>;
  markUnread(notification: Notification): Promise<void>;
  markAllRead(): Promise<void>;
  remove(notification: Notification): Promise<void>;
  /** Marks all seen (the badge of new ones was opened). */
  markAllSeen(): Promise<void>;
  /** Archives one: it leaves the inbox (and the counts) until unarchived. */
  archive(notification: Notification): Promise<void>;
  /** Archives all read ones. */
  archiveAllRead(): Promise<void>;
  /** Deletes all of the caller's notifications. */
  removeAll(): Promise<void>;
  /** Loads the first page and the count again. */
  refresh(): Promise<void>;
}

export const NotifsContext = createContext<InboxValue | null>(null);

/** The provider's value, or a clear error when a hook is used outside `<NotifsProvider>`. */
export const useInbox = (hook: string): InboxValue => {
  const value = useContext(NotifsContext);
  if (!value) throw new Error(`${hook}() must be used inside <NotifsProvider client={…}> (or <NotifsProvider url=… token=…>)`);
  return value;
};
