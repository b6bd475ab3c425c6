/**
 * Node child processes of a test file (other instances of the app, workers), killed when the file ends.
 * A test that times out never reaches its own `finally`; a child it left running (an instance waiting
 * for "go", a worker that never stops) would hold Jest open after the last test, and the run would never
 * end. Registered once per test file: each file has its own module registry, so its own set.
 */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

afterAll(async () => {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          if (!child.kill('SIGKILL')) resolve(); // already gone
        })
    )
  );
});

/** `child`, to be killed when this test file ends if it is still running then. */
export const endsWithTestFile = <Child extends ChildProcess>(child: Child): Child => {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
};
