import type { ProviderOptionField } from '../config/declare-options';

/** One declared option of a provider as the admin shows it: whether it is set, and its value unless secret. */
export interface ProviderOptionState extends ProviderOptionField {
  set: boolean;
  /**
   * The value, for options that are not secret and are plain (text, number, yes/no, or a list of them);
   * a URL is shown as its origin only (paths and queries may hold tokens). Never there for a secret.
   */
  value?: string | number | boolean;
}

/** A URL's origin; anything else as it is. */
const shown = (text: string): string => {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  try {
    return new URL(text).origin;
  } catch {
    return '(invalid URL)';
  }
};

const plainValue = (value: unknown): string | number | boolean | undefined => {
  if (typeof value === 'string') return shown(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.length && value.every((item) => typeof item === 'string')) return value.map(shown).join(', ');
  return undefined;
};

/** The declared `fields` against the options given (`providers.<name>`, as configured): set or not, and what may be shown. */
export const optionStates = (fields: readonly ProviderOptionField[] | undefined, options: unknown): ProviderOptionState[] => {
  const given = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
  return (fields ?? []).map((field) => {
    const set = given[field.name] !== undefined;
    const value = set && !field.secret ? plainValue(given[field.name]) : undefined;
    return { ...field, set, ...(value === undefined ? {} : { value }) };
  });
};

/** The label of the option a config path names (`['token']` → "Bot token"), when it is declared. */
export const labelOf = (fields: readonly ProviderOptionField[] | undefined, path: readonly PropertyKey[]): string | undefined =>
  typeof path[0] === 'string' ? fields?.find((field) => field.name === path[0])?.label : undefined;
