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

const SIGNALS = ['SIGTERM', 'SIGINT'];

/** The listeners `run()` adds to `signals`, by signal. */
const listenersAddedBy = (signals, run) => {
  const before = Object.fromEntries(signals.map((signal) => [signal, process.listeners(signal)]));
  run();
  return Object.fromEntries(signals.map((signal) => [signal, process.listeners(signal).filter((listener) => !before[signal].includes(listener))]));
};

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
  let strapi;
  const strapiSignalHandlers = listenersAddedBy(SIGNALS, () => {
    strapi = createStrapi({ appDir, distDir: outDir, autoReload: false, serveAdminPanel: false });
  });
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
  if (handleSignals) {
    // createStrapi() listens to SIGTERM and SIGINT itself and destroys Strapi too: two destroys at
    // once make the second fail ("Destroy for api::… has already been called"). Ours replaces it,
    // so there is one shutdown, logged, with exit code 0.
    let stopping = null;
    const stop = (signal) => {
      // A second signal (an impatient Ctrl-C, or the one some shells send twice) waits for the first shutdown.
      stopping ??= (async () => {
        strapi.log.info(`[notifs] ${signal}: finishing sends in flight, then exiting`);
        let code = 0;
        await strapi.destroy().catch((error) => {
          code = 1;
          strapi.log.error(`[notifs] shutdown: ${error.message}`);
        });
        process.exit(code);
      })();
      return stopping;
    };
    // Ours first, then Strapi's off: a signal has a listener at every moment. (Removed the other way
    // round, Node stops watching the signal in between, and a SIGTERM arriving then is lost: seen
    // when a supervisor stops the worker right after its "running" line.)
    for (const signal of SIGNALS) process.on(signal, () => void stop(signal));
    for (const [signal, listeners] of Object.entries(strapiSignalHandlers)) {
      for (const listener of listeners) process.removeListener(signal, listener);
    }
  }
  // Said once the signals are ours: whoever waits for this line may stop the worker at once.
  strapi.log.info(`[notifs] worker running (backend "${backend}", pid ${process.pid}), no HTTP server`);
  return strapi;
};

module.exports = { runWorker };

if (require.main === module) {
  runWorker({ appDir: process.argv[2] ? path.resolve(process.argv[2]) : process.cwd() }).catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
}
