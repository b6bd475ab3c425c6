import Redis, { type RedisOptions } from 'ioredis';
import type { Core } from '@strapi/strapi';
import { realtimeMessageSchema, type RealtimeBus, type RealtimeMessage } from './bus';
import { redisConnection } from '../config/redis-connection';
import type { PluginConfig } from '../config/schema';
import { throttledLog } from '../utils/throttled-log';

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
  const onError = throttledLog(log, `real-time Redis channel "${channel}"`, 'readApi.redis');
  publisher.on('error', onError);
  subscriber.on('error', onError);
  // Settles either way: while Redis is down, publish() fails (a retryable send) rather than waits.
  const subscribed = subscriber.subscribe(channel).catch(() => undefined);
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
      // quit() waits for a connection that a Redis which is down never gives: only a ready client quits.
      await Promise.allSettled(
        [subscriber, publisher].map((client) => (client.status === 'ready' ? client.quit() : Promise.resolve(client.disconnect())))
      );
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
