import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header the `webhook` provider signs requests with. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Notifs-Signature';

// Body bytes are hashed as received: re-encoding a parsed body would not give the same bytes.
const hmac = (secret: string, timestamp: number, body: string | Buffer): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/**
 * The `X-Notifs-Signature` value for `body`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
 * The timestamp is signed with the body so a captured request cannot be replayed later.
 */
export const signWebhookBody = (secret: string, body: string, timestamp: number = Math.floor(Date.now() / 1000)): string =>
  `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;

/**
 * For receivers of the `webhook` provider: whether `header` (the `X-Notifs-Signature` value) signs
 * `body` (the raw request body, exactly as received) with `secret`, at most `toleranceSec` seconds
 * ago (or ahead, for clock skew). Several `v1=` entries are accepted, any one matching.
 *
 * ```ts
 * import { verifyWebhookSignature } from 'strapi-plugin-notifs';
 * if (!verifyWebhookSignature(process.env.NOTIFS_WEBHOOK_SECRET, req.headers['x-notifs-signature'], rawBody)) reject(401);
 * ```
 */
export const verifyWebhookSignature = (
  secret: string,
  header: string | string[] | null | undefined,
  body: string | Buffer,
  toleranceSec = 300,
  now: number = Date.now()
): boolean => {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!secret || !value) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const [key, ...rest] = part.trim().split('=');
    const item = rest.join('=');
    if (key === 't' && /^\d+$/.test(item)) timestamp = Number(item);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(item)) signatures.push(item.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSec) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
};
