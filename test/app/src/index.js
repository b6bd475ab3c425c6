'use strict';
module.exports = {
  register() {},
  /** A suite may hook the app's bootstrap (test/helpers/strapi.ts, `bootstrap` option). */
  async bootstrap({ strapi }) {
    await globalThis.__NOTIFS_TEST_BOOTSTRAP__?.(strapi);
  },
};
