/**
 * Replaces every occurrence of the given secrets in `text` with `[redacted]`. Providers pass every
 * message from a library through it: an SDK may echo a URL or a credential in its own words, and
 * secrets must never reach a log, an error or an API answer.
 */
export const redact = (text: string, secrets: readonly (string | undefined)[]): string =>
  secrets.reduce<string>(
    // Very short strings would blank out ordinary words; real secrets are longer.
    (out, secret) => (secret && secret.length >= 4 ? out.split(secret).join('[redacted]') : out),
    text
  );

/** Drops the query string of every URL in `text` (signed API URLs carry keys and signatures there). */
export const stripQueryStrings = (text: string): string => text.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*/g, '$1');
