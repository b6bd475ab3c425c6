import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { endsWithTestFile } from '../helpers/child-processes';

export interface AppChild {
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when it ends. */
  exited: Promise<number | string | null>;
  /** What it wrote to stderr so far. */
  stderr(): string;
}

/**
 * Another Strapi instance in its own process (test/helpers/drain-child.js): it boots the test app on
 * `tmpDir`'s database with `config` and lets its cron task send until killed, as a second server of
 * the same app would.
 */
export const spawnAppChild = (tmpDir: string, config: PluginConfigInput, env: Record<string, string> = {}): AppChild => {
  const child = endsWithTestFile(
    spawn(process.execPath, [path.join(__dirname, '../helpers/drain-child.js')], {
      env: { ...process.env, ...env, NOTIFS_CHILD_TMP: tmpDir, NOTIFS_CHILD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited, stderr: () => stderr };
};
