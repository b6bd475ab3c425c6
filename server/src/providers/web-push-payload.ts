import { z } from 'zod';
import { MAX_ROW_ID } from '../domain/limits';

/**
 * The largest message a push service takes: 4096 bytes of aes128gcm record, less its header
 * (86 bytes), padding delimiter (1) and tag (16).
 */
export const MAX_WEB_PUSH_MESSAGE_BYTES = 3993;

/** Four weeks, the most push services keep a message for (and web-push's default). */
export const MAX_WEB_PUSH_TTL_S = 28 * 24 * 60 * 60;

const rowId = z.number().int().min(1).max(MAX_ROW_ID);

/** What the browser's service worker receives (decrypted, as JSON): the fields `showNotification` needs. */
export const webPushMessageKeys = ['title', 'body', 'url', 'icon', 'badge', 'image', 'tag', 'data'] as const;

export const webPushPayloadSchema = z
  .strictObject({
    /** users-permissions user id: a subscription is sent to only while it still belongs to this user. */
    recipient: rowId.nullable(),
    /** Subscriptions to send to (`context.pushSubscriptions`); each becomes its own delivery. */
    subscriptions: z.array(z.strictObject({ id: rowId, service: z.string().max(255) })),
    title: z.string().min(1).max(1000),
    body: z.string().max(3000).optional(),
    /** Opened by the service worker's `notificationclick`. */
    url: z.string().max(2048).optional(),
    icon: z.string().max(2048).optional(),
    badge: z.string().max(2048).optional(),
    image: z.string().max(2048).optional(),
    /** Replaces a shown notification with the same tag. */
    tag: z.string().max(255).optional(),
    /** Anything JSON, for the service worker. */
    data: z.unknown().optional(),
    /** Seconds the push service keeps it for an offline browser (default 24 hours; 0: now or never). */
    ttl: z.number().int().min(0).max(MAX_WEB_PUSH_TTL_S).optional(),
    urgency: z.enum(['very-low', 'low', 'normal', 'high']).optional(),
    /** A newer message with the same topic replaces an undelivered older one (32 base64url characters at most). */
    topic: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1 to 32 base64url characters' })
      .optional(),
  })
  .superRefine((payload, ctx) => {
    const bytes = Buffer.byteLength(JSON.stringify(webPushMessage(payload)));
    if (bytes > MAX_WEB_PUSH_MESSAGE_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `makes a message of ${bytes} bytes; push services take ${MAX_WEB_PUSH_MESSAGE_BYTES} at most: shorten body or data`,
      });
    }
  });

/** One payload of the `web_push` provider. */
export type WebPushPayload = z.infer<typeof webPushPayloadSchema>;

/** The JSON the browser receives: the message fields that are set. */
export const webPushMessage = (payload: Partial<WebPushPayload>): Record<string, unknown> =>
  Object.fromEntries(webPushMessageKeys.filter((key) => payload[key] !== undefined).map((key) => [key, payload[key]]));
