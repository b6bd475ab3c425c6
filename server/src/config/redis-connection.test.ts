import { redisConnection } from './redis-connection';

describe('redisConnection', () => {
  test('reads a redis:// URL: user, password, host, port, db', () => {
    expect(redisConnection('redis://app:s%40cret@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'app',
      password: 's@cret',
      db: 2,
    });
  });

  test('rediss:// turns TLS on; unset means 127.0.0.1:6379; options pass through', () => {
    expect(redisConnection('rediss://cache:6379')).toMatchObject({ tls: {} });
    expect(redisConnection(undefined)).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(redisConnection({ host: 'h', port: 1 })).toEqual({ host: 'h', port: 1 });
  });

  test('a wrong value names the key and the fix', () => {
    expect(() => redisConnection('cache:6379')).toThrow(/bullmq.connection must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => redisConnection('not a url')).toThrow(/bullmq.connection "not a url" is not a URL: write it as redis:\/\/host:6379/);
  });
});
