import type { AnyNotification } from '../domain/types';
import { digestItemTitle, fitLines, listedItems } from './digest-items';

/** A push shows a few lines at most: so many notifications are named in its body. */
export const PUSH_DIGEST_ITEMS = 5;
/** Each named in at most so many characters (a line on a phone's lock screen, give or take). */
export const PUSH_DIGEST_ITEM_CHARS = 100;

/** The body of a digest's push notification: the first few notifications, a line each, then "…and N more". */
export const pushDigestBody = (notifications: AnyNotification[]): string => {
  const { listed } = listedItems(notifications, PUSH_DIGEST_ITEMS);
  const lines = listed.map((notification) => digestItemTitle(notification, PUSH_DIGEST_ITEM_CHARS));
  // The budget never cuts here (5 lines of 100): the list is bounded by count, the tail tells the rest.
  return fitLines({ lines, total: notifications.length, budget: Infinity, separator: '\n' }).join('\n');
};
