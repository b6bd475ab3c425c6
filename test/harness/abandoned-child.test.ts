/**
 * The test harness: a child process a test started ends with the test file, even when the test timed
 * out before its own `finally`. A child left running holds Jest open after the last test, and the run
 * never ends (CI's PostgreSQL and MariaDB runs, where the tests with several instances run, hit CI's
 * time limit so).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runJest } from './run-jest';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a Jest run whose test timed out with a second instance running ends, and the instance with it', async () => {
  const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-harness-')), 'child.pid');
  const { status, output, ended } = await runJest('**/test/helpers/fixtures/abandoned-child.fixture.ts', {
    env: { NOTIFS_FIXTURE_PID_FILE: pidFile },
    limitMs: 40_000,
  });
  const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
  const childAlive = isAlive(childPid);
  if (childAlive) process.kill(childPid, 'SIGKILL');
  expect(output).toContain('Exceeded timeout of 1000 ms');
  expect(output).toContain('Tests:       1 failed, 1 total');
  expect(ended).toBe(true); // within 40 s of starting; Jest waits forever for a live child
  expect(status).toBe(1);
  expect(childAlive).toBe(false);
}, 120_000);
