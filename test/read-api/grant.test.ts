import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { bootStrapi } from '../helpers/strapi';

const actionsOf = async (strapi: Core.Strapi, type: string, prefix = 'plugin::notifs.'): Promise<string[]> => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
  const rows = (await strapi.db
    .query('plugin::users-permissions.permission')
    .findMany({ where: { role: { id: role.id }, action: { $startsWith: prefix } } })) as { action: string }[];
  return rows.map((row) => row.action).sort();
};

const ALL = 19; // 12 notifications, 3 push subscriptions, 2 preferences, 2 stream (the unsubscribe routes need no permission)
let tmpDir: string;
beforeEach(() => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-grant-'));
});
afterEach(() => fs.rmSync(tmpDir, { recursive: true, force: true }));

/** Boots on the same database file, runs `work`, stops. */
const boot = async (work: (strapi: Core.Strapi) => Promise<void>, config = {}, env: Record<string, string> = {}) => {
  const app = await bootStrapi({ tmpDir, config: { backend: 'sync', ...config }, env });
  try {
    await work(app.strapi);
  } finally {
    await app.stop();
  }
};

test('granted once: what an admin revokes (some or all) stays revoked after restarts; Public never', async () => {
  await boot(async (strapi) => {
    expect(await actionsOf(strapi, 'authenticated')).toHaveLength(ALL);
    expect(await actionsOf(strapi, 'public')).toEqual([]);
    await strapi.db.query('plugin::users-permissions.permission').delete({ where: { action: 'plugin::notifs.notifications.delete' } });
  });
  await boot(async (strapi) => {
    const actions = await actionsOf(strapi, 'authenticated');
    expect(actions).toHaveLength(ALL - 1);
    expect(actions).not.toContain('plugin::notifs.notifications.delete');
    await strapi.db.query('plugin::users-permissions.permission').deleteMany({ where: { action: { $startsWith: 'plugin::notifs.' } } });
  });
  await boot(async (strapi) => {
    expect(await actionsOf(strapi, 'authenticated')).toEqual([]);
    expect(await actionsOf(strapi, 'public')).toEqual([]);
  });
});

test('granted at the first boot also when notifs bootstraps before users-permissions has made its roles', async () => {
  // A fresh app whose config/plugins.ts declares notifs before users-permissions (or leaves the
  // latter out): Strapi runs the notifs bootstrap first, on a database with no roles yet.
  await boot(async (strapi) => {
    expect(await actionsOf(strapi, 'authenticated')).toHaveLength(ALL);
    expect(await actionsOf(strapi, 'public')).toEqual([]);
    // users-permissions still made its own defaults: the Public role may register and log in.
    expect(await actionsOf(strapi, 'public', 'plugin::users-permissions.auth.')).toEqual(
      expect.arrayContaining(['plugin::users-permissions.auth.callback', 'plugin::users-permissions.auth.register']),
    );
  }, {}, { NOTIFS_TEST_NOTIFS_FIRST: 'true' });
});

test('readApi.grantAuthenticated: false grants nothing', async () => {
  await boot(async (strapi) => {
    expect(await actionsOf(strapi, 'authenticated')).toEqual([]);
  }, { readApi: { grantAuthenticated: false } });
});

test('an upgrade offers the actions added since, once, to a role that still holds some of the read API', async () => {
  const added = [
    'plugin::notifs.notifications.archive',
    'plugin::notifs.notifications.archiveAllRead',
    'plugin::notifs.notifications.deleteAll',
    'plugin::notifs.notifications.markAllSeen',
    'plugin::notifs.notifications.unarchive',
  ];
  // The state an app upgraded from the version that only remembered `readApiGranted: true`, with one action revoked.
  const asBeforeUpgrade = async (strapi: Core.Strapi) => {
    await strapi.db.query('plugin::users-permissions.permission').deleteMany({ where: { action: { $in: [...added, 'plugin::notifs.notifications.delete'] } } });
    await strapi.store({ type: 'plugin', name: 'notifs' }).set({ key: 'readApiGranted', value: true });
  };
  await boot(asBeforeUpgrade);
  await boot(async (strapi) => {
    const actions = await actionsOf(strapi, 'authenticated');
    expect(actions).toEqual(expect.arrayContaining(added));
    expect(actions).not.toContain('plugin::notifs.notifications.delete');
    expect(actions).toHaveLength(ALL - 1);
    // Revoked after the upgrade: stays revoked.
    await strapi.db.query('plugin::users-permissions.permission').delete({ where: { action: 'plugin::notifs.notifications.archive' } });
  });
  await boot(async (strapi) => {
    expect(await actionsOf(strapi, 'authenticated')).not.toContain('plugin::notifs.notifications.archive');
    // An app whose admin revoked the whole read API before upgrading is given none of the new actions.
    await strapi.db.query('plugin::users-permissions.permission').deleteMany({ where: { action: { $startsWith: 'plugin::notifs.' } } });
    await strapi.store({ type: 'plugin', name: 'notifs' }).set({ key: 'readApiGranted', value: true });
  });
  await boot(async (strapi) => {
    expect(await actionsOf(strapi, 'authenticated')).toEqual([]);
  });
}, 240_000);
