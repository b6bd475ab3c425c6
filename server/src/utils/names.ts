/** Channel and provider names: lowercase ids, as they appear in config and `notify({ channels })`. */
export const NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** `"a", "b" and "c"`, or `none` for an empty list: for error messages that list what exists. */
export const listNames = (names: string[]): string => (names.length ? names.map((n) => `"${n}"`).join(', ') : 'none');
