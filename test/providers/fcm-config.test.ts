import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIREBASE_ADMIN_MISSING } from 'strapi-plugin-notifs';
import { bootStrapi } from '../helpers/strapi';

/** Missing or wrong `providers.fcm` options stop the boot with a message that names the option. */
describe('fcm options at boot', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n';
  test.each([
    [{}, /"providers.fcm.serviceAccount"(?: \(.+?\))? is required: the service account JSON from Firebase console/],
    [
      { serviceAccount: { project_id: 'p', client_email: 'a@p.iam.gserviceaccount.com' } },
      /"providers.fcm.serviceAccount.private_key" is required: the PEM key/,
    ],
    [{ serviceAccount: { project_id: 'p', private_key: 'x' } }, /"providers.fcm.serviceAccount.client_email" is required/],
    [
      { serviceAccount: { client_email: 'a@p.iam.gserviceaccount.com', private_key: 'x' } },
      /"providers.fcm.serviceAccount.project_id" is required/,
    ],
    [
      { serviceAccount: { project_id: 'p', client_email: 'a@p.iam.gserviceaccount.com', private_key: pem } },
      /"providers.fcm.serviceAccount.private_key" is not a PEM private key/,
    ],
    [{ serviceAccount: '{"project_id": "p", ' }, /"providers.fcm.serviceAccount"(?: \(.+?\))? is a string starting with "\{" but not valid JSON/],
    [{ serviceAccount: '/nowhere/firebase-key.json' }, /"providers.fcm.serviceAccount"(?: \(.+?\))? cannot be read as a file \(ENOENT\)/],
    [{ serviceAccount: 42 }, /"providers.fcm.serviceAccount"(?: \(.+?\))? must be the service account JSON/],
    [{ serviceAccount: {}, httpAgent: 'proxy' }, /"providers.fcm.httpAgent"(?: \(.+?\))? must be an http.Agent/],
    [{ serviceAccount: {}, apiKey: 'x' }, /"providers.fcm.apiKey"(?: \(.+?\))? is not a known key/],
  ])('%j is refused', async (fcmOptions, message) => {
    await expect(bootStrapi({ config: { providers: { fcm: fcmOptions } } as never })).rejects.toThrow(message);
  });

  test('the private key is in no boot error', async () => {
    const secretish = '-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n';
    const error = await bootStrapi({
      config: {
        providers: { fcm: { serviceAccount: { project_id: 'p', client_email: 'a@p.iam.gserviceaccount.com', private_key: secretish } } },
      },
    }).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/private_key" is not a PEM private key/);
    expect((error as Error).message).not.toContain('TOPSECRETKEYMATERIAL');
  });
});

describe('an app without firebase-admin', () => {
  test('the first use fails with a message naming the package to install', () => {
    // The built loader, copied where no node_modules can be found: Node resolves firebase-admin from there and fails for real.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-no-firebase-'));
    try {
      fs.copyFileSync(path.resolve(__dirname, '../../dist/server/providers/firebase-admin-loader.js'), path.join(dir, 'loader.js'));
      const script = `try { require('./loader.js').loadFirebaseAdmin(); console.log('loaded'); } catch (error) { console.log(error.message); }`;
      const said = execFileSync(process.execPath, ['-e', script], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      }).trim();
      expect(said).toBe(FIREBASE_ADMIN_MISSING);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
