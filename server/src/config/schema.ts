import { z } from 'zod';
import { Cron } from 'croner';
import { webPushOptionsSchema } from './web-push-options';
import type { ChannelClass } from '../channels/base-channel';
import type { AnyCodeTrigger, CodeTrigger } from '../domain/triggers';
import {
  consoleOptionsSchema,
  emailOptionsSchema,
  pusherChannelsOptionsSchema,
  slackOptionsSchema,
  webhookOptionsSchema,
} from './provider-options';
import { fcmOptionsSchema, type FcmOptionsInput } from './fcm-options';
import { categoryName, categorySwitchesSchema } from '../domain/preferences';
import { twilioSmsOptions } from './twilio-sms-options';
import { discordOptions, teamsOptions } from './chat-webhook-options';

/** The reason croner (the library Strapi's cron runs on) refuses a rule, or null when it takes it. */
const cronProblem = (rule: string): string | null => {
  try {
    new Cron(rule, { paused: true }).stop();
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
};

const cronRule = z
  .string()
  .refine((rule) => [5, 6].includes(rule.trim().split(/\s+/).length), {
    message: 'must be a cron rule of 5 or 6 fields, such as "*/1 * * * * *" (every second)',
  })
  .superRefine((rule, context) => {
    const problem = [5, 6].includes(rule.trim().split(/\s+/).length) ? cronProblem(rule) : null;
    if (problem)
      context.addIssue({
        code: 'custom',
        message: `is not a cron rule Strapi can run (${problem}), such as "*/1 * * * * *" (every second)`,
      });
  });

const positiveInt = (max: number) => z.number().int().min(1).max(max);

const queueSchema = z
  .strictObject({
    /** How often the database backend looks for due deliveries. */
    pollRule: cronRule,
    /** Deliveries claimed per poll. */
    batchSize: positiveInt(10_000),
    /** Sends in flight at once per instance. */
    concurrency: positiveInt(1_000),
    /** Attempts before a delivery is `dead`. */
    maxAttempts: positiveInt(100),
    backoff: z.strictObject({
      /** Delay before the first retry; doubles each attempt, with jitter. */
      baseMs: z.number().int().min(0),
      maxMs: z.number().int().min(0),
    }),
    /** How long a claimed delivery stays with its worker before another may take it up (renewed while it is held). */
    leaseMs: z.number().int().min(1_000),
    /** The deadline of one send: past it the send is abandoned and retried (providers get an AbortSignal). */
    sendTimeoutMs: z.number().int().min(100).max(3_600_000),
    /** Sends in flight to one destination (a host, an SMTP server) per instance; default half of `concurrency`. */
    destinationConcurrency: positiveInt(1_000).optional(),
  })
  .refine((queue) => queue.backoff.baseMs <= queue.backoff.maxMs, {
    path: ['backoff', 'baseMs'],
    message: 'must not be more than queue.backoff.maxMs (the first retry would wait longer than the longest)',
  });

const channelClass = z.custom<ChannelClass>((value) => typeof value === 'function', {
  message: 'must be a channel class (extends BaseNotificationChannel)',
});

const fn = <T extends (...args: never[]) => unknown>(what: string) =>
  z.custom<T>((value) => typeof value === 'function', { message: `must be a function (${what})` });

const contentEvent = z.enum(['create', 'update', 'publish', 'unpublish', 'delete']);

/** A trigger written in code: content events of one content type start notifications. */
export const codeTriggerSchema = z.strictObject({
  uid: z.string().min(1),
  events: z.array(contentEvent).min(1),
  channels: z.array(z.string().min(1)).min(1),
  recipients: fn<CodeTrigger['recipients']>('({ entry, event, strapi }) => user ids'),
  build: fn<CodeTrigger['build']>('({ entry, event }) => notify input without recipient'),
  condition: fn<NonNullable<CodeTrigger['condition']>>('({ entry, event }) => boolean').optional(),
});

const httpUrl = z.string().refine(
  (value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { message: 'must be an absolute http(s) URL, such as "https://cms.example.com"' }
);

/** A `testSend.allow` entry: an http(s) URL when it has a scheme, else an email address or a channel name. */
const testDestination = z
  .string({ message: 'must be a string: an email address, a channel name (Slack, Pusher) or an absolute http(s) URL' })
  .trim()
  .min(1, { message: 'must not be empty: give an email address, a channel name (Slack, Pusher) or an absolute http(s) URL' })
  .refine((value) => !/^[a-z][a-z0-9+.-]*:/i.test(value) || value.includes('@') || httpUrl.safeParse(value).success, {
    message: 'must be an absolute http(s) URL such as "https://hooks.example.com/notifs" (or an email address, or a channel name)',
  });

/** Recipients' preferences: what is on when they chose nothing, what they cannot switch off, the unsubscribe link. */
const preferencesConfigSchema = z
  .strictObject({
    /** `{ [category]: { [channel]: boolean } }`: the value for a recipient with no setting of their own (else on). */
    defaults: categorySwitchesSchema,
    /** Categories always delivered on every channel (security mail): a recipient cannot switch them off. */
    required: z.array(categoryName).max(1_000),
    unsubscribe: z.strictObject({
      /** Signs one-click unsubscribe links; unset: derived from the app's `server.app.keys` (each of them verifies). */
      secret: z.string().min(32, { message: 'must be at least 32 characters (a random secret, such as env("NOTIFS_UNSUBSCRIBE_SECRET"))' }).optional(),
      /** How long an unsubscribe link stays valid, in days. */
      maxAgeDays: z.number().int().min(1).max(3_650),
    }),
  })
  .superRefine((preferences, context) => {
    for (const category of preferences.required) {
      const off = Object.entries(preferences.defaults[category] ?? {}).find(([, on]) => on === false);
      if (off) {
        context.addIssue({
          code: 'custom',
          path: ['defaults', category, off[0]],
          message: `switches off category "${category}", which preferences.required lists: a required category is always on`,
        });
      }
    }
  });

export const configSchema = z.strictObject({
  /**
   * The app's public origin, for links that leave it (email makes relative `url`s absolute with it).
   * Unset: Strapi's `server.url` (made absolute from host and port when it is relative).
   */
  publicUrl: httpUrl.optional(),
  /** Where deliveries wait: `sync` sends in the caller; `database` and `bullmq` are durable queues. */
  backend: z.enum(['sync', 'database', 'bullmq']),
  queue: queueSchema,
  bullmq: z.strictObject({
    /** A Redis URL (`redis://…`, `rediss://…`) or ioredis options; default 127.0.0.1:6379. */
    connection: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    queueName: z.string().min(1),
    /** Run a BullMQ worker in this instance (false: this instance only enqueues). */
    worker: z.boolean(),
    /** How long a worker holds a job before others count it as stalled (its process died). */
    lockDurationMs: z.number().int().min(1_000),
    /** Every so often, jobs are added for rows older than this that have none (a crash after commit). */
    relayMs: z.number().int().min(1_000),
  }),
  /** Options per provider; keys other than the built-ins' are options of custom providers. */
  providers: z.looseObject({
    console: consoleOptionsSchema.optional(),
    email: emailOptionsSchema.optional(),
    slack: slackOptionsSchema.optional(),
    pusher_channels: pusherChannelsOptionsSchema.optional(),
    webhook: webhookOptionsSchema.optional(),
    web_push: webPushOptionsSchema.optional(),
    fcm: fcmOptionsSchema.optional(),
    twilio_sms: twilioSmsOptions.schema.optional(),
    discord: discordOptions.schema.optional(),
    teams: teamsOptions.schema.optional(),
  }),
  /** Channel classes to register besides the built-ins and the app's `src/notifs/channels/`. */
  channels: z.array(channelClass),
  triggers: z.array(codeTriggerSchema),
  readApi: z.strictObject({
    /** Give the Authenticated role the read routes at first boot. */
    grantAuthenticated: z.boolean(),
    /** Milliseconds between heartbeat comments on an open stream (keeps proxies from closing it). */
    heartbeatMs: z.number().int().min(1_000).max(600_000),
    /** The `retry:` a stream tells EventSource to wait before reconnecting, in milliseconds. */
    reconnectMs: z.number().int().min(0).max(600_000),
    /** How long a stream ticket stays valid, in milliseconds. */
    ticketTtlMs: z.number().int().min(1_000).max(600_000),
    /** Open streams one user may hold in one instance; a new one beyond it ends the oldest. */
    maxStreamsPerUser: z.number().int().min(1).max(1_000),
    /** Missed notifications a reconnecting stream gets replayed at most; more, and it is told to `resync`. */
    replayLimit: z.number().int().min(0).max(1_000),
    /** How far back a reconnecting stream is replayed, in milliseconds; an older gap gets `resync`. */
    replayMaxAgeMs: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60 * 60 * 1_000),
    /**
     * Redis for real-time messages between instances (a stream held by one instance hears what
     * another sends): a redis:// URL or ioredis options. Unset: the bullmq backend's connection when
     * that backend is used, else this instance only. `false`: this instance only.
     */
    redis: z.union([z.literal(false), z.string(), z.record(z.string(), z.unknown())]).optional(),
    /** The Redis pub/sub channel of those messages (apps sharing a Redis need different ones). */
    redisChannel: z.string().min(1),
  }),
  preferences: preferencesConfigSchema,
  /** The admin's "send a test" form (`POST /notifs/test-send`). */
  testSend: z
    .strictObject({
      /**
       * Destinations a test may go to besides the admin's own email and `providers.webhook.url`: email
       * addresses, Slack or Pusher channel names, webhook URLs. Any other `to` is refused.
       */
      allow: z
        .array(testDestination, {
          message: 'must be a list of destinations, such as ["#ops", "qa@example.com", "https://hooks.example.com/notifs"]',
        })
        .max(1_000),
    })
    .optional(),
});

/** The plugin config after defaults, as the plugin reads it. */
export type PluginConfig = z.infer<typeof configSchema>;
export type QueueConfig = PluginConfig['queue'];
export type BullmqConfig = PluginConfig['bullmq'];
export type PreferencesConfig = PluginConfig['preferences'];

type DeepPartial<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/**
 * What an app writes under `notifs.config` in `config/plugins.ts`: every key optional; `triggers`
 * typed per content type (the parsed config only knows them as loose records).
 */
export type PluginConfigInput = Omit<DeepPartial<PluginConfig>, 'triggers' | 'providers'> & {
  triggers?: AnyCodeTrigger[];
  /** Options whose input differs from their parsed form (a service account as a JSON string or a path) are typed as written. */
  providers?: Omit<DeepPartial<PluginConfig['providers']>, 'fcm'> & { fcm?: Partial<FcmOptionsInput> };
};
