import { createHmac } from 'node:crypto';
import { STANDARD_SECRET_PREFIX } from '../config/webhook-secret';

/** The headers of the Standard Webhooks scheme (https://www.standardwebhooks.com), lowercase as HTTP/2 wants them. */
export const STANDARD_WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

/**
 * The HMAC key a secret stands for: the base64-decoded part of `whsec_<base64>` (what the
 * `standardwebhooks` libraries do with it), or the UTF-8 bytes of any other string (a receiver then
 * verifies with the secret as raw bytes: `new Webhook(secret, { format: 'raw' })` in JavaScript).
 */
export const standardWebhookKey = (secret: string): Buffer =>
  secret.startsWith(STANDARD_SECRET_PREFIX)
    ? Buffer.from(secret.slice(STANDARD_SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');

/**
 * The `webhook-signature` value: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`. The id and
 * the timestamp are signed with the body, so a captured request cannot be replayed under another id
 * or later (receivers refuse timestamps more than five minutes away).
 */
export const signStandardWebhook = (key: Buffer, id: string, timestamp: number, body: string): string =>
  `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
