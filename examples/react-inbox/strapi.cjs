#!/usr/bin/env node
'use strict';
/**
 * The repository's test app (test/app) on http://127.0.0.1:1337 for this example, on a fresh SQLite
 * file: creates a demo user, writes its JWT to .env.local for Vite, sends a welcome notification,
 * then one more each time you press Enter. Needs the repository installed and built
 * (`npm ci && npm run build` at its root).
 */
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '../..');
const PORT = Number(process.env.PORT ?? 1337);

const main = async () => {
  let bootApp;
  try {
    ({ bootApp } = require(path.join(ROOT, 'test/helpers/boot-app.js')));
    require.resolve('@strapi/strapi', { paths: [ROOT] });
  } catch {
    throw new Error('The repository is not installed: run "npm ci && npm run build" at its root first');
  }
  const { strapi, stop } = await bootApp({ config: { backend: 'sync' } });
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(PORT, '127.0.0.1', resolve));

  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const user = await strapi.db.query('plugin::users-permissions.user').create({
    data: { username: 'demo', email: 'demo@example.test', provider: 'local', confirmed: true, blocked: false, role: role.id },
  });
  const token = await strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
  fs.writeFileSync(path.join(__dirname, '.env.local'), `VITE_NOTIFS_TOKEN=${token}\n`);

  const notify = strapi.plugin('notifs').service('notify');
  let sent = 0;
  const send = async () => {
    sent += 1;
    await notify.notify({ recipient: user.id, channels: ['in_app'], category: 'demo', shortDescription: `Notification #${sent}, sent at ${new Date().toLocaleTimeString()}` });
    console.log(`sent notification #${sent}`);
  };
  await send();

  console.log(`\nStrapi with the notifs plugin on http://127.0.0.1:${PORT}; the demo user's JWT is in .env.local.`);
  console.log('Now run "npm run dev" in another terminal and open http://localhost:5173. Press Enter here to send a notification, Ctrl+C to stop.\n');
  readline.createInterface({ input: process.stdin }).on('line', () => void send().catch((error) => console.error(error)));

  const shutdown = () => stop().finally(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
};

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
