import { bootStrapi } from '../helpers/strapi';
import { ARTICLE } from './setup';

describe('a code trigger that cannot fire stops the boot', () => {
  const noop = { recipients: () => [], build: () => ({}) };

  // First: a validator failure leaves Strapi's API loader running for a moment (a Promise.all that
  // rejected early); the boots below outlast it, so it does not run after the file is torn down.
  test('a missing function, caught by the config validator', async () => {
    await expect(bootStrapi({ config: { triggers: [{ uid: ARTICLE, events: ['create'], channels: ['console'], build: () => ({}) } as never] } })).rejects.toThrow(
      /"triggers.0.recipients"/
    );
  });

  test('unknown content type, named with its place in the config', async () => {
    await expect(
      bootStrapi({ config: { triggers: [{ uid: ARTICLE, events: ['create'], channels: ['console'], ...noop }, { uid: 'api::nope.nope', events: ['create'], channels: ['console'], ...noop }] } })
    ).rejects.toThrow('Invalid notifs config: notifs.config.triggers[1] (api::nope.nope): "uid" "api::nope.nope" is not a content type of this app');
  });

  test('unknown channel', async () => {
    await expect(bootStrapi({ config: { triggers: [{ uid: ARTICLE, events: ['publish'], channels: ['smss'], ...noop }] } })).rejects.toThrow(
      /notifs.config.triggers\[0\] \(api::article.article\): "channels" unknown channel "smss"/
    );
  });
});
