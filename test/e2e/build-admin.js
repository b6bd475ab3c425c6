#!/usr/bin/env node
'use strict';
/**
 * Builds the test app's admin panel (test/app/build) with the plugin's admin in it: what
 * `strapi build` does, called through Strapi's own build function. Not the CLI: the CLI looks for a
 * tsconfig.json in the app's parent folders, finds test/tsconfig.json (the suites'), and takes the
 * plain-JS test app for a TypeScript one. Run `npm run build` first (the plugin's dist/).
 */
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '../..');
const APP_DIR = path.join(ROOT, 'test/app');
const strapiDist = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'dist/src');
// eslint-disable-next-line import/no-dynamic-require
const { build } = require(path.join(strapiDist, 'node/build.js'));
// eslint-disable-next-line import/no-dynamic-require
const { createLogger } = require(path.join(strapiDist, 'cli/utils/logger.js'));

const main = async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/admin/index.js'))) throw new Error('The plugin is not built: run "npm run build" first');
  process.chdir(APP_DIR); // Vite resolves the generated entry against the working directory
  const started = Date.now();
  await build({
    cwd: APP_DIR,
    logger: createLogger({ debug: false, silent: false, timestamp: false }),
    tsconfig: undefined,
    bundler: 'vite',
    minify: true,
    sourcemap: false,
    stats: false,
  });
  console.log(`test/app admin built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
