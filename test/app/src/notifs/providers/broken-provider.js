'use strict';
/**
 * A provider class that lacks `schema`, exported only while NOTIFS_TEST_BROKEN_PROVIDER is set (a
 * getter, so the module cache does not keep it): test/hardening/service-errors.test.ts boots with it
 * to see the boot refuse it, naming the class.
 */
const { BaseNotificationProvider } = require('strapi-plugin-notifs');

class BrokenAppProvider extends BaseNotificationProvider {
  static providerName = 'broken_app';

  async send() {}
}

Object.defineProperty(exports, 'BrokenAppProvider', {
  enumerable: true,
  get: () => (process.env.NOTIFS_TEST_BROKEN_PROVIDER ? BrokenAppProvider : undefined),
});
