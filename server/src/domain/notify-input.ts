import { z } from 'zod';
import { errors } from '@strapi/utils';
import { toFormattedIssues } from './zod-issues';
import { MAX_COUNTDOWN_S, MAX_ROW_ID, NUL_MESSAGE, hasNul } from './limits';
import { toJsonInput } from './json-input';
import { FALLBACK_CONDITIONS, type ChannelEntry } from './fallback';
import { digestInputSchema, throttleInputSchema } from './digest';

// The hand-written type and the schema's must agree (the schema is what is checked).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

/** Free text headed for the database: PostgreSQL refuses NUL bytes, so they are refused first. */
export const text = (params?: { message: string }) => z.string(params).refine((value) => !hasNul(value), { message: NUL_MESSAGE });

const userId = z.number().int().positive().max(MAX_ROW_ID, `must be a user id (at most ${MAX_ROW_ID})`);
const shortText = text().max(255);
const seconds = z.number().finite().min(0).max(MAX_COUNTDOWN_S, `must be at most ${MAX_COUNTDOWN_S} seconds (one year)`);

/**
 * One `channels` entry: a channel name, or `{ name, delay?, unless? }` (a fallback: due `delay`
 * seconds later, skipped if the notification was read, or seen, by then).
 */
export const channelEntrySchema = z.union(
  [
    text().min(1),
    z.strictObject({
      name: text().min(1),
      /** Seconds after the notification (on top of `countdown`) before this channel is due. */
      delay: seconds.optional(),
      /** Skip this channel if, when it is due, the notification was read (or seen). */
      unless: z.enum(FALLBACK_CONDITIONS).optional(),
    }),
  ],
  { error: 'must be a channel name, or { name, delay?, unless? } (unless: "read" or "seen")' }
);

export const notifyInputSchema = z.strictObject({
  /** users-permissions user id of who receives it. */
  recipient: userId.nullable().optional(),
  /** users-permissions user id of who caused it. */
  source: userId.nullable().optional(),
  sourceDisplayName: shortText.nullable().optional(),
  category: shortText.nullable().optional(),
  action: shortText.nullable().optional(),
  /** The entry it is about: `{ uid, documentId }` of any content type. */
  obj: z.strictObject({ uid: text().min(1), documentId: text().min(1) }).nullable().optional(),
  shortDescription: text().nullable().optional(),
  url: text().nullable().optional(),
  /** Deliver without storing. */
  silent: z.boolean().optional(),
  /** Stored with the notification, except `context`, which goes to the channels only. */
  extraData: z
    .looseObject({ context: z.record(z.string(), z.unknown()).optional() })
    .nullable()
    .optional(),
  /** Registered channels to deliver through: names, or `{ name, delay?, unless? }` entries (fallback channels). */
  channels: z.array(channelEntrySchema).optional(),
  /** Seconds to wait before delivering. */
  countdown: seconds.optional(),
  /** A repeated call with the same key returns the first notification and queues nothing. */
  idempotencyKey: text().min(1).max(255).optional(),
  /** Folds the recipient's notifications with this key, within `window` seconds, into one delivery per channel (in-app channels still get each at once). */
  digest: digestInputSchema.optional(),
  /** Delivers at most `limit` notifications with this key per recipient within `window` seconds; the rest are stored, their deliveries `skipped`. */
  throttle: throttleInputSchema.optional(),
});

const entryTypesAgree: Same<z.input<typeof channelEntrySchema>, ChannelEntry> = true;
void entryTypesAgree;

/** What `notify(input)` takes. */
export type NotifyInput = z.input<typeof notifyInputSchema>;
export type ParsedNotifyInput = z.output<typeof notifyInputSchema>;

/** Throws Strapi's `ValidationError` naming each field, in Strapi's `details.errors` shape. */
export const throwValidationError = (what: string, issues: { path: (string | number)[]; message: string }[]): never => {
  const text = issues.map(({ path, message }) => `"${path.join('.') || '(input)'}" ${message}`).join('; ');
  throw new errors.ValidationError(`Invalid ${what}: ${text}`, {
    errors: issues.map(({ path, message }) => ({ path: path.map(String), message, name: 'ValidationError' })),
  });
};

/**
 * Parses `notify` input; the caller's object is read, never changed. `extraData` (context included)
 * is stored and queued as JSON, so it is copied as JSON first: a value JSON cannot hold is refused
 * here, naming its path, and a Date becomes its ISO string.
 */
export const parseNotifyInput = (input: unknown, what = 'notify() input'): ParsedNotifyInput => {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return throwValidationError(what, [{ path: [], message: 'must be an object' }]);
  }
  let candidate = input as Record<string, unknown>;
  if (candidate.extraData !== undefined && candidate.extraData !== null) {
    const json = toJsonInput(candidate.extraData, ['extraData']);
    if ('issue' in json) return throwValidationError(what, [json.issue]);
    candidate = { ...candidate, extraData: json.value };
  }
  const result = notifyInputSchema.safeParse(candidate);
  if (!result.success) return throwValidationError(what, toFormattedIssues(result.error.issues));
  return result.data;
};
