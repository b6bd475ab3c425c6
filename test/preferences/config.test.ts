/** Config `preferences`: the README's example boots; a contradiction stops the boot naming the key. (One Strapi at a time.) */
import { bootStrapi } from '../helpers/strapi';
import { readmeExample, runExample } from '../helpers/readme-example';

type ConfigFactory = (args: { env: (key: string) => string | undefined }) => { notifs: { config: Record<string, unknown> } };

test('the README config example boots as written', async () => {
  const make = await runExample<ConfigFactory>(readmeExample('preferences-config'), {}, 'exports.default');
  const { config } = make({ env: (key) => (key === 'NOTIFS_UNSUBSCRIBE_SECRET' ? 's'.repeat(40) : undefined) }).notifs;
  const app = await bootStrapi({ config: { backend: 'sync', ...config } });
  try {
    expect(app.strapi.config.get('plugin::notifs.preferences')).toEqual({
      defaults: { digest: { email: false } },
      required: ['security'],
      unsubscribe: { secret: 's'.repeat(40), maxAgeDays: 365 },
    });
  } finally {
    await app.stop();
  }
});

test.each([
  [
    { required: ['security'], defaults: { security: { email: false } } },
    '"preferences.defaults.security.email" switches off category "security", which preferences.required lists: a required category is always on',
  ],
  [{ defaults: { digest: { email: 'no' } } }, '"preferences.defaults.digest.email" must be true (on) or false (off)'],
  [{ required: 'security' }, '"preferences.required"'],
  [{ unsubscribe: { secret: 'short' } }, '"preferences.unsubscribe.secret" must be at least 32 characters'],
  [{ unsubscribe: { maxAgeDays: 0 } }, '"preferences.unsubscribe.maxAgeDays"'],
])('%j stops the boot, naming the key', async (preferences, message) => {
  await expect(bootStrapi({ config: { preferences } as never })).rejects.toThrow(message);
});
