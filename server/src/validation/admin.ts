/**
 * Zod schemas of the admin API's input. Query strings arrive as strings, hence the coercions;
 * bodies are JSON. The inferred types are the controllers' (and the admin app's) contract.
 */
import { z } from 'zod';
import { DELIVERY_STATUSES } from '../domain/types';
import { bodyRowId, queryRowId, text } from './ids';
import { findNul } from './nul';
import { NUL_MESSAGE } from '../domain/limits';
import { channelEntrySchema } from '../domain/notify-input';
import { digestInputSchema } from '../domain/digest';

/** A user id in a query string: digits only (`0x10`, `1e1` are refused), within the integer column. */
const id = queryRowId;
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(100).default(25);
const date = z.coerce.date();
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');

export const notificationListQuery = z.strictObject({
  recipient: id.optional(),
  category: text().min(1).max(255).optional(),
  channel: text().min(1).max(255).optional(),
  isRead: bool.optional(),
  from: date.optional(),
  to: date.optional(),
  page,
  pageSize,
});
export type NotificationListQuery = z.output<typeof notificationListQuery>;

const statusList = z
  .string()
  .transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(z.enum(DELIVERY_STATUSES as [string, ...string[]])).min(1));

/** The statuses listed when none is asked for and no delivery or digest is picked: what needs an admin's eye. */
export const DEFAULT_LISTED_STATUSES = ['failed', 'dead'];

export const deliveryListQuery = z.strictObject({
  /** Omitted: failed and dead, or with `id` or `mergedInto`, every status. */
  status: statusList.optional(),
  /** One delivery (a digest delivery, linked from its members). */
  id: id.optional(),
  /** The members of one digest delivery (its id). */
  mergedInto: id.optional(),
  page,
  pageSize,
});
export type DeliveryListQuery = z.output<typeof deliveryListQuery>;

export const seriesQuery = z
  .strictObject({
    interval: z.enum(['hour', 'day']).default('hour'),
    from: date.optional(),
    to: date.optional(),
  })
  .transform(({ interval, from, to }) => {
    const end = to ?? new Date();
    const span = interval === 'hour' ? 24 * 3_600_000 : 30 * 86_400_000;
    return { interval, from: from ?? new Date(end.getTime() - span), to: end };
  })
  .refine(({ from, to }) => from < to, { message: '"from" must be before "to"', path: ['from'] })
  .refine(({ interval, from, to }) => (to.getTime() - from.getTime()) / (interval === 'hour' ? 3_600_000 : 86_400_000) <= 1_000, {
    message: 'the range holds more than 1000 buckets: use interval "day" or a shorter range',
    path: ['interval'],
  });
export type SeriesQuery = z.output<typeof seriesQuery>;

export const providerParam = z.object({ name: z.string().min(1).max(100) });

// Messages of the bodies the admin's forms send are written for the person filling the form:
// the admin shows them beside the field's label ("Message: write the message to send").
export const testSendBody = z.strictObject({
  channel: z.string({ message: 'pick a channel' }).min(1, { message: 'pick a channel' }).max(100),
  /** An email address, Slack channel, Pusher channel or webhook URL, as the channel takes it. */
  to: text().min(1).max(500, { message: 'is too long (500 characters at most)' }).optional(),
  /** A users-permissions user to address the test to (its email for the email channel). */
  recipient: bodyRowId.optional(),
  message: text().min(1).max(1_000, { message: 'is too long (1000 characters at most)' }).optional(),
});
export type TestSendBody = z.output<typeof testSendBody>;

export const composeBody = z
  .strictObject({
    users: z.array(bodyRowId).max(100_000, { message: 'holds too many users (100,000 at most): pick a role instead' }).optional(),
    /** A users-permissions role, by its `type` (e.g. `authenticated`). */
    role: text().min(1).max(255).optional(),
    /** Channel names, or fallback entries `{ name, delay?, unless? }` as notify() takes them. */
    channels: z.array(channelEntrySchema, { message: 'pick at least one channel' }).min(1, { message: 'pick at least one channel' }),
    shortDescription: text({ message: 'write the message to send' })
      .trim()
      .min(1, { message: 'write the message to send' })
      .max(5_000, { message: 'is too long (5000 characters at most)' }),
    url: text().max(2_000, { message: 'is too long (2000 characters at most)' }).optional(),
    category: text().max(255, { message: 'is too long (255 characters at most)' }).optional(),
    action: text().max(255, { message: 'is too long (255 characters at most)' }).optional(),
    /** Folds each recipient's messages with this key within `window` seconds into one delivery per channel. */
    digest: digestInputSchema.optional(),
  })
  .refine((body) => Boolean(body.users?.length) || Boolean(body.role), {
    message: 'choose at least one user, or a role',
    path: ['users'],
  })
  .refine((body) => !(body.users?.length && body.role), {
    message: 'give either "users" or "role", not both',
    path: ['users'],
  });
export type ComposeBody = z.output<typeof composeBody>;

export const jobParam = z.object({ id: z.string().min(1).max(100) });

/** `q`: part of a username or email; `id`: one user by id (a picker showing a choice made earlier). */
export const userSearchQuery = z.strictObject({ q: text().max(255).optional(), id: id.optional() });

export const triggerPreviewBody = z.strictObject({
  documentId: z.string().min(1).max(255),
  event: z.enum(['create', 'update', 'publish', 'unpublish', 'delete']).optional(),
  locale: z.string().min(1).max(50).optional(),
});

/** The definition's fields only (the trigger lifecycle checks their values); failure counts are not the admin's to write. */
export const triggerBody = z
  .strictObject({
  name: z.unknown().optional(),
  uid: z.unknown().optional(),
  events: z.unknown().optional(),
  channels: z.unknown().optional(),
  recipientRule: z.unknown().optional(),
  shortDescription: z.unknown().optional(),
  url: z.unknown().optional(),
  category: z.unknown().optional(),
  action: z.unknown().optional(),
  condition: z.unknown().optional(),
  enabled: z.boolean().optional(),
  })
  // Before the Document Service sees it: Strapi's unique check of `name` would send the NUL to PostgreSQL.
  .superRefine((body, ctx) => {
    const path = findNul(body);
    if (path) ctx.addIssue({ code: 'custom', path, message: NUL_MESSAGE });
  });

export const triggerEnabledBody = z.strictObject({ enabled: z.boolean() });
