/**
 * PostgreSQL refuses NUL bytes in text and JSON ("invalid byte sequence for encoding UTF8: 0x00").
 * Input headed for the database is checked for them first, so the refusal is a 400 naming the field.
 */
import { throwValidationError } from '../domain/notify-input';
import { NUL_MESSAGE, hasNul } from '../domain/limits';

/** The path of the first string holding a NUL byte in `value` (searched through arrays and objects), or null. */
export const findNul = (value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null => {
  if (typeof value === 'string') return hasNul(value) ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const keyPath = [...path, Array.isArray(value) ? Number(key) : key];
    if (hasNul(key)) return keyPath;
    const found = findNul(item, keyPath, depth + 1);
    if (found) return found;
  }
  return null;
};

/** Throws a ValidationError (400) when a string anywhere in `value` holds a NUL byte. */
export const refuseNul = (value: unknown, what: string): void => {
  const path = findNul(value);
  if (path) throwValidationError(what, [{ path, message: NUL_MESSAGE }]);
};
