'use strict';
/**
 * Boots the test app outside Jest (child processes, benchmarks). Inside Jest, test/helpers/strapi.ts
 * does the same, and Jest maps `strapi-plugin-notifs` to dist/; here Node resolves it, so the app gets
 * a node_modules/strapi-plugin-notifs link to the repository root, as an installed plugin would be.
 */
const fs = require('node:fs');
const { prepareDatabase, dropDatabase } = require('./test-db');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const APP_DIR = path.join(ROOT, 'test/app');

const linkPlugin = () => {
  const link = path.join(APP_DIR, 'node_modules/strapi-plugin-notifs');
  if (fs.existsSync(link)) return;
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), ROOT), link, 'dir');
};

/**
 * @param {{ config?: object, tmpDir?: string }} [options]
 * @returns {Promise<{ strapi: any, tmpDir: string, stop(): Promise<void> }>}
 */
const bootApp = async (options = {}) => {
  if (!fs.existsSync(path.join(ROOT, 'dist/server/index.js'))) {
    throw new Error('The plugin is not built: run "npm run build" first');
  }
  linkPlugin();
  const tmpDir = options.tmpDir || fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-app-'));
  Object.assign(process.env, await prepareDatabase(tmpDir));
  globalThis.__NOTIFS_TEST_CONFIG__ = options.config || {};
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false, serveAdminPanel: false });
  try {
    await strapi.load();
    if (!strapi.plugin('notifs')) throw new Error('Strapi booted without the notifs plugin');
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    throw error;
  }
  return {
    strapi,
    tmpDir,
    async stop() {
      await strapi.destroy();
      if (!options.tmpDir) {
        await dropDatabase(tmpDir);
        fs.rmSync(tmpDir, { recursive: true, force: true });
      }
    },
  };
};

module.exports = { bootApp, linkPlugin, ROOT, APP_DIR };
