/**
 * Fallback channels across instances: one Strapi stores the notifications and takes the recipient's
 * read over REST, then stops; two others (own processes, one database: PostgreSQL with
 * NOTIFS_TEST_DB) drain the queue. The read state is read from the database when the fallbacks are
 * claimed, so the read one is skipped and the unread one is posted exactly once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { bootStrapi, databaseKind, queryDatabase, removeTestDir } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';
import { waitFor } from '../helpers/deliveries';
import { startCountingReceiver, type CountingReceiver } from '../helpers/counting-receiver';
import { spawnAppChild, type AppChild } from '../engine/children';

const EVERY_SECOND = '*/1 * * * * *';
const NEVER = '0 0 0 1 1 *';

const webhookRows = async (tmpDir: string) =>
  (
    await queryDatabase(
      tmpDir,
      "select document_id, status, attempts, last_error from notifs_deliveries where channel = 'webhook' order by id"
    )
  ).map((row) => ({
    documentId: String(row.document_id),
    status: String(row.status),
    attempts: Number(row.attempts),
    lastError: row.last_error === null ? null : String(row.last_error),
  }));

describe(`fallback channels with two instances on ${databaseKind()}`, () => {
  let receiver: CountingReceiver;
  let children: AppChild[] = [];
  let tmpDir: string;

  beforeAll(async () => {
    receiver = await startCountingReceiver();
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-fallback-instances-'));
  });
  afterAll(async () => {
    children.forEach(({ child }) => child.kill('SIGKILL'));
    await Promise.all(children.map(({ exited }) => exited));
    await receiver?.close();
    await removeTestDir(tmpDir);
  });

  test('the unread notification’s fallback is posted exactly once; the one read on another instance is skipped', async () => {
    const providers = { webhook: { url: `${receiver.url}/ok` } };
    const producer = await bootStrapi({ tmpDir, config: { backend: 'database', queue: { pollRule: NEVER }, providers } });
    let readId: number;
    try {
      const base = await listen(producer.strapi);
      const ada = await createUser(producer.strapi, 'ada');
      const channels = ['in_app', { name: 'webhook', delay: 2, unless: 'read' as const }];
      const notify = service(producer.strapi, 'notify');
      await notify.notify({ recipient: ada.id, shortDescription: 'still unread', channels });
      readId = (await notify.notify({ recipient: ada.id, shortDescription: 'read at once', channels })).id;
      const read = await request(base, `/api/notifs/notifications/${readId}/read`, {
        method: 'POST',
        token: await tokenFor(producer.strapi, ada.id),
      });
      expect(read.status).toBe(200);
    } finally {
      await producer.stop();
    }

    const config: PluginConfigInput = { backend: 'database', queue: { pollRule: EVERY_SECOND, leaseMs: 2_000 }, providers };
    children = [spawnAppChild(tmpDir, config), spawnAppChild(tmpDir, config)];
    await waitFor(
      async () => (await webhookRows(tmpDir)).every((row) => ['sent', 'skipped'].includes(row.status)),
      90_000,
      'both fallbacks to be done'
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a late repeat would arrive here

    const [unread, wasRead] = await webhookRows(tmpDir);
    expect(unread).toMatchObject({ status: 'sent', attempts: 1 });
    expect(wasRead).toMatchObject({ status: 'skipped', lastError: 'the notification was read before this fallback was due' });
    expect(receiver.posts).toHaveLength(1);
    expect([...receiver.countsById()]).toEqual([[unread.documentId, 1]]);
  }, 150_000);
});
