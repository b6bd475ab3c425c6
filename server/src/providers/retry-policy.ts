/**
 * How the far side's answer maps to "try again later?": shared by the HTTP-speaking providers so
 * that a 503 from Pusher and a 503 from a webhook receiver mean the same thing to the queue.
 */

/** 408, 429 and 5xx may pass on a later attempt; any other 4xx will fail the same way again. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/**
 * `Retry-After` in milliseconds: either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable, so the queue falls back to its own backoff.
 */
export const parseRetryAfter = (value: string | null | undefined, now: number = Date.now()): number | undefined => {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};
