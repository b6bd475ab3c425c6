'use strict';
/**
 * A Strapi instance in its own process, for the crash test: it boots the test app on the database
 * given in NOTIFS_CHILD_TMP with the config in NOTIFS_CHILD_CONFIG (JSON), lets its cron task drain
 * the queue (the recording provider appends each send to NOTIFS_RECORD_FILE), and runs until killed.
 */
const { bootApp } = require('./boot-app');

bootApp({ config: JSON.parse(process.env.NOTIFS_CHILD_CONFIG), tmpDir: process.env.NOTIFS_CHILD_TMP })
  .then(() => {
    process.stdout.write('ready\n');
    setInterval(() => undefined, 60_000);
  })
  .catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
