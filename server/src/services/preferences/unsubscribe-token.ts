import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from '@strapi/utils';

/** What an unsubscribe link names: one recipient, one category, one channel. */
export interface UnsubscribeTarget {
  recipient: number;
  category: string;
  channel: string;
}

/** A token as verified: its target and when it was issued. */
export interface VerifiedToken extends UnsubscribeTarget {
  issuedAt: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Longer than any real token (a category and a channel of 255 characters each, base64url): refused before any parse.
const MAX_TOKEN_LENGTH = 2_048;
/** What the app keys are turned into unsubscribe secrets with (one purpose, one derived key). */
const KEY_PURPOSE = 'strapi-plugin-notifs unsubscribe link v1';

const sign = (secret: string, body: string): Buffer => createHmac('sha256', secret).update(body).digest();

/**
 * Secrets for the links: config `preferences.unsubscribe.secret` when set, else one derived from
 * each of the app's `server.app.keys` (the first signs, every one verifies, so a rotated key keeps
 * old links working as long as it stays listed).
 */
export const unsubscribeSecrets = (configured: string | undefined, appKeys: unknown): string[] => {
  if (configured) return [configured];
  const keys = Array.isArray(appKeys) ? appKeys.filter((key): key is string => typeof key === 'string' && key.length > 0) : [];
  return keys.map((key) => sign(key, KEY_PURPOSE).toString('base64url'));
};

/**
 * A signed token naming user, category and channel, and when it was made: `<payload>.<signature>`,
 * both base64url, the signature an HMAC-SHA256 of the payload. Not guessable without the secret, and
 * any change to the payload breaks the signature.
 */
export const createUnsubscribeToken = (secret: string, target: UnsubscribeTarget, now = new Date()): string => {
  const body = Buffer.from(JSON.stringify([target.recipient, target.category, target.channel, Math.floor(now.getTime() / 1000)])).toString(
    'base64url'
  );
  return `${body}.${sign(secret, body).toString('base64url')}`;
};

const malformed = (): never => {
  throw new errors.ValidationError('Invalid unsubscribe link: its token is missing or malformed (copy the whole link from the email)');
};

/**
 * Checks a token: 400 when it is not one, 403 when its signature does not match (tampered, or
 * signed with another secret) or it is older than `maxAgeDays`. The 403s are `PolicyError`s: Strapi's
 * router turns any other ForbiddenError into a bare "Forbidden", and the reader is owed the reason.
 */
export const verifyUnsubscribeToken = (secrets: string[], token: unknown, maxAgeDays: number, now = new Date()): VerifiedToken => {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return malformed();
  const [body, signature] = token.split('.');
  const given = Buffer.from(signature, 'base64url');
  const matches = secrets.some((secret) => {
    const expected = sign(secret, body);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches)
    throw new errors.PolicyError('Invalid unsubscribe link: its signature does not match (the link was changed, or made by another app)');
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return malformed();
  }
  if (!Array.isArray(fields) || fields.length !== 4) return malformed();
  const [recipient, category, channel, issuedAt] = fields as unknown[];
  if (!Number.isInteger(recipient) || typeof category !== 'string' || typeof channel !== 'string' || !Number.isInteger(issuedAt))
    return malformed();
  const issued = new Date((issuedAt as number) * 1000);
  if (now.getTime() - issued.getTime() > maxAgeDays * DAY_MS) {
    throw new errors.PolicyError(
      `This unsubscribe link has expired (links are valid for ${maxAgeDays} days): change your notification preferences in the app instead`
    );
  }
  return { recipient: recipient as number, category, channel, issuedAt: issued };
};
