/**
 * Every id that crosses a boundary (a route's `:id`, a GraphQL argument, a service's input) is parsed
 * here, once, before any query: a row's numeric `id` (digits only, within the integer column) or its
 * Strapi 5 `documentId`. What is neither is refused with a ValidationError (400), so the database never
 * sees an id it would choke on (PostgreSQL's int column ends at 2^31-1; it refuses NUL bytes outright).
 */
import { z } from 'zod';
import { text, throwValidationError } from '../domain/notify-input';
import { MAX_ROW_ID as MAX_ID, NUL_MESSAGE, hasNul } from '../domain/limits';

/** Strapi 5's documentId: 24 lowercase letters and digits. */
const DOCUMENT_ID = /^[a-z0-9]{24}$/;
const DIGITS = /^[0-9]+$/;

/** A row as the caller named it: by numeric id or by documentId. Usable as a `where` clause as it is. */
export type EntityRef = { id: number } | { documentId: string };

/** Whether `value` is a row id the column can hold. */
export const isRowId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_ID;

/** The problem with an id as given, or null when it is a numeric id or a documentId. */
const idProblem = (raw: unknown): string | null => {
  if (typeof raw === 'number') return isRowId(raw) ? null : `must be a whole number from 1 to ${MAX_ID}`;
  if (raw === undefined || raw === null || raw === '') return 'is missing';
  if (typeof raw !== 'string') return `must be a number or a string, not ${typeof raw === 'object' ? 'an' : 'a'} ${typeof raw}`;
  if (hasNul(raw)) return NUL_MESSAGE;
  if (raw.length > 64) return 'is too long to be an id';
  if (DIGITS.test(raw)) return isRowId(Number(raw)) ? null : `must be from 1 to ${MAX_ID}`;
  if (DOCUMENT_ID.test(raw)) return null;
  return 'must be a numeric id (digits only) or a documentId (24 lowercase letters and digits)';
};

/** Shown in messages: the input, cut short (a 300-character id is not worth echoing whole). */
const shown = (raw: unknown): string => {
  const text = typeof raw === 'string' ? JSON.stringify(raw) : typeof raw === 'object' && raw !== null ? `a ${typeof raw}` : String(raw);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/**
 * Parses the id of a notification, delivery or trigger: `12`, `"12"` or a documentId such as
 * `"k3n9x0q2w8e7r6t5y4u3i2o1"`. Throws a ValidationError naming `what` otherwise.
 */
export const parseEntityRef = (raw: unknown, what: string, path: string = 'id'): EntityRef => {
  const problem = idProblem(raw);
  if (problem) return throwValidationError(what, [{ path: [path], message: `${problem} (got ${shown(raw)})` }]);
  if (typeof raw === 'number') return { id: raw };
  return DIGITS.test(raw as string) ? { id: Number(raw) } : { documentId: raw as string };
};

/**
 * A service's id argument: a number, or a documentId string. Digits in a string are refused, as a
 * typed API should: only the edges (a URL, a GraphQL `ID`) receive numbers as text.
 */
export const parseServiceRef = (raw: unknown, what: string, path: string): EntityRef => {
  if (typeof raw === 'string' && DIGITS.test(raw)) {
    return throwValidationError(what, [{ path: [path], message: `must be a number, or a documentId string (got ${shown(raw)})` }]);
  }
  return parseEntityRef(raw, what, path);
};

/** A parsed ref as the services take it again: the numeric id or the documentId string. */
export const refValue = (ref: EntityRef): number | string => ('id' in ref ? ref.id : ref.documentId);

/** How a ref reads in messages: `12` or `"k3n9…"`. */
export const describeRef = (ref: EntityRef): string => ('id' in ref ? String(ref.id) : JSON.stringify(ref.documentId));

/** A numeric id in a query string (`?recipient=12`): digits only, within the column. */
export const queryRowId = z.string().refine((text) => DIGITS.test(text) && isRowId(Number(text)), {
  message: `must be a whole number from 1 to ${MAX_ID}, written in digits`,
}).transform(Number);

/** A numeric id in a JSON body. */
export const bodyRowId = z.number().int().min(1).max(MAX_ID, { message: `must be ${MAX_ID} at most` });

/** Free text headed for the database (NUL bytes refused): the same schema notify() input uses. */
export { text };
