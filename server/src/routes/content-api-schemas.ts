import { z } from '@strapi/utils';
import { MAX_PAGE_SIZE } from '../domain/limits';

/*
 * The content API's request parameters and answers as zod schemas, for the routes' `request` and
 * `response`: `@strapi/openapi` (`strapi openapi generate`) documents each route from them. They
 * describe; the controllers' own parsers (validation/) check, with the messages the README shows.
 * Built with Strapi's own zod (`z` of `@strapi/utils`): the generator cannot convert every schema of
 * another zod version (a `z.record` of the plugin's zod 4.6 fails in Strapi's 4.4).
 */

const dateTime = z.iso.datetime().nullable();

/** A notification as the content API answers it (after Strapi's output sanitizer). */
const notification = z
  .object({
    id: z.number().int(),
    documentId: z.string(),
    recipient: z.number().int().nullable().optional().describe('users-permissions user id: only to roles that may find users'),
    source: z.number().int().nullable().optional().describe('users-permissions user id: only to roles that may find users'),
    sourceDisplayName: z.string().nullable(),
    category: z.string().nullable(),
    action: z.string().nullable(),
    obj: z.object({ uid: z.string(), documentId: z.string() }).nullable().describe('the entry the notification is about'),
    shortDescription: z.string().nullable(),
    url: z.string().nullable(),
    silent: z.boolean(),
    extraData: z.record(z.string(), z.unknown()).nullable(),
    channels: z.array(z.string()),
    isRead: z.boolean(),
    readAt: dateTime,
    seenAt: dateTime.describe('set by seen-all, and by reading'),
    archivedAt: dateTime.describe('archived notifications are left out of the list (unless filters[archived]) and the counts'),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .describe('A notification of the caller; fields the app marks private are left out');

const noMeta = z.object({});
const count = z.object({ count: z.number().int().min(0) });

/** `:id` of the routes on one notification. */
export const idParams = {
  id: z.string().describe("the notification's id (digits) or its documentId"),
};

/** `GET /notifications` query: what `parseListQuery` accepts. */
export const listQuery = {
  pagination: z
    .object({
      page: z.number().int().min(1).optional().describe('1 by default'),
      pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional().describe(`25 by default, ${MAX_PAGE_SIZE} at most`),
    })
    .optional(),
  filters: z
    .object({
      isRead: z.boolean().optional(),
      category: z.string().max(255).optional(),
      archived: z.boolean().optional().describe('false by default: archived notifications are listed only when asked for'),
      seen: z.boolean().optional(),
    })
    .optional(),
};

/** `GET /stream` query: a ticket (EventSource sends no headers) and the event id to resume after. */
export const streamQuery = {
  ticket: z.string().optional().describe('from POST /notifs/stream/ticket; or send Authorization: Bearer'),
  since: z
    .string()
    .regex(/^[0-9]+$/)
    .optional()
    .describe('resume after this event id (or the Last-Event-ID header)'),
};

export const notificationResponse = z.object({ data: notification, meta: noMeta });

export const listResponse = z.object({
  data: z.array(notification),
  meta: z.object({
    pagination: z.object({
      page: z.number().int(),
      pageSize: z.number().int(),
      pageCount: z.number().int(),
      total: z.number().int(),
    }),
  }),
});

/** What a change of many notifications answers: how many changed. */
export const countResponse = z.object({ data: count, meta: noMeta });

/** `GET /notifications/unread-count`: unread and unseen, archived notifications not counted. */
export const countsResponse = z.object({
  data: z.object({ count: z.number().int().min(0), unseen: z.number().int().min(0) }),
  meta: noMeta,
});

export const ticketResponse = z.object({
  data: z.object({ ticket: z.string(), expiresAt: z.iso.datetime() }),
  meta: noMeta,
});

/** A push subscription as its owner is shown it: never its keys. */
const pushSubscription = z
  .object({
    id: z.number().int(),
    documentId: z.string(),
    kind: z.enum(['web_push', 'fcm']),
    endpoint: z.string().describe('the push service URL (web_push) or the device token (fcm)'),
    label: z.string().nullable(),
    userAgent: z.string().nullable().describe('the User-Agent of the request that registered it'),
    expiresAt: dateTime,
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .describe("One of the caller's browser subscriptions or device tokens");

/** `GET /push-subscriptions` query. */
export const pushKindQuery = {
  kind: z.enum(['web_push', 'fcm']).optional().describe('one kind only; all by default'),
};

/** `POST /push-subscriptions` body: what `parsePushRegistration` accepts. */
export const pushSubscriptionBody = z.union([
  z
    .object({
      kind: z.literal('web_push').optional(),
      endpoint: z.string().max(2048).describe('https (plain http on a loopback host only)'),
      expirationTime: z.number().int().nullable().optional(),
      keys: z.object({
        p256dh: z.string().describe("the browser's P-256 public key: 65 bytes, base64url"),
        auth: z.string().describe("the browser's auth secret: 16 bytes, base64url"),
      }),
      label: z.string().max(255).nullable().optional(),
    })
    .describe("a browser's subscription, as JSON.stringify(pushSubscription) gives it"),
  z
    .object({
      kind: z.literal('fcm'),
      token: z.string().max(4096),
      label: z.string().max(255).nullable().optional(),
    })
    .describe("a device's FCM registration token"),
]);

/** `:id` of `DELETE /push-subscriptions/:id`. */
export const pushSubscriptionIdParams = {
  id: z.string().describe("the subscription's id (digits) or its documentId"),
};

export const pushSubscriptionResponse = z.object({ data: pushSubscription, meta: noMeta });
export const pushSubscriptionListResponse = z.object({ data: z.array(pushSubscription), meta: noMeta });
const switches = z.record(z.string(), z.record(z.string(), z.boolean())).describe('{ [category]: { [channel]: on } }');
const quietHours = z
  .object({
    start: z.string().describe('"HH:MM", 24 hours'),
    end: z.string().describe('"HH:MM", 24 hours'),
    timeZone: z.string().describe('an IANA time zone, such as "Europe/Paris"'),
  })
  .describe('deliveries on channels that are not in-app wait until these end (required categories excepted)');

/** `GET|PUT /preferences`: the caller's preferences as they act, and the categories that cannot be switched off. */
export const preferencesResponse = z.object({
  data: z.object({ categories: switches, quietHours: quietHours.optional() }),
  meta: z.object({ required: z.array(z.string()).describe('categories always on (config preferences.required)') }),
});

/** `PUT /preferences` body: merged into what the caller has; `null` goes back to the default (or removes quiet hours). */
export const preferencesBody = z.object({
  data: z.object({
    categories: z
      .record(z.string(), z.record(z.string(), z.boolean().nullable()).nullable())
      .optional()
      .describe('{ [category]: { [channel]: true | false | null } }; null: back to the default'),
    quietHours: quietHours.nullable().optional(),
  }),
});

/** `GET|POST /unsubscribe` query: the signed token of an email's `List-Unsubscribe` link. */
export const unsubscribeQuery = {
  token: z.string().describe('the token of the link in the email'),
};

/** `POST /unsubscribe` answer (JSON; a browser's form post gets a short HTML page instead). */
export const unsubscribeResponse = z.object({
  data: z.object({ category: z.string(), channel: z.string(), subscribed: z.literal(false) }),
  meta: noMeta,
});

/** `GET /unsubscribe`: a small HTML page with the button that POSTs (mail scanners follow links; they do not submit forms). */
export const unsubscribePageResponse = z.string().describe('text/html: a page asking to confirm');
