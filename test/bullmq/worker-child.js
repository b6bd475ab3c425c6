'use strict';
/**
 * A worker process as users run it: bin/notifs-worker.js's runWorker() on the test app, with the
 * database of NOTIFS_CHILD_TMP and the notifs config in NOTIFS_CHILD_CONFIG (JSON). The recording
 * provider appends each send to NOTIFS_RECORD_FILE. Prints "ready" once loaded; SIGTERM stops it
 * gracefully (runWorker's handler), SIGKILL is a crash.
 */
const fs = require('node:fs');
const path = require('node:path');
const { prepareDatabase } = require('../helpers/test-db');
const { ROOT, APP_DIR } = require('../helpers/boot-app');

(async () => {
  // The app resolves the plugin by name, as an installed one (boot-app.js makes the same link).
  const link = path.join(APP_DIR, 'node_modules/strapi-plugin-notifs');
  if (!fs.existsSync(link)) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(link), ROOT), link, 'dir');
  }
  Object.assign(process.env, await prepareDatabase(process.env.NOTIFS_CHILD_TMP));
  globalThis.__NOTIFS_TEST_CONFIG__ = JSON.parse(process.env.NOTIFS_CHILD_CONFIG);
  const { runWorker } = require(path.join(ROOT, 'bin/notifs-worker.js'));
  const strapi = await runWorker({ appDir: APP_DIR, distDir: APP_DIR });
  if (strapi.server.httpServer.listening) throw new Error('the worker entry point opened an HTTP server');
  process.stdout.write('ready\n');
  setInterval(() => undefined, 60_000);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
