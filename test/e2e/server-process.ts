/** Starts test/e2e/server.js as a child process and waits for its READY line. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface E2eServer {
  url: string;
  tmpDir: string;
  admin: { email: string; password: string };
  restricted: { email: string; password: string };
  reader: { email: string; password: string };
  users: { ann: number; ben: number };
  articleDocumentId: string;
  failingNotificationId: number;
  child: ChildProcess;
  /** Output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export const startServer = (timeoutMs = 120_000): Promise<E2eServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'server.js')], {
      env: { ...process.env, NODE_ENV: 'development', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The e2e server did not get ready in ${timeoutMs / 1000} s:\n${output.slice(-3000)}`));
    }, timeoutMs);
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      });
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('NOTIFS_E2E_READY '));
      if (line) {
        clearTimeout(timer);
        resolve({ ...JSON.parse(line.slice('NOTIFS_E2E_READY '.length)), child, log: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The e2e server exited with ${code} before it was ready:\n${output.slice(-3000)}`));
    });
  });
