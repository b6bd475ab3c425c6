import type { ConnectionOptions } from 'bullmq';
import type { BullmqConfig } from './schema';

/**
 * ioredis options from config `bullmq.connection`: a `redis://` or `rediss://` URL (user, password,
 * host, port, `/db`), ioredis options as given, or 127.0.0.1:6379 when unset. Options, never a
 * client: BullMQ then makes its own connections and sets what its blocking worker needs.
 */
export const redisConnection = (config: BullmqConfig['connection']): ConnectionOptions => {
  if (config === undefined) return { host: '127.0.0.1', port: 6379 };
  if (typeof config !== 'string') return config as ConnectionOptions;
  let url: URL;
  try {
    url = new URL(config);
  } catch {
    throw new Error(`[notifs] bullmq.connection "${config}" is not a URL: write it as redis://host:6379 (or give ioredis options)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`[notifs] bullmq.connection must be a redis:// or rediss:// URL (got ${url.protocol}//…)`);
  }
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port) || 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
};

/** Where a connection points, for log lines: never the password. */
export const describeConnection = (options: ConnectionOptions): string => {
  const { host, port } = options as { host?: string; port?: number };
  return `${host ?? '127.0.0.1'}:${port ?? 6379}`;
};

type RetryStrategy = (times: number) => number | null;

/**
 * The options with a reconnection strategy that gives up once `isStopping()`: a Redis that is down
 * would otherwise keep the connections, and so the process, alive forever after `stop()`. Until
 * then: the app's own `retryStrategy`, or BullMQ's default.
 */
export const stoppable = (options: ConnectionOptions, isStopping: () => boolean): ConnectionOptions => {
  const own = (options as { retryStrategy?: RetryStrategy }).retryStrategy;
  const retryStrategy: RetryStrategy = (times) =>
    isStopping() ? null : own ? own(times) : Math.max(Math.min(Math.exp(times), 20_000), 1_000);
  return { ...options, retryStrategy } as ConnectionOptions;
};
