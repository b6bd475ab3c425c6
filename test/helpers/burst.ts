import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { databaseKind } from './strapi';
import { announceSkip } from '../bullmq/redis';

/**
 * Another instance of the test app, in its own process on `tmpDir`'s database, making every notify()
 * call of `inputs` at once at `startAt` (epoch ms: two of them start together once both have booted).
 * Resolves with what it printed ("done N"); rejects with its stderr if it failed.
 */
export const notifyBurstInChild = (tmpDir: string, config: PluginConfigInput, startAt: number, inputs: unknown[]): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'burst-child.js')], {
      env: {
        ...process.env,
        NOTIFS_CHILD_TMP: tmpDir,
        NOTIFS_CHILD_CONFIG: JSON.stringify(config),
        NOTIFS_CHILD_START_AT: String(startAt),
        NOTIFS_CHILD_INPUTS: JSON.stringify(inputs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${code}: ${err}`))));
  });

/**
 * `describe` on PostgreSQL or MySQL, else skipped saying why: instances writing at once are what
 * they share; two processes writing one SQLite file is no deployment (SQLite refuses the second
 * writer's lock upgrade with "database is locked" at once).
 */
export const describeOnServerDatabase = (name: string, body: () => void): void => {
  if (databaseKind() !== 'sqlite') {
    describe(name, body);
    return;
  }
  announceSkip(`"${name}": needs NOTIFS_TEST_DB (PostgreSQL or MySQL): several instances share a server database, not one SQLite file`);
  describe.skip(name, body);
};
