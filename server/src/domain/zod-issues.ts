import type { z } from 'zod';

/** A zod issue in Strapi's validation-error detail shape. */
export interface FormattedIssue {
  path: (string | number)[];
  message: string;
}

const pathOf = (issue: z.core.$ZodIssue): (string | number)[] =>
  issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));

/** Zod says "Unrecognized key: "x"" with the parent as path; users want the key itself named. */
export const toFormattedIssues = (issues: readonly z.core.$ZodIssue[]): FormattedIssue[] =>
  issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...pathOf(issue), key], message: 'is not a known key' }));
    }
    return [{ path: pathOf(issue), message: issue.message }];
  });

/**
 * `"queue.batchSize": Too small…; "backend": Invalid option…`, prefixed with what was checked.
 * `labelOf` may give a path a human name, shown after it: `"providers.slack.token" (Bot token) …`.
 */
export const formatZodIssues = (
  issues: readonly z.core.$ZodIssue[],
  what: string,
  labelOf: (path: (string | number)[]) => string | undefined = () => undefined
): string => {
  const parts = toFormattedIssues(issues).map(({ path, message }) => {
    const label = labelOf(path);
    return `"${path.length ? path.join('.') : '(root)'}"${label ? ` (${label})` : ''} ${message}`;
  });
  return `Invalid ${what}: ${parts.join('; ')}`;
};
