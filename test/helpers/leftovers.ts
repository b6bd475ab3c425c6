/**
 * What a test file started and must end before Jest can exit: Strapi instances, child processes. A test
 * that fails or times out skips its own cleanup, and what it left running would hold Jest open after the
 * last test: the run would never end. test/helpers/environment.js ends what is left once the file's tests
 * and hooks have run, and says what it ended.
 */
export interface Leftover {
  /** Named in the message, e.g. "the Strapi instance on /tmp/notifs-test-x". */
  what: string;
  end: () => Promise<void>;
}

/** Read by test/helpers/environment.js: the test file's global is the environment's. */
const registry = (): Set<Leftover> => {
  const scope = globalThis as { __NOTIFS_LEFTOVERS__?: Set<Leftover> };
  return (scope.__NOTIFS_LEFTOVERS__ ??= new Set());
};

/** Registers what must end by the end of this test file; the function returned forgets it (call it once it ended). */
export const endsByEndOfFile = (what: string, end: () => Promise<void>): (() => void) => {
  const leftover = { what, end };
  registry().add(leftover);
  return () => registry().delete(leftover);
};
