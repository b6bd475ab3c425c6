import type { AnyNotification } from '../domain/types';
import { DIGEST_LIST_MAX, digestLine } from './digest-summary';
import { absoluteHttpLink, clip } from './link';

/*
 * What the built-in channels' digests share: the heading, one bounded line per notification, the
 * "…and N more" tail, and fitting a list into a channel's size limit.
 */

/** The longest line one notification gets in a digest: a long description must not crowd out the others. */
export const DIGEST_ITEM_MAX_CHARS = 200;

/** "1 new notification", "3 new notifications": the subject, title or first line of a digest. */
export const digestHeading = (count: number): string => (count === 1 ? '1 new notification' : `${count} new notifications`);

/** The line after a cut list. */
export const digestMore = (more: number): string => `…and ${more} more`;

/** A notification's text in a digest: its description (else action, else category) on one line. */
export const digestItemText = (notification: AnyNotification): string =>
  digestLine(notification).replace(/\s+/g, ' ').trim() || 'Notification';

/** A notification's line in a digest: `digestItemText`, clipped. */
export const digestItemTitle = (notification: AnyNotification, max: number = DIGEST_ITEM_MAX_CHARS): string =>
  clip(digestItemText(notification), max);

/** The notifications a digest lists (at most DIGEST_LIST_MAX) and how many are left out. */
export const listedItems = (notifications: AnyNotification[], max: number = DIGEST_LIST_MAX) => {
  const listed = notifications.slice(0, max);
  return { listed, more: notifications.length - listed.length };
};

/** The longest link a digest line carries (a browser's practical limit): a longer one is left out, never cut. */
export const DIGEST_LINK_MAX_CHARS = 2048;

/** A notification's link for a chat, SMS or push: absolute http(s) (see `absoluteHttpLink`), and not absurdly long. */
export const digestLink = (url: string | null | undefined, baseUrl: unknown): string | undefined => {
  const link = absoluteHttpLink(url, baseUrl);
  return link && link.length <= DIGEST_LINK_MAX_CHARS ? link : undefined;
};

/**
 * The `url` or `category` every notification of the digest has, if they share one (comments on one
 * post): the digest's own link, or its category.
 */
export const sharedField = (notifications: AnyNotification[], field: 'url' | 'category'): string | undefined => {
  const first = notifications[0]?.[field];
  return first && notifications.every((notification) => notification[field] === first) ? first : undefined;
};

export interface FitOptions {
  /** Lines of the listed notifications, in order. */
  lines: string[];
  /** How many notifications the digest holds (the lines may be fewer): the rest is told as "…and N more". */
  total: number;
  /** The largest size of the joined text, measured by `measure`. */
  budget: number;
  separator: string;
  /** Size of a text: its length by default; a channel may count bytes instead. */
  measure?: (text: string) => number;
  /** The tail after a cut list; default "…and N more". */
  more?: (more: number) => string;
}

/**
 * As many `lines` as fit `budget` once joined, room kept for the tail that tells how many were left
 * out. Lines are kept whole and in order: the first that does not fit ends the list.
 */
export const fitLines = ({ lines, total, budget, separator, measure = (text) => text.length, more = digestMore }: FitOptions): string[] => {
  const kept: string[] = [];
  for (const line of lines) {
    const next = [...kept, line];
    const left = total - next.length;
    const text = [...next, ...(left > 0 ? [more(left)] : [])].join(separator);
    if (measure(text) > budget) break;
    kept.push(line);
  }
  const left = total - kept.length;
  return left > 0 ? [...kept, more(left)] : kept;
};
