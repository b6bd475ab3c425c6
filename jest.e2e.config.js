'use strict';
/**
 * The end-to-end suite (npm run test:e2e): headless Chromium against the test app's built admin.
 * Kept out of `npm test`: it needs chromium, playwright-core and a `strapi build` (about a minute).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  globalSetup: undefined,
  testTimeout: 180_000,
};
