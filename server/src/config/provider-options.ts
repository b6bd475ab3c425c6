import { z } from 'zod';

/**
 * Options of the built-in providers (`providers.<name>` in the plugin config), checked at boot.
 * Names are fixed by the design; each provider reads its own, already validated.
 */
export const consoleOptionsSchema = z.strictObject({
  /** Pretty-print payloads over several lines. */
  pretty: z.boolean().optional(),
});

export const emailOptionsSchema = z.strictObject({
  /** nodemailer transport options (SMTP host, port, auth, pool…). */
  transport: z.record(z.string(), z.unknown()).optional(),
  /** Default sender when a payload has no `from`. */
  from: z.string().min(1).optional(),
  /** Send through Strapi's email plugin (and whatever provider the app gave it) instead of nodemailer. */
  useStrapiEmail: z.boolean().optional(),
})
  // Checked at boot: without either, the app would start and every email would fail at notify time.
  .refine((options) => options.useStrapiEmail === true || options.transport !== undefined, {
    path: ['transport'],
    message:
      "is required: give nodemailer transport options such as { host, port, auth }, or set providers.email.useStrapiEmail: true to send through Strapi's email plugin",
  });

export const slackOptionsSchema = z.strictObject({
  token: z.string().min(1),
  /** Base URL of Slack's Web API, for proxies and tests (`http://127.0.0.1:PORT/api/`). */
  slackApiUrl: z.string().url().optional(),
});

export const pusherChannelsOptionsSchema = z.union([
  z.strictObject({
    appId: z.string().min(1),
    key: z.string().min(1),
    secret: z.string().min(1),
    cluster: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: z.union([z.string(), z.number().int().positive()]).optional(),
    useTLS: z.boolean().optional(),
  }),
  z.strictObject({ url: z.string().url() }),
]);

export const webhookOptionsSchema = z.strictObject({
  url: z.union([z.string().url(), z.array(z.string().url()).min(1)]),
  /** HMAC-SHA256 key for the signature header; without it requests go unsigned. */
  secret: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().optional(),
});

export type ConsoleOptions = z.infer<typeof consoleOptionsSchema>;
export type EmailOptions = z.infer<typeof emailOptionsSchema>;
export type SlackOptions = z.infer<typeof slackOptionsSchema>;
export type PusherChannelsOptions = z.infer<typeof pusherChannelsOptionsSchema>;
export type WebhookOptions = z.infer<typeof webhookOptionsSchema>;
