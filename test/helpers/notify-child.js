'use strict';
/**
 * Another Strapi instance, in its own process: boots the test app on the temp dir NOTIFS_CHILD_TMP
 * (the same database as the test's instance) with the config in NOTIFS_CHILD_CONFIG, calls
 * notify(JSON.parse(NOTIFS_CHILD_INPUT)), prints the notification as JSON and stops.
 */
const { bootApp } = require('./boot-app');

(async () => {
  const app = await bootApp({ config: JSON.parse(process.env.NOTIFS_CHILD_CONFIG), tmpDir: process.env.NOTIFS_CHILD_TMP });
  try {
    const notification = await app.strapi.plugin('notifs').service('notify').notify(JSON.parse(process.env.NOTIFS_CHILD_INPUT));
    process.stdout.write(`${JSON.stringify(notification)}\n`);
  } finally {
    await app.stop();
  }
  process.exit(0);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
