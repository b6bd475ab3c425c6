'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Strapi boots without a plugin whose dist/ is missing, and says nothing: refuse to test that. */
const { dropLeftoverDatabases, kind } = require('./test-db');

module.exports = async () => {
  const entry = path.resolve(__dirname, '../../dist/server/index.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`The plugin is not built (${entry} is missing): run "npm run build" first, or "npm test", which builds.`);
  }
  if (kind() !== 'sqlite') {
    await dropLeftoverDatabases();
    console.log(`\nnotifs tests run on ${kind()} (NOTIFS_TEST_DB=${process.env.NOTIFS_TEST_DB})`);
  }
};
