import type { AnyNotification } from '../domain/types';

/** Lines listed in a summary's description: a digest of hundreds stays one readable message. */
export const DIGEST_LIST_MAX = 50;

/** One notification as a line of a digest: its description, else its action, else its category. */
export const digestLine = (notification: AnyNotification): string =>
  notification.shortDescription ?? notification.action ?? notification.category ?? 'Notification';

/**
 * The notification a digest is built from by default: the newest one's fields, its description one
 * line (it may become an email's subject), "N notifications: first · second · …", at most
 * DIGEST_LIST_MAX of them, then "…and N more".
 */
export const digestSummary = (notifications: AnyNotification[]): AnyNotification => {
  const newest = notifications[notifications.length - 1];
  const shown = notifications.slice(0, DIGEST_LIST_MAX).map((notification) => digestLine(notification).replace(/\s+/g, ' '));
  const rest = notifications.length - shown.length;
  const title = notifications.length === 1 ? '1 notification' : `${notifications.length} notifications`;
  const description = `${title}: ${[...shown, ...(rest > 0 ? [`…and ${rest} more`] : [])].join(' · ')}`;
  return { ...newest, shortDescription: description };
};
