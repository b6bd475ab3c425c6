import { createECDH } from 'node:crypto';
import { z } from 'zod';
import { declareOptions } from './declare-options';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** A base64url key of exactly `bytes` bytes. */
const base64urlKey = (bytes: number) =>
  z.string().refine((value) => BASE64URL.test(value) && Buffer.from(value, 'base64url').length === bytes, {
    message: `must be ${bytes} bytes in base64url, as \`npx web-push generate-vapid-keys\` prints it`,
  });

/**
 * `providers.web_push`: the app's VAPID key pair (`npx web-push generate-vapid-keys`) and the subject
 * push services may contact about it. The public key is also what browsers subscribe with
 * (`applicationServerKey`).
 */
export const webPushOptions = declareOptions({
  vapidPublicKey: { schema: base64urlKey(65), label: 'VAPID public key', description: 'browsers subscribe with it (applicationServerKey)' },
  vapidPrivateKey: { schema: base64urlKey(32), label: 'VAPID private key', secret: true },
  subject: {
    schema: z.string().refine((value) => /^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s/]+.*)$/.test(value), {
      message: 'must be a mailto: address or an https: URL where push services can reach the app\'s owner (e.g. "mailto:ops@example.com")',
    }),
    label: 'Subject (mailto: or https: URL)',
  },
  timeoutMs: { schema: z.number().int().positive().max(600_000).optional(), label: 'Timeout (ms)', description: '10 000 by default' },
});

/** The boot check: both keys parse and belong together (a pair from two runs of the generator fails every push). */
export const webPushOptionsSchema = webPushOptions.schema.superRefine((options, ctx) => {
  let derived: string;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(options.vapidPrivateKey, 'base64url'));
    derived = ecdh.getPublicKey().toString('base64url');
  } catch {
    ctx.addIssue({ code: 'custom', path: ['vapidPrivateKey'], message: 'is not a valid P-256 private key' });
    return;
  }
  if (derived !== Buffer.from(options.vapidPublicKey, 'base64url').toString('base64url')) {
    ctx.addIssue({
      code: 'custom',
      path: ['vapidPublicKey'],
      message: 'is not the public key of vapidPrivateKey: give both keys of one pair',
    });
  }
});

export type WebPushOptions = z.infer<typeof webPushOptions.schema>;
