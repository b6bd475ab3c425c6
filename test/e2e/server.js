#!/usr/bin/env node
'use strict';
/**
 * The end-to-end server: the test app with its built admin panel (test/e2e/build-admin.js), on a
 * fresh SQLite file, seeded with what the browser tests look at. Run by the suite as a child
 * process, so the pid it holds is the server's. Prints one line `NOTIFS_E2E_READY {json}` once it
 * listens, with the URL and the seeded ids.
 *
 * Env: PORT (0: any free port), NOTIFS_E2E_TMP (where the database goes).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, APP_DIR } = require('../helpers/boot-app');
const { seed } = require('./seed');

const main = async () => {
  if (!fs.existsSync(path.join(APP_DIR, 'build/index.html'))) {
    throw new Error('The test app has no admin build: run "node test/e2e/build-admin.js" first');
  }
  const link = path.join(APP_DIR, 'node_modules/strapi-plugin-notifs');
  if (!fs.existsSync(link)) fs.symlinkSync(path.relative(path.dirname(link), ROOT), link, 'dir');
  const tmpDir = process.env.NOTIFS_E2E_TMP || fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-e2e-'));
  process.env.DATABASE_FILENAME = path.join(tmpDir, 'data.db');
  process.env.PORT = process.env.PORT || '0';
  // Drained every second; one attempt, so a failing delivery is dead at once and waits for a retry.
  globalThis.__NOTIFS_TEST_CONFIG__ = {
    backend: 'database',
    queue: { pollRule: '*/1 * * * * *', maxAttempts: 1 },
    triggers: [
      { uid: 'api::article.article', events: ['delete'], channels: ['console'], recipients: () => [], build: () => ({ shortDescription: 'deleted' }) },
    ],
  };

  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false, serveAdminPanel: true });
  await strapi.start();
  const seeded = await seed(strapi);
  const { port } = strapi.server.httpServer.address();
  process.stdout.write(`NOTIFS_E2E_READY ${JSON.stringify({ url: `http://127.0.0.1:${port}`, tmpDir, ...seeded })}\n`);

  const stop = () => strapi.destroy().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
