import type { AnyNotification } from '../domain/types';

/** Lines listed in a summary's description: a digest of hundreds stays one readable message. */
export const DIGEST_LIST_MAX = 50;

/** One notification as a line of a digest: its description, else its action, else its category. */
export const digestLine = (notification: AnyNotification): string =>
  notification.shortDescription ?? notification.action ?? notification.category ?? 'Notification';

/** The longest default summary: it must fit an SMS (1,600), a Discord message (2,000), a push notification. */
export const DIGEST_SUMMARY_MAX_CHARS = 900;

/**
 * The notification a digest is built from by default: the newest one's fields, its description one
 * line (it may become an email's subject or a push's body), "N notifications: first · second · …",
 * as many as fit DIGEST_SUMMARY_MAX_CHARS (and at most DIGEST_LIST_MAX), then "…and N more".
 */
export const digestSummary = (notifications: AnyNotification[]): AnyNotification => {
  const newest = notifications[notifications.length - 1];
  const title = notifications.length === 1 ? '1 notification' : `${notifications.length} notifications`;
  let description = `${title}: `;
  let shown = 0;
  for (const notification of notifications.slice(0, DIGEST_LIST_MAX)) {
    const line = digestLine(notification).replace(/\s+/g, ' ');
    const next = `${description}${shown ? ' · ' : ''}${line}`;
    // Room is kept for the "…and N more" that may follow.
    if (next.length > DIGEST_SUMMARY_MAX_CHARS - 20 && shown) break;
    description = next.length > DIGEST_SUMMARY_MAX_CHARS - 20 ? `${next.slice(0, DIGEST_SUMMARY_MAX_CHARS - 21)}…` : next;
    shown += 1;
  }
  const rest = notifications.length - shown;
  return { ...newest, shortDescription: rest > 0 ? `${description} · …and ${rest} more` : description };
};
