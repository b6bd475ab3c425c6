import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { databaseKind } from './strapi';
import { endsWithTestFile } from './child-processes';
import { announceSkip } from '../bullmq/redis';

/** A child instance of the test app, booted and waiting for the word to make its notify() calls. */
interface BurstChild {
  ready: Promise<void>;
  go(): void;
  /** What it printed last ("done N"); rejects with its stderr if it failed. */
  done: Promise<string>;
}

const spawnBurstChild = (tmpDir: string, config: PluginConfigInput, inputs: unknown[]): BurstChild => {
  const child = endsWithTestFile(
    spawn(process.execPath, [path.join(__dirname, 'burst-child.js')], {
      env: {
        ...process.env,
        NOTIFS_CHILD_TMP: tmpDir,
        NOTIFS_CHILD_CONFIG: JSON.stringify(config),
        NOTIFS_CHILD_INPUTS: JSON.stringify(inputs),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
  );
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk) => (err += chunk));
  const done = new Promise<string>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(out.replace('ready\n', '').trim()) : reject(new Error(`child exited ${code}: ${err}`))
    )
  );
  // A child that dies while booting must not leave the others waiting for it.
  return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => child.stdin.end('go\n'), done };
};

/**
 * Instances of the test app, each in its own process on `tmpDir`'s database, making their notify()
 * calls (one list of inputs each) at the same moment, once all have booted. Resolves with what each
 * printed ("done N"); rejects with a child's stderr if one failed.
 */
export const notifyBurstsInChildren = async (tmpDir: string, config: PluginConfigInput, bursts: unknown[][]): Promise<string[]> => {
  const children = bursts.map((inputs) => spawnBurstChild(tmpDir, config, inputs));
  await Promise.all(children.map((child) => child.ready));
  children.forEach((child) => child.go());
  return Promise.all(children.map((child) => child.done));
};

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
