import Redis, { type RedisOptions } from 'ioredis';
import type { Core } from '@strapi/strapi';
import { realtimeMessageSchema, type RealtimeBus, type RealtimeMessage } from './bus';
import { redisConnection } from '../backends/bullmq/connection';
import type { PluginConfig } from '../config/schema';

/**
 * The bus of many instances: messages go through a Redis pub/sub channel, so a stream held by one
 * instance hears what another sends. This instance hears its own messages back the same way.
 * A message that does not parse (another app on the channel) is ignored with a warning.
 */
export const createRedisBus = (options: RedisOptions, channel: string, log: Core.Strapi['log']): RealtimeBus => {
  // A subscribed connection can only listen: publishing needs its own.
  const publisher = new Redis({ ...options, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(options);
  const handlers = new Set<(message: RealtimeMessage) => void>();
  const onError = (error: Error) => log.warn(`[notifs] real-time Redis: ${error.message}`);
  publisher.on('error', onError);
  subscriber.on('error', onError);
  const subscribed = subscriber.subscribe(channel);
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    let message: RealtimeMessage;
    try {
      message = realtimeMessageSchema.parse(JSON.parse(text));
    } catch {
      log.warn(`[notifs] ignored a message on Redis channel "${channel}" that is not a notifs real-time message`);
      return;
    }
    handlers.forEach((handler) => handler(message));
  });

  return {
    async publish(message) {
      await subscribed; // a message published before the subscription would never come back to this instance
      await publisher.publish(channel, JSON.stringify(message));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
};

/** The Redis the real-time bus should use, or undefined for this instance only (see `readApi.redis`). */
export const realtimeRedisOptions = (config: PluginConfig): RedisOptions | undefined => {
  const setting = config.readApi.redis;
  if (setting === false) return undefined;
  if (setting !== undefined) return redisConnection(setting) as RedisOptions;
  return config.backend === 'bullmq' ? (redisConnection(config.bullmq.connection) as RedisOptions) : undefined;
};
