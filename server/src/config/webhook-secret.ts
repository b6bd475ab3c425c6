/** The prefix of a Standard Webhooks secret: `whsec_<base64 of the key>`. */
export const STANDARD_SECRET_PREFIX = 'whsec_';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What a `whsec_` secret that does not decode is told (never repeating it). */
export const STANDARD_SECRET_MESSAGE = 'starts with "whsec_" and must go on with the key in base64 (as Standard Webhooks tools make them)';

/** Whether a webhook secret can be used: any string without the prefix; with it, base64 of at least one byte. */
export const isUsableWebhookSecret = (secret: string): boolean => {
  if (!secret.startsWith(STANDARD_SECRET_PREFIX)) return true;
  const encoded = secret.slice(STANDARD_SECRET_PREFIX.length);
  return BASE64.test(encoded) && encoded.length % 4 === 0 && Buffer.from(encoded, 'base64').length > 0;
};
