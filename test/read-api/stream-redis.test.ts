import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, tokenFor } from '../helpers/http';
import { openStream, type SseClient } from '../helpers/sse';
import { describeWithRedis, REDIS_URL } from '../bullmq/redis';

/** A stream held by one instance hears what another instance sends, through Redis pub/sub. */
describeWithRedis('real-time across instances (Redis pub/sub)', () => {
  const channel = `notifs-test-realtime-${process.pid}-${Date.now().toString(36)}`;
  const config = { backend: 'sync' as const, readApi: { redis: REDIS_URL, redisChannel: channel } };
  let app: TestApp;
  let client: SseClient | undefined;

  beforeAll(async () => {
    app = await bootStrapi({ config });
  });
  afterAll(async () => {
    client?.close();
    await app?.stop();
  });

  test('a notification sent by another process reaches the stream this instance holds, with its unread count', async () => {
    const ada = await createUser(app.strapi, 'ada');
    const base = await listen(app.strapi);
    client = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${await tokenFor(app.strapi, ada.id)}` });
    expect((await client.next('unread-count')).data).toEqual({ count: 0, unseen: 0 });

    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, '../helpers/notify-child.js')], {
      env: {
        ...process.env,
        NOTIFS_CHILD_TMP: app.tmpDir,
        NOTIFS_CHILD_CONFIG: JSON.stringify(config),
        NOTIFS_CHILD_INPUT: JSON.stringify({ recipient: ada.id, shortDescription: 'from elsewhere', channels: ['in_app'] }),
      },
    });
    const sent = JSON.parse(stdout.trim().split('\n').pop() as string);

    const arrived = await client.next('notification', (data) => data.id === sent.id, 10_000);
    expect(arrived.data).toMatchObject({ id: sent.id, shortDescription: 'from elsewhere' });
    expect((await client.next('unread-count', (data) => data.count === 1, 10_000)).data).toEqual({ count: 1, unseen: 1 });
    // This instance sent nothing itself: what arrived came through Redis.
    expect(await service(app.strapi, 'read').unreadCount({ recipient: ada.id })).toBe(1);
  });
});
