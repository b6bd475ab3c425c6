/**
 * What a test file started and must end before Jest can exit: Strapi instances, loopback servers, child
 * processes. A test that fails or times out skips its own cleanup, and what it left running would hold
 * Jest open after the last test: the run would never end. test/helpers/environment.js ends what is left
 * once the file's tests and hooks have run, and says what it ended.
 */
export interface Leftover {
  /** Named in the message, e.g. "the Strapi instance on /tmp/notifs-test-x". */
  what: string;
  end: () => Promise<void>;
  /** False when the test did end it and it is only still on its way out (a child killed, not yet exited): not named then. */
  forgotten?: () => boolean;
}

/** Read by test/helpers/environment.js: the test file's global is the environment's. */
const registry = (): Set<Leftover> => {
  const scope = globalThis as { __NOTIFS_LEFTOVERS__?: Set<Leftover> };
  return (scope.__NOTIFS_LEFTOVERS__ ??= new Set());
};

/** Registers what must end by the end of this test file; the function returned forgets it (call it once it ended). */
export const endsByEndOfFile = (what: string, end: () => Promise<void>, forgotten?: () => boolean): (() => void) => {
  const leftover: Leftover = { what, end, forgotten };
  registry().add(leftover);
  return () => registry().delete(leftover);
};
