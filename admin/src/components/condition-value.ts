import type { ConditionOperator } from '../api/types';

/**
 * A condition compares the entry's value strictly (`===`), so what is typed must become the same
 * type: `true`, `42` and `null` are read as JSON, anything else is text; `in` takes a comma list.
 */
const parseOne = (text: string): unknown => {
  const trimmed = text.trim();
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null ? trimmed : parsed;
  } catch {
    return trimmed;
  }
};

/** The form's text for a condition value, and back. */
export const conditionValueFromText = (operator: ConditionOperator, text: string): unknown => {
  if (operator === 'exists') return text !== 'false';
  if (operator === 'in') return text.split(',').map((part) => part.trim()).filter(Boolean).map(parseOne);
  return parseOne(text);
};

export const conditionValueToText = (value: unknown): string => {
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
};
