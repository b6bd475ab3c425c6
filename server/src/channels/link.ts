import { emailHref } from './email-links';

/**
 * The notification's `url` as a link a chat or SMS can carry: made absolute against `baseUrl`, and
 * only when it is http(s) (a relative link goes nowhere from a phone; other schemes may run code).
 */
export const absoluteHttpLink = (url: string | null | undefined, baseUrl: unknown): string | undefined => {
  if (!url) return undefined;
  const href = emailHref(url, typeof baseUrl === 'string' ? baseUrl : undefined);
  return href && /^https?:\/\//i.test(href) ? href : undefined;
};

/** `text` cut to `max` characters, with an ellipsis when cut. */
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
