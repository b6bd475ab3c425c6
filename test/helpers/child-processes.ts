import type { ChildProcess } from 'node:child_process';
import { endsByEndOfFile } from './leftovers';

/** `child`, killed when this test file ends if it is still running then (test/helpers/leftovers.ts). */
export const endsWithTestFile = <Child extends ChildProcess>(child: Child): Child => {
  const forget = endsByEndOfFile(
    `child process ${child.pid} (${child.spawnargs.slice(1, 2).join(' ')})`,
    () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        if (child.exitCode !== null || child.signalCode !== null || !child.kill('SIGKILL')) resolve();
      }),
    () => !child.killed // a test that killed it did its part; its exit is only awaited
  );
  child.once('exit', forget);
  return child;
};
