import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../domain/limits';
import { throwValidationError } from '../domain/notify-input';
import { toFormattedIssues } from '../domain/zod-issues';
import { parseEntityRef, text, type EntityRef } from './ids';

// Query strings arrive as strings (qs parses `pagination[page]=2` into nested objects of strings).
const positiveInt = (what: string) =>
  z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const text = String(value).trim();
      const parsed = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isSafeInteger(parsed) || parsed < 1) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number of 1 or more (got ${JSON.stringify(value)}) for ${what}` });
        return z.NEVER;
      }
      return parsed;
    });

const booleanText = z.unknown().transform((value, ctx) => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  ctx.addIssue({ code: 'custom', message: `must be true or false (got ${JSON.stringify(value)})` });
  return z.NEVER;
});

/** `GET /notifications` query: pagination, the supported filters, nothing else. */
export const listQuerySchema = z.strictObject({
  pagination: z
    .strictObject({
      page: positiveInt('the page').optional(),
      pageSize: positiveInt('the page size')
        .refine((size) => size <= MAX_PAGE_SIZE, { message: `must be ${MAX_PAGE_SIZE} at most` })
        .optional(),
    })
    .optional(),
  filters: z
    .strictObject({
      isRead: booleanText.optional(),
      category: text().max(255).optional(),
      archived: booleanText.optional(),
      seen: booleanText.optional(),
    })
    .optional(),
});

export type ListQuery = z.output<typeof listQuerySchema>;

/** Parses the list query or throws Strapi's `ValidationError` (400) naming each parameter. */
export const parseListQuery = (query: unknown): ListQuery => {
  const result = listQuerySchema.safeParse(query ?? {});
  if (!result.success) {
    return throwValidationError('query', toFormattedIssues(result.error.issues));
  }
  return result.data;
};

/** A route's `:id`: a numeric id (digits only, `1e3` and `0x10` are refused) or a documentId. */
export const parseNotificationId = (raw: unknown): EntityRef => parseEntityRef(raw, 'notification id');
