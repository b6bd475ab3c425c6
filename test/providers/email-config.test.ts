import { ProviderConfigError } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { rejectionOf } from '../helpers/failure';

/** `providers.email: {}` passes the boot-time config check but says neither how nor where to send. */
let app: TestApp;
let user: { id: number; email: string };

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync', providers: { email: {} } } });
  user = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
});

test('the email channel fails with ProviderConfigError naming providers.email.transport, before anything is stored', async () => {
  const before = await countNotifications(app.strapi);
  const error = await rejectionOf(
    service(app.strapi, 'notify').notify({ recipient: user.id, shortDescription: 'Hi', channels: ['email'], extraData: { context: { to: user.email } } })
  );
  expect(error).toBeInstanceOf(ProviderConfigError);
  expect(error.message).toBe(
    'Provider "email" is misconfigured: providers.email.transport is required (nodemailer transport options) unless useStrapiEmail is true'
  );
  expect(await countNotifications(app.strapi)).toBe(before);
  expect(service(app.strapi, 'providers').list()).toContainEqual({
    name: 'email',
    configured: false,
    problem: 'provider "email" is misconfigured: providers.email.transport is required (nodemailer transport options) unless useStrapiEmail is true',
  });
});
