import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { endsByEndOfFile } from './leftovers';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JS, shared with child processes
const testDb = require('./test-db.js') as {
  kind(): 'sqlite' | 'postgres' | 'mysql';
  prepareDatabase(tmpDir: string): Promise<Record<string, string>>;
  dropDatabase(tmpDir: string): Promise<void>;
  queryDatabase(tmpDir: string, sql: string): Promise<Record<string, unknown>[]>;
};

/** Which database the suites run on: SQLite, or the server NOTIFS_TEST_DB names. */
export const databaseKind = testDb.kind;

/** Rows of a SQL query on a boot's database, read without Strapi. */
export const queryDatabase = testDb.queryDatabase;

/** Removes a temp dir made for `bootStrapi({ tmpDir })`, and its server database if there is one. */
export const removeTestDir = async (tmpDir: string): Promise<void> => {
  await testDb.dropDatabase(tmpDir);
  fs.rmSync(tmpDir, { recursive: true, force: true });
};

const APP_DIR = path.resolve(__dirname, '../app');

export interface TestApp {
  strapi: Core.Strapi;
  /** The temp dir of this boot (its SQLite file, or the name of its server database). */
  tmpDir: string;
  /** Destroys Strapi and removes the temp dir. */
  stop(): Promise<void>;
}

export interface BootOptions {
  /** `notifs.config` for this boot. */
  config?: PluginConfigInput;
  /** Reuse a temp dir and its database (to boot again on the same data, as after a restart). */
  tmpDir?: string;
  /** Environment variables for this boot only. */
  env?: Record<string, string>;
  /** Runs in the test app's `register()` (what Strapi allows only there, e.g. adding an attribute to the users-permissions user). */
  register?: (strapi: Core.Strapi) => void;
  /** Runs in the test app's `bootstrap()` (what Strapi allows only there, e.g. registering an admin RBAC condition). */
  bootstrap?: (strapi: Core.Strapi) => Promise<void> | void;
}

/**
 * Strapi loads the plugins side by side with the app's APIs, components, policies and middlewares; when
 * a plugin's config is refused, load() rejects while the others still read files. A test file ending then
 * lets Jest tear its environment down under them: their next require sets process.exitCode = 1, and a run
 * with every test passed exits 1. Those loaders wait only on the file system, and each continues into its
 * next file request before any timer or immediate runs, so they have stopped once none is pending.
 */
const untilFileRequestsSettle = async (limitMs = 10_000): Promise<void> => {
  const deadline = Date.now() + limitMs;
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!process.getActiveResourcesInfo().some((kind) => kind.startsWith('FSReq')) || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/**
 * Boots the test app (test/app) on a fresh SQLite file and checks that the plugin is loaded.
 * If the boot fails, the half-built instance is destroyed (or Jest never exits) and the error thrown.
 */
export const bootStrapi = async (options: BootOptions = {}): Promise<TestApp> => {
  const tmpDir = options.tmpDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-test-'));
  const previousEnv: Record<string, string | undefined> = {};
  const env = { ...(await testDb.prepareDatabase(tmpDir)), ...options.env };
  for (const [key, value] of Object.entries(env)) {
    previousEnv[key] = process.env[key];
    process.env[key] = value;
  }
  (globalThis as Record<string, unknown>).__NOTIFS_TEST_CONFIG__ = options.config ?? {};
  (globalThis as Record<string, unknown>).__NOTIFS_TEST_BOOTSTRAP__ = options.bootstrap;
  (globalThis as Record<string, unknown>).__NOTIFS_TEST_REGISTER__ = options.register;

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late: env must be set first
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const strapi = createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false, serveAdminPanel: false });
  const restoreEnv = () => {
    for (const [key, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  try {
    await strapi.load();
    if (!strapi.plugin('notifs')) {
      throw new Error('Strapi booted without the notifs plugin: is dist/ built, and test/app/config/plugins.js right?');
    }
    await strapi.server.mount();
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    await untilFileRequestsSettle();
    restoreEnv();
    if (!options.tmpDir) await removeTestDir(tmpDir);
    throw error;
  }
  restoreEnv();

  const stop = async () => {
    await strapi.destroy();
    if (!options.tmpDir) await removeTestDir(tmpDir);
  };
  const forget = endsByEndOfFile(`the Strapi instance on ${tmpDir}`, stop);
  return {
    strapi,
    tmpDir,
    async stop() {
      forget();
      await stop();
    },
  };
};
