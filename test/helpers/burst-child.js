'use strict';
/**
 * Another Strapi instance of the same app, in its own process: boots the test app on the database of
 * NOTIFS_CHILD_TMP with the config in NOTIFS_CHILD_CONFIG, waits until NOTIFS_CHILD_START_AT (epoch
 * ms, so that two of them write at the same moment), makes every notify() call of NOTIFS_CHILD_INPUTS
 * (a JSON list) at once, prints "done N" and stops.
 */
const { bootApp } = require('./boot-app');

(async () => {
  const app = await bootApp({ config: JSON.parse(process.env.NOTIFS_CHILD_CONFIG), tmpDir: process.env.NOTIFS_CHILD_TMP });
  try {
    const wait = Number(process.env.NOTIFS_CHILD_START_AT) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
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
