import type { ReactNode } from 'react';
import type { InboxValue } from './context';
import { useNotifications } from './hooks';

export interface InboxProps {
  /** Renders the inbox as the app wants it: no markup or style is imposed. */
  children: (inbox: InboxValue) => ReactNode;
}

/** The headless inbox: the state and actions of `useNotifications()`, as a render prop. */
export const Inbox = ({ children }: InboxProps) => <>{children(useNotifications())}</>;
