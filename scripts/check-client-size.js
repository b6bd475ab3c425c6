#!/usr/bin/env node
'use strict';
/**
 * `strapi-plugin-notifs/client` must stay under 5 kB gzipped: it ships inside apps' bundles.
 * Measures the built files (run `npm run build` first); run by the test suite (test/client/size.test.ts).
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const LIMIT_BYTES = 5 * 1024;
const FILES = ['dist/client/index.mjs', 'dist/client/index.js'];

/** Gzipped size of each built client file, in bytes. */
const measure = (root = path.resolve(__dirname, '..')) =>
  FILES.map((file) => {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) throw new Error(`${file} is missing: run "npm run build" first`);
    return { file, bytes: zlib.gzipSync(fs.readFileSync(full), { level: 9 }).length };
  });

module.exports = { measure, LIMIT_BYTES };

if (require.main === module) {
  const sizes = measure();
  sizes.forEach(({ file, bytes }) => console.log(`${file}: ${bytes} bytes gzipped (limit ${LIMIT_BYTES})`));
  const over = sizes.filter(({ bytes }) => bytes > LIMIT_BYTES);
  if (over.length) {
    console.error(`Over the limit: ${over.map(({ file }) => file).join(', ')}. Keep the client dependency-free and small.`);
    process.exit(1);
  }
}
