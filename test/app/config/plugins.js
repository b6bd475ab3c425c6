'use strict';
/**
 * The plugin is loaded from the repository root (its compiled dist/). Each suite gives its own
 * notifs config through the harness, which sets globalThis.__NOTIFS_TEST_CONFIG__ before booting;
 * a function, so every boot reads the current one.
 */
module.exports = ({ env }) => ({
  // Strapi bootstraps the declared plugins in this order; NOTIFS_TEST_NOTIFS_FIRST declares notifs
  // first (as an app may), so its bootstrap runs before users-permissions has made its roles.
  ...(env.bool('NOTIFS_TEST_NOTIFS_FIRST', false) ? { notifs: {} } : {}),
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET', 'notifs-test-jwt-secret') } },
  // Bounded, as a production app should have them (and so Strapi does not warn at every boot).
  graphql: { config: { depthLimit: 10, maxLimit: 100, defaultLimit: 25 } },
  notifs: {
    enabled: true,
    resolve: require('path').resolve(__dirname, '../../..'),
    config: globalThis.__NOTIFS_TEST_CONFIG__ || {},
  },
  // Strapi's own email plugin keeps its defaults (sendmail) unless a suite boots with
  // NOTIFS_TEST_SMTP_PORT: then its sendmail provider delivers to that loopback SMTP server.
  ...(env('NOTIFS_TEST_SMTP_PORT')
    ? {
        email: {
          config: {
            provider: 'sendmail',
            providerOptions: { devHost: '127.0.0.1', devPort: env.int('NOTIFS_TEST_SMTP_PORT') },
            settings: { defaultFrom: 'Strapi <strapi@example.test>' },
          },
        },
      }
    : {}),
});
