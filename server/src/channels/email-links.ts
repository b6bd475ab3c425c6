/** Schemes a mail client would run rather than open: never put them in an `href`. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:']);

// Only to read the scheme of a relative URL when there is no base: it never reaches a mail.
const PLACEHOLDER_BASE = 'http://placeholder.invalid/';

const parse = (url: string, base: string): URL | null => {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
};

/**
 * The `href` an email can carry for a notification's `url`: made absolute against `baseUrl` (a link
 * such as `/orders/1` goes nowhere from a mail client), or null when the scheme would run code.
 * The scheme is read with the WHATWG parser, as browsers read it, so `java\tscript:` counts too.
 */
export const emailHref = (url: string, baseUrl: string | undefined): string | null => {
  const base = baseUrl ? parse(baseUrl, PLACEHOLDER_BASE) : null;
  const resolved = parse(url, base?.href ?? PLACEHOLDER_BASE);
  if (!resolved || UNSAFE_SCHEMES.has(resolved.protocol)) return null;
  return base ? resolved.href : url;
};
