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
  since: z.string().regex(/^[0-9]+$/).optional().describe('resume after this event id (or the Last-Event-ID header)'),
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
