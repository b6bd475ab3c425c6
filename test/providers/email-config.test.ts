import { bootStrapi } from '../helpers/strapi';

/**
 * `providers.email` that says neither how nor where to send (no `transport`, no
 * `useStrapiEmail: true`) stops the boot, naming the key, instead of failing every email later.
 */
test.each([
  [{}],
  [{ from: 'Shop <shop@example.test>' }],
  [{ from: 'Shop <shop@example.test>', useStrapiEmail: false }],
])('providers.email %j stops the boot with a message naming providers.email.transport', async (email) => {
  await expect(bootStrapi({ config: { backend: 'sync', providers: { email } } })).rejects.toThrow(
    /Error regarding notifs config: .*"providers\.email\.transport" \(SMTP transport\) is required: give nodemailer transport options such as \{ host, port, auth \}, or set providers\.email\.useStrapiEmail: true/
  );
});
