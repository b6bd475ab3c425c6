#!/usr/bin/env node
'use strict';
/**
 * Runs a Strapi app's notification workers without its HTTP server: the app is loaded (plugins,
 * database, cron, the notifs backend and its BullMQ worker) and never listens. Stop it with SIGTERM
 * or SIGINT: sends in flight finish first.
 *
 *   node node_modules/strapi-plugin-notifs/bin/notifs-worker.js [appDir]
 *
 * A TypeScript app must be built first (`strapi build`): its compiled code in `dist/` is loaded.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * Loads the app at `appDir` and leaves it running as a worker.
 * @param {{ appDir?: string, distDir?: string, handleSignals?: boolean }} [options]
 * @returns {Promise<import('@strapi/strapi').Core.Strapi>} the loaded Strapi (never listening)
 */
const runWorker = async ({ appDir = process.cwd(), distDir, handleSignals = true } = {}) => {
  const typescript = fs.existsSync(path.join(appDir, 'tsconfig.json'));
  const outDir = distDir || (typescript ? path.join(appDir, 'dist') : appDir);
  if (!fs.existsSync(outDir)) {
    throw new Error(`[notifs] ${outDir} does not exist: build the app first ("npm run build"), or pass its distDir`);
  }
  // The app's own Strapi, not one this package might resolve elsewhere.
  const { createStrapi } = require(require.resolve('@strapi/strapi', { paths: [appDir] }));
  const strapi = createStrapi({ appDir, distDir: outDir, autoReload: false, serveAdminPanel: false });
  try {
    await strapi.load();
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    throw error;
  }
  if (!strapi.plugin('notifs')) {
    await strapi.destroy();
    throw new Error('[notifs] the app loaded without the notifs plugin: enable it in config/plugins');
  }
  const { backend } = strapi.config.get('plugin::notifs');
  if (backend === 'sync') strapi.log.warn('[notifs] backend "sync" keeps no queue: this worker has nothing to do');
  strapi.log.info(`[notifs] worker running (backend "${backend}", pid ${process.pid}), no HTTP server`);
  if (handleSignals) {
    const stop = async (signal) => {
      strapi.log.info(`[notifs] ${signal}: finishing sends in flight, then exiting`);
      await strapi.destroy().catch((error) => strapi.log.error(`[notifs] shutdown: ${error.message}`));
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  }
  return strapi;
};

module.exports = { runWorker };

if (require.main === module) {
  runWorker({ appDir: process.argv[2] ? path.resolve(process.argv[2]) : process.cwd() }).catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
}
