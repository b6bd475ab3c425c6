/**
 * A throttle across instances: two Strapi processes on one database (PostgreSQL with
 * NOTIFS_TEST_DB) notify one recipient at the same moment; exactly `limit` notifications get through.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { bootStrapi, databaseKind, removeTestDir } from '../helpers/strapi';
import { createUser } from '../helpers/users';
import { deliveryRows } from '../helpers/deliveries';
import { describeOnServerDatabase, notifyBurstsInChildren } from '../helpers/burst';

const config: PluginConfigInput = { backend: 'database', queue: { pollRule: '0 0 0 1 1 *' } };

describeOnServerDatabase(`throttle with two instances on ${databaseKind()}`, () => {
  let tmpDir: string;
  beforeAll(() => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-throttle-'));
  });
  afterAll(async () => {
    await removeTestDir(tmpDir);
  });

  test('10 calls from each instance at once, limit 3: exactly 3 are let through', async () => {
    let app = await bootStrapi({ tmpDir, config });
    let ada: { id: number };
    try {
      ada = await createUser(app.strapi, 'ada');
    } finally {
      await app.stop();
    }
    const inputs = Array.from({ length: 10 }, (_, i) => ({
      recipient: ada.id,
      shortDescription: `Comment ${i}`,
      channels: ['probe'],
      throttle: { key: 'comments', limit: 3, window: 600 },
    }));
    expect(await notifyBurstsInChildren(tmpDir, config, [inputs, inputs])).toEqual(['done 10', 'done 10']);
    app = await bootStrapi({ tmpDir, config });
    try {
      const rows = await deliveryRows(app.strapi, { channel: 'probe' });
      expect(rows).toHaveLength(20);
      expect(rows.filter((row) => row.status === 'queued')).toHaveLength(3);
      expect(rows.filter((row) => row.status === 'skipped')).toHaveLength(17);
    } finally {
      await app.stop();
    }
  }, 120_000);
});
