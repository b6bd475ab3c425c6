import { z } from 'zod';
import { declareAlternatives, declareOptions, type ProviderOptionField } from './declare-options';
import { STANDARD_SECRET_MESSAGE, isUsableWebhookSecret } from './webhook-secret';
import { webPushOptions } from './web-push-options';
import { fcmOptions } from './fcm-options';
import { twilioSmsOptions } from './twilio-sms-options';
import { discordOptions, teamsOptions } from './chat-webhook-options';

/**
 * Options of the built-in providers (`providers.<name>` in the plugin config), each declared once:
 * the schema checked at boot and the fields the admin's Channels page shows come from it. Names are
 * fixed by the design; each provider reads its own, already validated.
 */
export const consoleOptions = declareOptions({
  pretty: { schema: z.boolean().optional(), label: 'Pretty-print', description: 'Print payloads over several lines' },
});

const emailFields = declareOptions({
  transport: {
    schema: z.record(z.string(), z.unknown()).optional(),
    label: 'SMTP transport',
    // The whole object: it holds `auth.pass`, so it is shown only as set or not.
    secret: true,
    description: "nodemailer transport options ({ host, port, auth, pool… }); required unless Strapi's email plugin is used",
  },
  from: { schema: z.string().min(1).optional(), label: 'Default sender', description: 'When a payload has no "from"' },
  useStrapiEmail: {
    schema: z.boolean().optional(),
    label: "Use Strapi's email plugin",
    description: "Send through Strapi's email plugin (and its provider) instead of nodemailer",
  },
});

export const emailOptions = {
  // Checked at boot: without either, the app would start and every email would fail at notify time.
  schema: emailFields.schema.refine((options) => options.useStrapiEmail === true || options.transport !== undefined, {
    path: ['transport'],
    message:
      "is required: give nodemailer transport options such as { host, port, auth }, or set providers.email.useStrapiEmail: true to send through Strapi's email plugin",
  }),
  fields: emailFields.fields,
};

export const slackOptions = declareOptions({
  token: { schema: z.string().min(1), label: 'Bot token', secret: true, description: 'xoxb-… token with chat:write' },
  slackApiUrl: {
    schema: z.string().url().optional(),
    label: 'Web API URL',
    description: "Base URL of Slack's Web API, for proxies and tests (default https://slack.com/api/)",
  },
});

export const pusherChannelsOptions = declareAlternatives({
  keys: declareOptions({
    appId: { schema: z.string().min(1), label: 'App id' },
    key: { schema: z.string().min(1), label: 'Key' },
    secret: { schema: z.string().min(1), label: 'Secret', secret: true },
    cluster: { schema: z.string().min(1).optional(), label: 'Cluster', description: 'Default mt1' },
    host: { schema: z.string().min(1).optional(), label: 'Host', description: 'A self-hosted server instead of a cluster' },
    port: { schema: z.union([z.string(), z.number().int().positive()]).optional(), label: 'Port' },
    useTLS: { schema: z.boolean().optional(), label: 'Use TLS', description: 'Default true' },
  }),
  url: declareOptions({
    // It holds the key and the secret.
    url: { schema: z.string().url(), label: 'App URL', secret: true, description: 'https://KEY:SECRET@api-CLUSTER.pusher.com/apps/APP_ID' },
  }),
});

export const webhookOptions = declareOptions({
  url: { schema: z.union([z.string().url(), z.array(z.string().url()).min(1)]), label: 'Receiver URL(s)' },
  secret: {
    schema: z.string().min(1).refine(isUsableWebhookSecret, { message: STANDARD_SECRET_MESSAGE }).optional(),
    label: 'Signing secret',
    secret: true,
    description: 'Signs each request (whsec_<base64> or any string); without it requests go unsigned',
  },
  signature: {
    schema: z.enum(['standard', 'notifs']).optional(),
    label: 'Signature scheme',
    description: "'standard' (Standard Webhooks headers, the default) or 'notifs' (X-Notifs-Signature, for receivers written before)",
  },
  timeoutMs: { schema: z.number().int().positive().optional(), label: 'Timeout (ms)', description: 'Default 10000' },
});

export const consoleOptionsSchema = consoleOptions.schema;
export const emailOptionsSchema = emailOptions.schema;
export const slackOptionsSchema = slackOptions.schema;
export const pusherChannelsOptionsSchema = pusherChannelsOptions.schema;
export const webhookOptionsSchema = webhookOptions.schema;

/** The built-in providers' option fields by provider name: what boot errors label options with. */
export const BUILT_IN_OPTION_FIELDS: Record<string, readonly ProviderOptionField[]> = {
  console: consoleOptions.fields,
  email: emailOptions.fields,
  slack: slackOptions.fields,
  pusher_channels: pusherChannelsOptions.fields,
  webhook: webhookOptions.fields,
  web_push: webPushOptions.fields,
  fcm: fcmOptions.fields,
  twilio_sms: twilioSmsOptions.fields,
  discord: discordOptions.fields,
  teams: teamsOptions.fields,
};

export type ConsoleOptions = z.infer<typeof consoleOptionsSchema>;
export type EmailOptions = z.infer<typeof emailOptionsSchema>;
export type SlackOptions = z.infer<typeof slackOptionsSchema>;
export type PusherChannelsOptions = z.infer<typeof pusherChannelsOptionsSchema>;
export type WebhookOptions = z.infer<typeof webhookOptionsSchema>;
