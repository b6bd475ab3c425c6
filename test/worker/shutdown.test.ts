/**
 * The worker entry point as an operator runs it (`node bin/notifs-worker.js appDir`): it starts,
 * and on SIGTERM stops cleanly: exit code 0 and not one error line on either stream.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { endsWithTestFile } from '../helpers/child-processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { linkPlugin } = require('../helpers/boot-app') as { linkPlugin: () => void };

const ROOT = path.resolve(__dirname, '../..');
// Strapi's own error lines are `error: …` (winston, colours stripped); Node's are stack traces.
const ERROR_LINE = /(^|\s)(error|Error)\b[:[]|Unhandled|already been called/;
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('bin/notifs-worker.js', () => {
  test('stops on SIGTERM with exit code 0 and no error line', async () => {
    linkPlugin(); // the test app's own code requires 'strapi-plugin-notifs', as an installed app would
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-worker-'));
    const child = endsWithTestFile(spawn(process.execPath, [path.join(ROOT, 'bin/notifs-worker.js'), path.join(ROOT, 'test/app')], {
      cwd: ROOT,
      // info: the "worker running" line says it is up; a fresh SQLite file of its own.
      env: { ...process.env, NOTIFS_TEST_LOG_LEVEL: 'info', DATABASE_FILENAME: path.join(tmpDir, 'data.db'), NOTIFS_TEST_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const running = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('[notifs] worker running')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it ran:\n${stdout}\n${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // A stage that does not end fails with what the worker printed, not with Jest's bare timeout.
    const within = <T>(promise: Promise<T>, ms: number, stage: string): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${stage}: not done after ${ms} ms\n--- stdout\n${plain(stdout)}\n--- stderr\n${plain(stderr)}`)), ms);
      });
      return Promise.race([promise, late]).finally(() => clearTimeout(timer));
    };
    try {
      await within(running, 40_000, 'the worker starting');
      child.kill('SIGTERM');
      const code = await within(exited, 15_000, 'the worker stopping on SIGTERM');
      const errorLines = plain(`${stdout}\n${stderr}`)
        .split('\n')
        .filter((line) => ERROR_LINE.test(line));
      expect({ code, errorLines, stderr: plain(stderr).trim() }).toEqual({ code: 0, errorLines: [], stderr: '' });
      expect(plain(stdout)).toContain('SIGTERM: finishing sends in flight');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  });
});
