import { z } from 'zod';

/** Data keys FCM reserves (its docs: "from", "notification", "message_type", and the google. and gcm. prefixes). */
const isReservedDataKey = (key: string): boolean =>
  ['from', 'notification', 'message_type'].includes(key) || key.startsWith('google.') || key.startsWith('gcm.');

const deviceToken = z.string().min(1).max(4096);
const subscriptionId = z.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/** One payload of the `fcm` provider: a message to one device token (or several, each then its own delivery). */
export const fcmPayloadSchema = z
  .strictObject({
    /**
     * Registered devices (`push-subscriptions` ids, kind `fcm`), as the `fcm` channel gives them: the
     * token is read at send time, and removed when FCM says it is dead. A list is split into one
     * delivery per device; an empty list (a recipient without devices) makes no delivery.
     */
    subscription: z.union([subscriptionId, z.array(subscriptionId).max(1_000)]).optional(),
    /** Device registration tokens given directly (not from the store): the same, but nothing to remove. */
    token: z.union([deviceToken, z.array(deviceToken).max(1_000)]).optional(),
    title: z.string().min(1).max(1_000).optional(),
    body: z.string().min(1).max(4_000).optional(),
    /** Shown in the notification (Android, iOS with a service extension, web). */
    imageUrl: httpUrl.optional(),
    /** Opened on tap: `data.link` for the app, and `webpush.fcmOptions.link` for browsers when https. */
    link: httpUrl.optional(),
    /** Key-value pairs handed to the app; FCM takes strings only. */
    data: z
      .record(z.string().min(1), z.string({ error: 'must be a string: FCM data values are strings only' }))
      .refine((data) => !Object.keys(data).some(isReservedDataKey), {
        message: 'uses a key FCM reserves ("from", "notification", "message_type", "google.*", "gcm.*")',
      })
      .optional(),
    /** Platform overrides, passed to FCM as given (see FCM's AndroidConfig, ApnsConfig, WebpushConfig). */
    android: z.record(z.string(), z.unknown()).optional(),
    apns: z.record(z.string(), z.unknown()).optional(),
    webpush: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((payload) => (payload.subscription === undefined) !== (payload.token === undefined), {
    message: 'give the devices as "subscription" (registered ids) or as "token" (registration tokens), one of the two',
    path: ['token'],
  })
  .refine((payload) => payload.title !== undefined || payload.body !== undefined || Object.keys(payload.data ?? {}).length > 0, {
    message: 'an FCM message needs "title", "body" or "data"',
    path: ['title'],
  });

/** One payload of the `fcm` provider. */
export type FcmPayload = z.infer<typeof fcmPayloadSchema>;

/** The FCM HTTP v1 message for one device token (firebase-admin's `Message` shape). */
export const toFcmMessage = (payload: FcmPayload, token: string): Record<string, unknown> => {
  const { title, body, imageUrl, link, android, apns, webpush } = payload;
  const data = { ...(link ? { link } : {}), ...payload.data };
  const notification =
    title || body || imageUrl ? { ...(title ? { title } : {}), ...(body ? { body } : {}), ...(imageUrl ? { imageUrl } : {}) } : undefined;
  // firebase-admin refuses a non-https webpush link; an http link still reaches the app through data.link.
  const webLink = link?.startsWith('https://') ? link : undefined;
  const webpushConfig = webLink
    ? { ...webpush, fcmOptions: { link: webLink, ...(webpush?.fcmOptions as Record<string, unknown> | undefined) } }
    : webpush;
  return {
    token,
    ...(notification ? { notification } : {}),
    ...(Object.keys(data).length ? { data } : {}),
    ...(android ? { android } : {}),
    ...(apns ? { apns } : {}),
    ...(webpushConfig ? { webpush: webpushConfig } : {}),
  };
};
