import { loadOptionalPeer } from './optional-peer';

describe('loadOptionalPeer', () => {
  test('loads an installed package', () => {
    expect(typeof loadOptionalPeer<{ z: unknown }>('zod', 'any', '*').z).toBe('object');
  });

  test('a missing package is a ProviderConfigError naming it, the provider and the install command', () => {
    expect(() => loadOptionalPeer('notifs-no-such-package', 'twilio_sms', '>=5.0.0')).toThrow(
      'Provider "twilio_sms" needs the "notifs-no-such-package" package, which is not installed: run `npm install notifs-no-such-package@">=5.0.0"` in your Strapi app (it is an optional peer dependency of strapi-plugin-notifs)'
    );
  });
});
