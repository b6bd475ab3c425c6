'use strict';
/**
 * Another Strapi instance of the same app, in its own process: boots the test app on the database of
 * NOTIFS_CHILD_TMP with the config in NOTIFS_CHILD_CONFIG, prints "ready", waits for a line "go" on
 * stdin (so that two of them write at the same moment, once both have booted), makes every notify()
 * call of NOTIFS_CHILD_INPUTS (a JSON list) at once, prints "done N" and stops.
 */
const readline = require('node:readline');
const { bootApp } = require('./boot-app');

(async () => {
  const app = await bootApp({ config: JSON.parse(process.env.NOTIFS_CHILD_CONFIG), tmpDir: process.env.NOTIFS_CHILD_TMP });
  try {
    const go = new Promise((resolve) => readline.createInterface({ input: process.stdin }).on('line', (line) => line === 'go' && resolve()));
    process.stdout.write('ready\n');
    await go;
    const notify = app.strapi.plugin('notifs').service('notify');
    const made = await Promise.all(JSON.parse(process.env.NOTIFS_CHILD_INPUTS).map((input) => notify.notify(input)));
    process.stdout.write(`done ${made.length}\n`);
  } finally {
    await app.stop();
  }
  process.exit(0);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
