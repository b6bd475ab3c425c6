#!/usr/bin/env node
'use strict';
/**
 * Builds the plugin:
 * - server: `tsc` to one CommonJS module tree in dist/server. Not a bundle with an ESM twin (what
 *   @strapi/sdk-plugin makes): the classes apps import must be the very objects Strapi loaded, or
 *   `instanceof BaseNotificationChannel` fails across the two copies.
 * - admin: esbuild bundles admin/src to dist/admin (ESM and CJS), React and Strapi left external,
 *   as sdk-plugin would.
 * - client and react (`strapi-plugin-notifs/client`, `/react`): esbuild bundles client/ for browsers
 *   and Node (ESM and CJS, React external), and `tsc` writes their declarations to dist/types/client.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const started = Date.now();

/**
 * Skipped when dist/ was built from the very files it would be built from now (a hash of them). So
 * `npm test` after a build does not delete dist/ under another test run reading it: CI builds once,
 * starts the PostgreSQL and MariaDB runs, then runs `npm test`. `--force` rebuilds.
 */
const INPUTS = [
  'server/src',
  'server/tsconfig.json',
  'admin/src',
  'admin/tsconfig.json',
  'client',
  'scripts/build.js',
  'tsconfig.base.json',
  'package.json',
  'package-lock.json',
];
const OUTPUTS = ['dist/server/index.js', 'dist/admin/index.js', 'dist/client/index.js', 'dist/react/index.js'];
// Not in dist/: the package would ship it.
const stampFile = path.join(root, 'node_modules/.cache/strapi-plugin-notifs/build-inputs-sha256');

const inputsHash = () => {
  const hash = crypto.createHash('sha256');
  const add = (relative) => {
    const full = path.join(root, relative);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) add(path.join(relative, name));
    } else {
      hash.update(`${relative}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  INPUTS.forEach(add);
  return hash.digest('hex');
};

const hash = inputsHash();
const upToDate = () =>
  fs.existsSync(stampFile) &&
  fs.readFileSync(stampFile, 'utf8') === hash &&
  OUTPUTS.every((output) => fs.existsSync(path.join(root, output)));
if (!process.argv.includes('--force') && upToDate()) {
  console.log('dist/ is already built from these sources: not rebuilt (`npm run build -- --force` rebuilds)');
  process.exit(0);
}

fs.rmSync(stampFile, { force: true });
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'server/tsconfig.json')], {
  stdio: 'inherit',
});

const shared = {
  entryPoints: [path.join(root, 'admin/src/index.ts')],
  bundle: true,
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  loader: { '.json': 'json' },
  logLevel: 'warning',
  // Everything the admin app already provides.
  external: ['react', 'react-dom', 'react/*', 'react-intl', 'react-router-dom', 'styled-components', '@strapi/*'],
};

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'client/tsconfig.json')], {
  stdio: 'inherit',
});

// Front-end entries: no Strapi and no dependency inside; React stays the app's own copy.
const frontEnd = (entry, out) => {
  const options = {
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'neutral',
    target: 'es2020',
    jsx: 'automatic',
    logLevel: 'warning',
    external: ['react', 'react/*', 'react-dom'],
  };
  return [
    esbuild.build({ ...options, format: 'esm', outfile: path.join(root, `dist/${out}/index.mjs`) }),
    esbuild.build({ ...options, format: 'cjs', outfile: path.join(root, `dist/${out}/index.js`) }),
  ];
};

Promise.all([
  esbuild.build({ ...shared, format: 'esm', outfile: path.join(root, 'dist/admin/index.mjs') }),
  esbuild.build({ ...shared, format: 'cjs', outfile: path.join(root, 'dist/admin/index.js') }),
  ...frontEnd('client/src/index.ts', 'client'),
  ...frontEnd('client/react/index.ts', 'react'),
])
  .then(() => {
    fs.mkdirSync(path.dirname(stampFile), { recursive: true });
    fs.writeFileSync(stampFile, hash);
  })
  .then(() => console.log(`built dist/server, dist/admin, dist/client and dist/react in ${((Date.now() - started) / 1000).toFixed(1)} s`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
