import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, removeTestDir, type TestApp } from '../helpers/strapi';
import { createUser } from '../helpers/users';
import { tokenFor } from '../helpers/http';
import { launchBrowser, screenshot } from './browser';
import { servePage } from './inbox-page';

/**
 * The React bell (strapi-plugin-notifs/react, as the example app uses it) in headless Chromium
 * against a real Strapi: badge, live notification, mark read, a server restart with a notification
 * sent while it was down, and another user's page that never sees any of it.
 * No admin build needed: `npm run build && npx jest --config jest.e2e.config.js test/e2e/inbox.e2e.ts`.
 */
let tmpDir: string;
let app: TestApp;
let port: number;
let browser: Browser;
let page: { url: string; close(): Promise<void> };
let ada: { id: number };
let bob: { id: number };

const boot = async () => {
  app = await bootStrapi({ tmpDir, config: { backend: 'sync' } });
};
const listenOn = (wanted: number) =>
  new Promise<number>((resolve) => {
    const server = app.strapi.server.httpServer as Server;
    server.listen(wanted, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
const notify = (recipient: number, shortDescription: string, channels = ['in_app']) =>
  app.strapi.plugin('notifs').service('notify').notify({ recipient, shortDescription, channels });

const openInbox = async (token: string): Promise<Page> => {
  const context = await browser.newContext();
  // Loopback only: the page and Strapi.
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  const tab = await context.newPage();
  await tab.goto(`${page.url}/?strapi=${encodeURIComponent(`http://127.0.0.1:${port}`)}&token=${encodeURIComponent(token)}`);
  await tab.getByText('Live', { exact: true }).waitFor();
  return tab;
};
const badge = (tab: Page) => tab.locator('[data-notifs-badge]');

beforeAll(async () => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-inbox-e2e-'));
  await boot();
  port = await listenOn(0);
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
  await notify(ada.id, 'Your order shipped', []);
  await notify(ada.id, 'Invoice ready', []);
  await notify(bob.id, 'Bob’s own', []);
  [browser, page] = await Promise.all([launchBrowser(), servePage()]);
});
afterAll(async () => {
  await browser?.close();
  await page?.close();
  await app?.stop();
  if (tmpDir) await removeTestDir(tmpDir);
});

test('badge, live notification, mark read, a server restart that loses nothing, and another user who sees none of it', async () => {
  const adas = await openInbox(await tokenFor(app.strapi, ada.id));
  const bobs = await openInbox(await tokenFor(app.strapi, bob.id));
  await expect(badge(adas).textContent()).resolves.toBe('2');
  await expect(badge(bobs).textContent()).resolves.toBe('1');

  // A notify() on the server shows on the open page, without a reload: the client does not poll, so
  // it came over the stream (10 s bounds a loaded machine, it is no latency target), which never dropped.
  await notify(ada.id, 'Live from the server');
  await badge(adas).getByText('3', { exact: true }).waitFor({ timeout: 10_000 });
  await expect(adas.getByText('Live', { exact: true }).isVisible()).resolves.toBe(true);
  await adas.getByRole('button', { name: 'Notifications: 3 unread' }).click();
  const live = adas.getByRole('dialog', { name: 'Notifications' }).getByRole('button', { name: /Live from the server/ });
  await expect(live.getAttribute('data-notifs-read')).resolves.toBe('false');
  await screenshot(adas, 'inbox-bell-open');

  // Marking it read updates the badge, and the server agrees.
  await live.click();
  await adas.getByRole('button', { name: 'Notifications: 2 unread' }).waitFor();
  await expect(live.getAttribute('data-notifs-read')).resolves.toBe('true');
  expect(await app.strapi.plugin('notifs').service('read').unreadCount({ recipient: ada.id })).toBe(2);

  // Server restart: Strapi goes away, a new one boots on the same database, notifies before it
  // listens, then takes the same port. The page reconnects and is replayed what it missed.
  await app.stop();
  await adas.getByText('Reconnecting…').waitFor();
  await boot();
  await notify(ada.id, 'Sent while the server restarted');
  await listenOn(port);
  await adas.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
  await adas.getByRole('dialog').getByRole('button', { name: /Sent while the server restarted/ }).waitFor();
  await adas.getByRole('button', { name: 'Notifications: 3 unread' }).waitFor();
  await screenshot(adas, 'inbox-after-restart');

  // Bob's page reconnected too, and shows only his own.
  await bobs.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
  await bobs.getByRole('button', { name: /Notifications: 1 unread/ }).click();
  const bobsItems = await bobs.getByRole('dialog').getByRole('listitem').allTextContents();
  expect(bobsItems).toHaveLength(1);
  expect(bobsItems[0]).toContain('Bob’s own');
  expect(await bobs.locator('body').textContent()).not.toMatch(/Live from the server|Sent while the server restarted|Your order shipped/);
});
