/**
 * The test harness: what a test started (a Strapi instance, a loopback server, a child process) ends with its test file,
 * even when the test failed or timed out before its own cleanup. Left running, it holds Jest open after
 * the last test and the run never ends: CI's PostgreSQL and MariaDB runs, where the tests with several
 * instances run, hit CI's time limit so.
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

test('a Jest run whose tests failed with an instance booted, a receiver listening and another instance running ends, and all of them with it', async () => {
  const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-harness-')), 'child.pid');
  const { status, output, ended } = await runJest('**/test/helpers/fixtures/abandoned.fixture.ts', {
    env: { NOTIFS_FIXTURE_PID_FILE: pidFile },
    limitMs: 40_000,
  });
  const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
  const childAlive = isAlive(childPid);
  if (childAlive) process.kill(childPid, 'SIGKILL');
  expect(output).toContain('Exceeded timeout of 1000 ms');
  expect(output).toContain('Tests:       2 failed, 2 total');
  expect(ended).toBe(true); // within 40 s of starting; Jest waits forever for what is left running
  expect(status).toBe(1);
  expect(childAlive).toBe(false);
  expect(output).toMatch(/\[test harness\] the Strapi instance on \S+ was still running after the file's last test: ending it/);
  expect(output).toMatch(/\[test harness\] the loopback HTTP server on port \d+ was still running after the file's last test: ending it/);
  expect(output).toMatch(
    /\[test harness\] child process \d+ \(\S+drain-child\.js\) was still running after the file's last test: ending it/
  );
}, 120_000);

test('a child the test itself killed, still on its way out when the file ends, is not named as left running', async () => {
  const { status, output, ended } = await runJest('**/test/helpers/fixtures/killed-child.fixture.ts', { limitMs: 40_000 });
  expect(output).toContain('Tests:       1 passed, 1 total');
  expect(ended).toBe(true);
  expect(status).toBe(0);
  expect(output).not.toContain('[test harness]');
}, 60_000);
