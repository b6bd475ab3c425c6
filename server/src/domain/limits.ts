/**
 * Bounds on the times a delivery may be put off. Without them a far side's `Retry-After:
 * 99999999999999` or a `countdown` of 8.64e12 seconds falls outside the Date range and the row is
 * stored with no run time at all: queued for ever.
 */

/** The longest `countdown` notify() accepts: one year, in seconds. */
export const MAX_COUNTDOWN_S = 365 * 24 * 60 * 60;

/** The longest delay the queue gives any retry, whatever the backoff or the far side ask. */
export const MAX_RETRY_DELAY_MS = 7 * 24 * 60 * 60 * 1000;

/** Largest page the read side hands out, and the page size when none is asked. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

/** The largest id an integer column holds (PostgreSQL refuses a bigger one with a raw error). */
export const MAX_ROW_ID = 2_147_483_647;

/** Databases refuse NUL in text (PostgreSQL with a raw error): input strings may not hold one. */
export const hasNul = (text: string): boolean => text.includes('\u0000');
export const NUL_MESSAGE = 'contains a NUL character (\\u0000), which the database refuses';
