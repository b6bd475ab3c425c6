import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { bootStrapi, type TestApp } from './helpers/strapi';
import { createUser } from './helpers/users';

/**
 * The README's examples marked `<!-- readme-test: NAME -->` run here as written, against the test
 * app, so the README cannot drift from what the plugin does.
 */
const readme = fs.readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
const example = (name: string): string => {
  const match = new RegExp(`<!-- readme-test: ${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no example marked readme-test: ${name}`);
  return match[1];
};

/** Runs an example as the body of an async function, with `scope` as its free variables. */
const run = async (code: string, scope: Record<string, unknown>): Promise<Record<string, unknown>> => {
  const js = ts.transpileModule(`export {}; ${code}`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exported: Record<string, unknown> = {};
  const names = Object.keys(scope);
  const fn = new Function('require', 'exports', ...names, `return (async () => { ${js}\n })();`);
  await fn(require, exported, ...names.map((n) => scope[n]));
  return exported;
};

let app: TestApp;
let user: { id: number };
let admin: { id: number };
const consoleLines = (log: jest.SpyInstance) =>
  log.mock.calls.map((args) => String(args[0])).filter((line) => line.startsWith('[notifs:console]'));

beforeAll(async () => {
  // The README's install step: an empty config, so the default (database) backend.
  app = await bootStrapi({ config: {} });
  user = await createUser(app.strapi);
  admin = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
});

test('quick start: notify prints through the console channel, read marks it read', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await run(example('quick-start'), { strapi: app.strapi, user, admin });
    await app.strapi.plugin('notifs').service('queue').drain();
    const [line] = consoleLines(log);
    // The line the README shows: `source` is left out of the example, so it prints null.
    expect(JSON.parse(line.replace('[notifs:console] ', ''))).toMatchObject({
      recipient: user.id,
      source: null,
      sourceDisplayName: 'Ada',
      context: { orderTotal: 42 },
    });
  } finally {
    log.mockRestore();
  }
  const rows = await app.strapi.db.query('plugin::notifs.notification').findMany({ where: { recipient: { id: user.id } } });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ isRead: true, shortDescription: 'Ada bought your book', extraData: {} });
});

test('custom channel: sends now, and in bulk after the countdown', async () => {
  const notification = await app.strapi.plugin('notifs').service('notify').notify({ recipient: user.id });
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await run(example('custom-channel'), { strapi: app.strapi, notification });
    await app.strapi.plugin('notifs').service('queue').drain();
    expect(consoleLines(log).map((line) => JSON.parse(line.replace('[notifs:console] ', '')))).toEqual([
      { context: { arbitrary_data: 'data' }, payload: 'console' },
    ]);
  } finally {
    log.mockRestore();
  }
  // The bulk send is queued for 60 s from now.
  const pending = await app.strapi.db.query('plugin::notifs.delivery').findMany({ where: { status: 'queued' } });
  expect(pending).toHaveLength(1);
  expect(pending[0]).toMatchObject({ bulk: true, bulkGroup: expect.any(String), payload: { context: { bulk: true }, payload: 'console' } });
  expect(await app.strapi.plugin('notifs').service('notify').cancel(notification.id)).toBe(1);
});

test('reading: every call of the example works on the user’s own notifications', async () => {
  const notify = app.strapi.plugin('notifs').service('notify');
  for (let i = 0; i < 3; i += 1) await notify.notify({ recipient: user.id, category: 'orders' });
  await run(example('reading'), { strapi: app.strapi, user });
  expect(await app.strapi.plugin('notifs').service('read').unreadCount({ recipient: user.id })).toBe(0);
});

test('queue: drain, stats and retry', async () => {
  const notification = await app.strapi.plugin('notifs').service('notify').notify({ recipient: user.id, channels: ['probe'], extraData: { context: { payload: { fail: 'fatal' } } } });
  await app.strapi.plugin('notifs').service('queue').drain();
  const [dead] = await app.strapi.db.query('plugin::notifs.delivery').findMany({ where: { notification: { id: notification.id } } });
  expect(dead.status).toBe('dead');
  await run(example('queue'), { strapi: app.strapi, deliveryId: dead.id });
  // retry() queued it again; it fails again (the payload still says so) and is dead once more after a drain.
  const [again] = await app.strapi.db.query('plugin::notifs.delivery').findMany({ where: { id: dead.id } });
  expect(again.status).toBe('queued');
});

test('events: a pre_send listener vetoes, a throwing failed listener changes nothing', async () => {
  const exported = await run(example('events'), { strapi: app.strapi });
  void exported;
  const notify = app.strapi.plugin('notifs').service('notify');
  const vetoed = await notify.notify({ recipient: user.id, channels: ['console'], extraData: { context: { doNotDisturb: true } } });
  await app.strapi.plugin('notifs').service('queue').drain();
  const [row] = await app.strapi.db.query('plugin::notifs.delivery').findMany({ where: { notification: { id: vetoed.id } } });
  expect(row).toMatchObject({ status: 'skipped', lastError: 'vetoed by a notifs.pre_send listener' });
});
