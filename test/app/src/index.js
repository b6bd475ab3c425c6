'use strict';
module.exports = {
  /** A suite may hook the app's register (test/helpers/strapi.ts, `register` option). */
  register({ strapi }) {
    globalThis.__NOTIFS_TEST_REGISTER__?.(strapi);
  },
  /** A suite may hook the app's bootstrap (test/helpers/strapi.ts, `bootstrap` option). */
  async bootstrap({ strapi }) {
    await globalThis.__NOTIFS_TEST_BOOTSTRAP__?.(strapi);
  },
};
