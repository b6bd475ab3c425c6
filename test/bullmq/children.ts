import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
import { endsWithTestFile } from '../helpers/child-processes';

/** One line of NOTIFS_RECORD_FILE: a send by the recording provider in some process. */
export interface RecordLine {
  method: string;
  pid: number;
  payloads: { key?: string; notificationId?: number | null }[];
}

/**
 * The sends recorded in `recordFile` so far, by any process. Only whole lines: a worker may be halfway
 * through appending one while this reads (CI saw a cut line fail JSON.parse).
 */
export const readRecords = (recordFile: string): RecordLine[] =>
  fs.existsSync(recordFile)
    ? fs
        .readFileSync(recordFile, 'utf8')
        .split('\n')
        .slice(0, -1) // what follows the last newline is not a whole line yet
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecordLine)
    : [];

export interface WorkerChild {
  child: ChildProcess;
  /** Resolves when the child printed "ready"; rejects with its stderr if it exits first. */
  ready: Promise<void>;
  /** Resolves with the exit code (or signal) when it ends. */
  exited: Promise<number | string | null>;
}

/** Starts test/bullmq/worker-child.js: the worker entry point on the test app and `tmpDir`'s database. */
export const spawnWorker = ({ tmpDir, recordFile, config }: { tmpDir: string; recordFile: string; config: PluginConfigInput }): WorkerChild => {
  const child = endsWithTestFile(spawn(process.execPath, [path.join(__dirname, 'worker-child.js')], {
    env: { ...process.env, NOTIFS_CHILD_TMP: tmpDir, NOTIFS_RECORD_FILE: recordFile, NOTIFS_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`the worker child exited (${String(code)}) before it was ready: ${stderr.slice(-1_000)}`)));
  });
  return { child, ready, exited };
};
