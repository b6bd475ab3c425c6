import { configSchema, type PluginConfig } from './schema';
import { formatZodIssues } from '../domain/zod-issues';
import { BUILT_IN_OPTION_FIELDS } from './provider-options';

/** A built-in provider's option named by its label in boot errors (`providers.slack.token` → "Bot token"); not a key inside an option. */
const optionLabel = (path: (string | number)[]): string | undefined =>
  path.length === 3 && path[0] === 'providers' && typeof path[1] === 'string' && typeof path[2] === 'string' && Object.hasOwn(BUILT_IN_OPTION_FIELDS, path[1])
    ? BUILT_IN_OPTION_FIELDS[path[1]].find((field) => field.name === path[2])?.label
    : undefined;

/** Defaults, merged under the app's `notifs.config` by Strapi before `validator` runs. */
export const defaultConfig = {
  backend: 'database',
  queue: {
    pollRule: '*/1 * * * * *',
    batchSize: 100,
    concurrency: 10,
    maxAttempts: 5,
    backoff: { baseMs: 2_000, maxMs: 60 * 60 * 1_000 },
    leaseMs: 60_000,
    sendTimeoutMs: 30_000,
  },
  bullmq: { queueName: 'notifs', worker: true, lockDurationMs: 30_000, relayMs: 30_000 },
  providers: {},
  channels: [],
  triggers: [],
  readApi: {
    grantAuthenticated: true,
    heartbeatMs: 25_000,
    reconnectMs: 3_000,
    ticketTtlMs: 30_000,
    maxStreamsPerUser: 10,
    replayLimit: 100,
    replayMaxAgeMs: 24 * 60 * 60 * 1_000,
    redisChannel: 'notifs:realtime',
  },
  preferences: { defaults: {}, required: [], unsubscribe: { maxAgeDays: 365 } },
} satisfies PluginConfig;

/**
 * Strapi calls this synchronously at boot; a throw stops the boot, and Strapi prefixes the message
 * with "Error regarding notifs config:".
 */
export const validateConfig = (config: unknown): void => {
  const result = configSchema.safeParse(config);
  if (!result.success) {
    throw new Error(formatZodIssues(result.error.issues, 'config', optionLabel));
  }
};

export default {
  default: defaultConfig,
  validator: validateConfig,
};
