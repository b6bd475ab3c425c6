import en from '../translations/en.json';

type Issue = { path?: (string | number)[]; message?: string };
type ErrorBody = { name?: string; message?: string; details?: { errors?: Issue[] } };

/** `shortDescription` → "Short description": the fallback for a field the labels below do not name. */
const humanize = (key: string): string => {
  const text = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const LABELS = en as Record<string, string>;

/** The label the forms show for a field (`field.<path>` in en.json), so an error reads like the form. */
export const fieldLabel = (path: (string | number)[]): string => {
  const names = path.filter((part): part is string => typeof part === 'string');
  const joined = names.join('.');
  return LABELS[`field.${joined}`] ?? (names.length ? humanize(names.join(' ')) : '');
};

/**
 * The message of a failed call, for a person: a validation error lists each field by its label
 * ("Message: write the message to send"); anything else is the server's `error.message`.
 */
export const errorMessage = (error: unknown): string => {
  const body = (error as { response?: { data?: { error?: ErrorBody } } })?.response?.data?.error;
  const issues = body?.name === 'ValidationError' ? (body.details?.errors ?? []) : [];
  if (issues.length) {
    return issues
      .map(({ path = [], message = '' }) => {
        const label = fieldLabel(path);
        return label ? `${label}: ${message}` : message;
      })
      .join('. ');
  }
  return body?.message ?? (error instanceof Error ? error.message : String(error));
};
