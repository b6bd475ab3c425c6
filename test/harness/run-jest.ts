import { spawn } from 'node:child_process';
import path from 'node:path';
import { endsWithTestFile } from '../helpers/child-processes';

const ROOT = path.resolve(__dirname, '../..');

export interface JestRun {
  /** Jest's exit status (null when it was killed). */
  status: number | null;
  /** stdout and stderr together. */
  output: string;
  /** False when Jest was still running after `limitMs` and was killed. */
  ended: boolean;
}

/** Runs the repository's Jest on the files matching `testMatch` (fixtures, which the main run never matches). */
export const runJest = (testMatch: string, { env = {}, limitMs = 90_000 }: { env?: Record<string, string>; limitMs?: number } = {}) =>
  new Promise<JestRun>((resolve, reject) => {
    const child = endsWithTestFile(
      spawn(process.execPath, [require.resolve('jest/bin/jest'), '--testMatch', testMatch], { cwd: ROOT, env: { ...process.env, ...env } })
    );
    let output = '';
    let ended = true;
    const limit = setTimeout(() => {
      ended = false;
      child.kill('SIGKILL');
    }, limitMs);
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(limit);
      resolve({ status, output, ended });
    });
  });
