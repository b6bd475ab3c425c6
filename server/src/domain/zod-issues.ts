import type { z } from 'zod';

/** A zod issue in Strapi's validation-error detail shape. */
export interface FormattedIssue {
  path: (string | number)[];
  message: string;
}

const pathOf = (issue: z.core.$ZodIssue): (string | number)[] =>
  issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));

/** A union's branch that the value did not even have the type of (a string given where the branch takes an object). */
const wrongType = (branch: readonly z.core.$ZodIssue[]): boolean => branch.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0);

/**
 * Zod says "Unrecognized key: "x"" with the parent as path; users want the key itself named. A union
 * (a name or an object) that the value matched the type of one branch of reports that branch's
 * issues, with their paths (`channels.1.delay`), rather than the union's "Invalid input".
 */
export const toFormattedIssues = (issues: readonly z.core.$ZodIssue[]): FormattedIssue[] =>
  issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...pathOf(issue), key], message: 'is not a known key' }));
    }
    if (issue.code === 'invalid_union') {
      const typed = issue.errors.filter((branch) => !wrongType(branch));
      if (typed.length === 1) return toFormattedIssues(typed[0]).map(({ path, message }) => ({ path: [...pathOf(issue), ...path], message }));
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
