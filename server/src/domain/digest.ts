import { z } from 'zod';
import { NUL_MESSAGE, hasNul } from './limits';

/*
 * Digests and throttling: the notify input's `digest: { key, window }` and `throttle: { key, limit,
 * window }`. The zod schemas are the single source of the types.
 */

/** The longest digest or throttle window: 31 days, in seconds. */
export const MAX_WINDOW_S = 31 * 24 * 60 * 60;

/** The most notifications a throttle lets through per window. */
export const MAX_THROTTLE_LIMIT = 10_000;

const key = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(255, { message: 'must be at most 255 characters' })
  .refine((value) => !hasNul(value), { message: NUL_MESSAGE });

const window = z
  .number({ message: 'must be a number of seconds' })
  .int({ message: 'must be a whole number of seconds' })
  .min(1, { message: 'must be at least 1 second' })
  .max(MAX_WINDOW_S, { message: `must be at most ${MAX_WINDOW_S} seconds (31 days)` });

/** `digest`: the recipient's notifications with this key within `window` seconds become one delivery per channel. */
export const digestInputSchema = z.strictObject({ key, window });

/** `throttle`: at most `limit` notifications with this key per recipient within `window` seconds are delivered. */
export const throttleInputSchema = z.strictObject({
  key,
  limit: z
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(MAX_THROTTLE_LIMIT, { message: `must be at most ${MAX_THROTTLE_LIMIT}` }),
  window,
});

export type DigestInput = z.infer<typeof digestInputSchema>;
export type ThrottleInput = z.infer<typeof throttleInputSchema>;
