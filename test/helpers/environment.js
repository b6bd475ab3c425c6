'use strict';
/**
 * Jest's Node environment, and after the last test and hook of a file, the end of what the file left
 * running (test/helpers/leftovers.ts): a Strapi instance, loopback server or child process that a
 * failed test never stopped would hold Jest open, and the run would never end. Each is named on
 * stderr, so the test that leaks can be found.
 */
const { TestEnvironment } = require('jest-environment-node');

class NotifsTestEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'run_finish') return;
    const leftovers = this.global.__NOTIFS_LEFTOVERS__;
    for (const leftover of leftovers ? [...leftovers] : []) {
      if (!leftover.forgotten || leftover.forgotten()) {
        process.stderr.write(`[test harness] ${leftover.what} was still running after the file's last test: ending it\n`);
      }
      try {
        await leftover.end();
      } catch (error) {
        process.stderr.write(`[test harness] ending ${leftover.what} failed: ${error && error.message}\n`);
      }
      leftovers.delete(leftover);
    }
  }
}

module.exports = NotifsTestEnvironment;
