import { spawnSync } from 'node:child_process';
import { Queue } from 'bullmq';

/** The Redis the bullmq suites use: NOTIFS_TEST_REDIS (host:port), or 127.0.0.1:6379. */
export const REDIS = (() => {
  const [host, port] = (process.env.NOTIFS_TEST_REDIS ?? '127.0.0.1:6379').split(':');
  return { host, port: Number(port) || 6379 };
})();
export const REDIS_URL = `redis://${REDIS.host}:${REDIS.port}`;

/**
 * Whether Redis answers PING, asked in a child process: Jest collects tests synchronously, so the
 * answer must be known before `describe` runs.
 */
const redisAnswers = (): boolean => {
  const script = `
    const socket = require('net').connect(${REDIS.port}, ${JSON.stringify(REDIS.host)});
    socket.setTimeout(1000, () => process.exit(1));
    socket.on('error', () => process.exit(1));
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));`;
  return spawnSync(process.execPath, ['-e', script], { timeout: 3_000 }).status === 0;
};

/** Whether Redis answered, asked once per test file. */
export const redisAvailable = redisAnswers();

/** Says why a suite is skipped, straight to stderr: Jest drops the console output of a suite that ran no test. */
export const announceSkip = (why: string): void => {
  process.stderr.write(`\nSKIPPED ${why}\n`);
};

/** `describe` when Redis answers, else `describe.skip` with a warning that says why. */
export const describeWithRedis = (name: string, body: () => void): void => {
  if (redisAvailable) {
    describe(name, body);
    return;
  }
  announceSkip(`"${name}": no Redis answered PING at ${REDIS.host}:${REDIS.port} (start one, or set NOTIFS_TEST_REDIS=host:port)`);
  describe.skip(name, body);
};

/** A queue name no other run uses. */
export const uniqueQueueName = (suite: string): string => `notifs-test-${suite}-${process.pid}-${Date.now().toString(36)}`;

/** A handle on a suite's queue, from outside Strapi: to look at jobs, and to remove the queue afterwards. */
export const openQueue = (queueName: string): Queue => new Queue(queueName, { connection: { ...REDIS } });

/** Removes everything of a suite's queue from Redis. */
export const removeQueue = async (queueName: string): Promise<void> => {
  const queue = openQueue(queueName);
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
};
