'use strict';
/** Suites boot a real Strapi from test/app; each file boots its own, so they run one at a time. */

/**
 * Suites that never open a database (unit tests of pure logic, the README's TypeScript snippets, the
 * packed tarball, the browser client's parser and size, the harness's own exit code): on PostgreSQL or MySQL (NOTIFS_TEST_DB set)
 * they would only run again what the SQLite run proved, so they run there only.
 */
const databaseAgnostic = [
  '<rootDir>/server/src/',
  '<rootDir>/test/ts-app/',
  '<rootDir>/test/packaging/',
  '<rootDir>/test/admin-ui/',
  '<rootDir>/test/harness/',
  '<rootDir>/test/client/(readme|size|sse-parser)\\.test\\.ts$',
];

module.exports = {
  // Node's, ending what a failed test left running (test/helpers/leftovers.ts), or Jest would never exit.
  testEnvironment: '<rootDir>/test/helpers/environment.js',
  roots: ['<rootDir>/test', '<rootDir>/server/src'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.NOTIFS_TEST_DB ? databaseAgnostic : [])],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  // The package name resolves to the compiled plugin: the same module Strapi loads, so instanceof holds.
  moduleNameMapper: {
    '^strapi-plugin-notifs$': '<rootDir>/dist/server/index.js',
    // The front-end entries as apps get them: the built bundles.
    '^strapi-plugin-notifs/client$': '<rootDir>/dist/client/index.js',
    '^strapi-plugin-notifs/react$': '<rootDir>/dist/react/index.js',
  },
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  testTimeout: 60_000,
  maxWorkers: 1,
};
