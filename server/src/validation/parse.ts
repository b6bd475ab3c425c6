import type { z } from 'zod';
import { throwValidationError } from '../domain/notify-input';
import { toFormattedIssues } from '../domain/zod-issues';

/** Parses admin API input with `schema`, or throws a `ValidationError` (400) naming each field. */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> => {
  const result = schema.safeParse(input ?? {});
  if (!result.success) return throwValidationError(what, toFormattedIssues(result.error.issues));
  return result.data;
};
