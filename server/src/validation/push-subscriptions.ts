/**
 * `POST /push-subscriptions` bodies. A browser's subscription goes as the browser gives it
 * (`JSON.stringify(subscription)`: `{ endpoint, expirationTime, keys: { p256dh, auth } }`, kind
 * `web_push` by default); a device token as `{ kind: 'fcm', token }`. Each may carry a `label`.
 */
import { ECDH } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { PushKind } from '../domain/push-subscriptions';
import { PUSH_KINDS } from '../domain/push-subscriptions';
import { throwValidationError } from '../domain/notify-input';
import { toFormattedIssues } from '../domain/zod-issues';
import { text } from './ids';

const MAX_ENDPOINT_LENGTH = 2048;
const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** `localhost`, 127.0.0.0/8 and ::1: where a push service may answer over plain http (development, tests). */
const isLoopback = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
};

/**
 * A push service URL: https, as every browser's is; plain http only on a loopback host. No
 * credentials in it: the server posts to it, and would send them along.
 */
const endpoint = text()
  .min(1, { message: 'is required: the subscription\'s "endpoint" URL' })
  .max(MAX_ENDPOINT_LENGTH, { message: `must be at most ${MAX_ENDPOINT_LENGTH} characters` })
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL (the push service URL the browser gave)' });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an https URL (got ${url.protocol}); plain http is accepted only on a loopback host`,
      });
    }
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
  });

/** A base64url string of exactly `bytes` bytes (padding optional, as browsers differ). */
const base64urlKey = (bytes: number, what: string) =>
  z.string({ message: `is required: the browser's ${what}` }).superRefine((value, ctx) => {
    const decoded = BASE64URL.test(value) ? Buffer.from(value, 'base64url') : null;
    if (!decoded || decoded.length !== bytes) {
      ctx.addIssue({
        code: 'custom',
        message: `must be the ${what}: ${bytes} bytes in base64url (got ${decoded ? `${decoded.length} bytes` : 'other characters'})`,
      });
    }
  });

/** The browser's public key: an uncompressed point on P-256 (65 bytes), checked to be one. */
const p256dh = base64urlKey(65, 'P-256 public key').superRefine((value, ctx) => {
  const decoded = Buffer.from(value, 'base64url');
  if (decoded.length !== 65) return;
  try {
    ECDH.convertKey(decoded, 'prime256v1');
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a point on the P-256 curve' });
  }
});

const label = text().max(255).nullable().optional();

const webPushBody = z.strictObject({
  kind: z.literal('web_push').optional(),
  endpoint,
  /** Milliseconds since the epoch, or null: what `PushSubscription.expirationTime` says. */
  expirationTime: z.number().int().min(0).max(8.64e15, { message: 'must be a time in milliseconds since 1970' }).nullable().optional(),
  keys: z.strictObject({ p256dh, auth: base64urlKey(16, 'auth secret') }, { message: 'is required: { p256dh, auth } from the browser' }),
  label,
});

const fcmBody = z.strictObject({
  kind: z.literal('fcm'),
  token: z
    .string({ message: "is required: the device's FCM registration token" })
    .min(1)
    .max(MAX_TOKEN_LENGTH, { message: `must be at most ${MAX_TOKEN_LENGTH} characters` })
    .regex(/^[A-Za-z0-9_:-]+$/, { message: 'must be an FCM registration token (letters, digits, "_", ":" and "-")' }),
  label,
});

/** A parsed registration: what the service hands the repository, less the caller. */
export interface PushRegistrationInput {
  kind: PushKind;
  endpoint: string;
  p256dh: string | null;
  auth: string | null;
  label: string | null;
  expiresAt: Date | null;
}

/** Parses a registration body, or throws a ValidationError (400) naming each field. */
export const parsePushRegistration = (body: unknown): PushRegistrationInput => {
  const what = 'push subscription';
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return throwValidationError(what, [
      { path: [], message: 'must be a JSON object: the browser\'s subscription, or { kind: "fcm", token }' },
    ]);
  }
  const kind = (body as { kind?: unknown }).kind ?? 'web_push';
  if (!PUSH_KINDS.includes(kind as PushKind)) {
    return throwValidationError(what, [
      { path: ['kind'], message: `must be ${PUSH_KINDS.map((one) => `"${one}"`).join(' or ')} (got ${JSON.stringify(kind)})` },
    ]);
  }
  if (kind === 'fcm') {
    const result = fcmBody.safeParse(body);
    if (!result.success) return throwValidationError(what, toFormattedIssues(result.error.issues));
    return { kind: 'fcm', endpoint: result.data.token, p256dh: null, auth: null, label: result.data.label ?? null, expiresAt: null };
  }
  const result = webPushBody.safeParse(body);
  if (!result.success) return throwValidationError(what, toFormattedIssues(result.error.issues));
  const { endpoint: url, keys, expirationTime } = result.data;
  return {
    kind: 'web_push',
    endpoint: url,
    p256dh: keys.p256dh,
    auth: keys.auth,
    label: result.data.label ?? null,
    expiresAt: typeof expirationTime === 'number' ? new Date(expirationTime) : null,
  };
};

/** `GET /push-subscriptions?kind=`: one kind, or all. */
export const parsePushKindQuery = (query: unknown): PushKind | undefined => {
  const result = z.strictObject({ kind: z.enum(PUSH_KINDS as [PushKind, ...PushKind[]]).optional() }).safeParse(query ?? {});
  if (!result.success) return throwValidationError('query', toFormattedIssues(result.error.issues));
  return result.data.kind;
};
