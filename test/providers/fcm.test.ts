import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeliveryError, FcmProvider, FIREBASE_ADMIN_MISSING, type FcmOptions } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';
import { everythingSaid, rejectionOf } from '../helpers/failure';
import { fakeDeviceToken, startFakeFcm, type FakeFcm } from '../helpers/fcm-server';

let app: TestApp;
let fcm: FakeFcm;
let user: { id: number };
let base: string;
let jwt: string;

beforeAll(async () => {
  fcm = await startFakeFcm('notifs-test');
  app = await bootStrapi({
    config: {
      backend: 'sync',
      publicUrl: 'https://shop.example',
      providers: { fcm: { serviceAccount: fcm.serviceAccount, httpAgent: fcm.agent } },
    },
  });
  user = await createUser(app.strapi);
  base = await listen(app.strapi);
  jwt = await tokenFor(app.strapi, user.id);
});
afterAll(async () => {
  await app?.stop();
  await fcm?.close();
});
beforeEach(() => {
  fcm.messages.length = 0;
  fcm.refusals.length = 0;
});

const notify = (context: Record<string, unknown>) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    category: 'orders',
    shortDescription: 'Ada bought your book',
    url: '/orders/1',
    channels: ['fcm'],
    extraData: { context },
  });

/** Registers a device token the way the mobile app does, with the user's JWT; answers its id. */
const registerDevice = async (token: string, label = 'Pixel 8'): Promise<number> => {
  const { status, body } = await request(base, '/api/notifs/push-subscriptions', {
    method: 'POST',
    token: jwt,
    body: { kind: 'fcm', token, label },
  });
  expect([200, 201]).toContain(status);
  return body.data.id as number;
};

/** The user's registered FCM devices, as the REST API lists them. */
const listedDevices = async (): Promise<string[]> => {
  const { status, body } = await request(base, '/api/notifs/push-subscriptions?kind=fcm', { token: jwt });
  expect(status).toBe(200);
  return (body.data as { endpoint: string }[]).map((device) => device.endpoint).sort();
};

const forgetDevices = async () => {
  for (const id of (await request(base, '/api/notifs/push-subscriptions', { token: jwt })).body.data.map(
    (device: { id: number }) => device.id
  )) {
    await request(base, `/api/notifs/push-subscriptions/${id}`, { method: 'DELETE', token: jwt });
  }
};

/** What the queue hands a send: a signal that never aborts here. */
const SEND_OPTIONS = { signal: new AbortController().signal };

/** A provider outside the app's config, its options checked as the boot checks them. */
const providerWith = (options: Record<string, unknown>) =>
  new FcmProvider({ options: FcmProvider.optionsSchema!.parse(options) as FcmOptions, strapi: app.strapi });

describe('fcm channel: devices registered over REST', () => {
  afterEach(forgetDevices);

  test('every device the user registered gets the notification, each its own message, after a verified token exchange', async () => {
    const phone = fakeDeviceToken();
    const tablet = fakeDeviceToken();
    await registerDevice(phone, 'Phone');
    await registerDevice(tablet, 'Tablet');
    expect(await listedDevices()).toEqual([phone, tablet].sort());
    const notification = await service(app.strapi, 'notify').notify({
      recipient: user.id,
      category: 'orders',
      shortDescription: 'Ada bought your book',
      url: '/orders/1',
      channels: ['fcm'],
    });
    expect(fcm.refusals).toEqual([]);
    expect(fcm.grants.at(-1)).toMatchObject({ clientEmail: fcm.serviceAccount.client_email, audience: fcm.tokenUri });
    const link = 'https://shop.example/orders/1';
    expect(fcm.messages.map(({ message }) => message).sort((a, b) => (String(a.token) < String(b.token) ? -1 : 1))).toEqual(
      [phone, tablet].sort().map((token) => ({
        token,
        notification: { title: 'Ada bought your book' },
        data: { link, notificationId: String(notification.id), category: 'orders' },
        webpush: { fcmOptions: { link } },
      }))
    );
    expect(new Set(fcm.messages.map(({ accessToken }) => accessToken))).toEqual(new Set([fcm.grants.at(-1)!.accessToken]));
  });

  test('a user without devices gets no fcm message, and notify succeeds', async () => {
    await service(app.strapi, 'notify').notify({ recipient: user.id, shortDescription: 'Nobody listens', channels: ['fcm'] });
    expect(fcm.messages).toEqual([]);
  });

  test('a token FCM calls UNREGISTERED (404) is removed from the store and not retried; the other device still gets it', async () => {
    const live = fakeDeviceToken();
    const gone = fakeDeviceToken();
    await registerDevice(live);
    const goneId = await registerDevice(gone);
    fcm.fate.set(gone, 'unregistered');
    const error = await rejectionOf(
      service(app.strapi, 'notify').notify({ recipient: user.id, shortDescription: 'Hello', channels: ['fcm'] })
    );
    expect(error).toMatchObject({ provider: 'fcm', status: 404, retryable: false });
    expect(error.message).toMatch(
      /^FCM refused the message: registration-token-not-registered: .* \(the device token is dead: removed, not retried\)$/
    );
    expect(fcm.messages.map(({ message }) => message.token)).toEqual([live]);
    expect(await listedDevices()).toEqual([live]);
    expect(await app.strapi.db.query('plugin::notifs.push-subscription').findOne({ where: { id: goneId } })).toBeNull();
  });

  test('a token FCM calls invalid (400 INVALID_ARGUMENT about the token) is removed too', async () => {
    await registerDevice('not-a-device-token');
    const error = await rejectionOf(
      service(app.strapi, 'notify').notify({ recipient: user.id, shortDescription: 'Hello', channels: ['fcm'] })
    );
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(await listedDevices()).toEqual([]);
  });

  test('a retryable answer (429) keeps the device', async () => {
    const busy = fakeDeviceToken();
    await registerDevice(busy);
    fcm.fate.set(busy, 'rate-limited');
    const error = await rejectionOf(
      service(app.strapi, 'notify').notify({ recipient: user.id, shortDescription: 'Hello', channels: ['fcm'] })
    );
    expect(error).toMatchObject({ status: 429, retryable: true });
    expect(await listedDevices()).toEqual([busy]);
  });
});

describe('fcm provider against Google on loopback', () => {
  test('trades a signed JWT for an access token, then sends the notification to the device token', async () => {
    const token = fakeDeviceToken();
    const notification = await notify({ token: [token] });
    expect(fcm.refusals).toEqual([]);
    expect(fcm.grants.at(-1)).toMatchObject({
      clientEmail: fcm.serviceAccount.client_email,
      audience: fcm.tokenUri,
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
      keyId: fcm.serviceAccount.private_key_id,
    });
    expect(fcm.messages).toEqual([
      {
        projectId: 'notifs-test',
        accessToken: fcm.grants.at(-1)!.accessToken,
        host: 'fcm.googleapis.com',
        validateOnly: false,
        name: expect.stringMatching(/^projects\/notifs-test\/messages\/\d+$/),
        message: {
          token,
          notification: { title: 'Ada bought your book' },
          data: { link: 'https://shop.example/orders/1', notificationId: String(notification.id), category: 'orders' },
          webpush: { fcmOptions: { link: 'https://shop.example/orders/1' } },
        },
      },
    ]);
  });

  test('send answers the message name as externalId; each token of a list is its own delivery', async () => {
    const provider = providerWith({ serviceAccount: fcm.serviceAccount, httpAgent: fcm.agent });
    const payload = { token: [fakeDeviceToken(), fakeDeviceToken()], title: 'Hi', data: { orderId: '7' } };
    expect(provider.targets(provider.validate(payload))).toHaveLength(2);
    expect(provider.targets(provider.validate({ ...payload, token: [] }))).toEqual([]);
    const result = await provider.send(provider.targets(payload)[0], {}, SEND_OPTIONS);
    expect(result).toEqual({ externalId: fcm.messages.at(-1)!.name });
    await provider.close();
  });

  test('context keys replace the built message: body, imageUrl, data, android', async () => {
    const token = fakeDeviceToken();
    await notify({
      token,
      title: 'Sold',
      body: 'Ada bought it',
      imageUrl: 'https://cdn.example/b.png',
      data: { orderId: '1' },
      android: { priority: 'high' },
    });
    expect(fcm.messages.at(-1)!.message).toEqual({
      token,
      notification: { title: 'Sold', body: 'Ada bought it', image: 'https://cdn.example/b.png' },
      data: { link: 'https://shop.example/orders/1', orderId: '1' },
      android: { priority: 'high' },
      webpush: { fcmOptions: { link: 'https://shop.example/orders/1' } },
    });
  });

  test('data values that are not strings are refused before anything is sent', async () => {
    const error = await rejectionOf(notify({ token: fakeDeviceToken(), data: { count: 3 } }));
    expect(error.message).toMatch(/"data.count" must be a string: FCM data values are strings only/);
    expect(fcm.messages).toEqual([]);
  });

  test('a token FCM calls invalid (400 INVALID_ARGUMENT) fails without retry', async () => {
    const error = await rejectionOf(notify({ token: 'not-a-device-token' }));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ provider: 'fcm', status: 400, retryable: false });
    expect(error.message).toBe(
      'FCM refused the message: invalid-argument: The registration token is not a valid FCM registration token (the device token is dead: removed, not retried)'
    );
  });

  test('429 is retryable, and firebase-admin does not retry it itself', async () => {
    const token = fakeDeviceToken();
    fcm.fate.set(token, 'rate-limited');
    const before = fcm.sendAttempts.length;
    const error = await rejectionOf(notify({ token }));
    expect(fcm.sendAttempts.length - before).toBe(1);
    expect(error).toMatchObject({ provider: 'fcm', status: 429, retryable: true });
    expect(error.message).toMatch(/^FCM refused the message: message-rate-exceeded: Quota exceeded for this device\.$/);
  });

  test('a key Google does not know fails the token exchange, not retried, and no key material is said', async () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const otherKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const provider = providerWith({ serviceAccount: { ...fcm.serviceAccount, private_key: otherKey }, httpAgent: fcm.agent });
    const error = await rejectionOf(provider.send({ token: fakeDeviceToken(), title: 'Hi' }, {}, SEND_OPTIONS));
    expect(error).toMatchObject({ provider: 'fcm', status: 400, retryable: false });
    expect(error.message).toBe(
      `FCM access token: the token endpoint ${new URL(fcm.tokenUri).origin} refused the service account ${fcm.serviceAccount.client_email}: HTTP 400 invalid_grant: Invalid JWT Signature.`
    );
    expect(everythingSaid(error)).not.toContain('PRIVATE KEY');
    expect((await provider.verify()).ok).toBe(false);
    await provider.close();
  });

  test('verify() asks for an access token and sends nothing', async () => {
    const provider = providerWith({ serviceAccount: fcm.serviceAccount, httpAgent: fcm.agent });
    const grants = fcm.grants.length;
    expect(await provider.verify()).toEqual({
      ok: true,
      message: `Google accepts the service account ${fcm.serviceAccount.client_email} for FCM (project notifs-test)`,
    });
    expect(fcm.grants.length).toBe(grants + 1);
    expect(fcm.messages).toEqual([]);
    await provider.close();
  });

  test('without firebase-admin installed, a send fails naming the package to install', async () => {
    const original = FcmProvider.requireFirebaseAdmin;
    FcmProvider.requireFirebaseAdmin = (id: string) => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    try {
      const provider = providerWith({ serviceAccount: fcm.serviceAccount });
      const error = await rejectionOf(provider.send({ token: fakeDeviceToken(), title: 'Hi' }, {}, SEND_OPTIONS));
      expect(error).toMatchObject({ provider: 'fcm', retryable: false });
      expect(error.message).toBe(FIREBASE_ADMIN_MISSING);
      expect(error.message).toMatch(/"firebase-admin".*npm install firebase-admin/);
    } finally {
      FcmProvider.requireFirebaseAdmin = original;
    }
  });
});

describe('fcm service account forms', () => {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-fcm-key-'));
  afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

  test('the service account may be a JSON string (an env variable) or the path to the key file', async () => {
    const file = path.join(keyDir, 'firebase-key.json');
    fs.writeFileSync(file, JSON.stringify(fcm.serviceAccount));
    for (const serviceAccount of [JSON.stringify(fcm.serviceAccount), file]) {
      const provider = providerWith({ serviceAccount, httpAgent: fcm.agent });
      expect(provider.projectId).toBe('notifs-test');
      await provider.send({ token: fakeDeviceToken(), title: 'From a key file' }, {}, SEND_OPTIONS);
      expect(fcm.messages.at(-1)!.message.notification).toEqual({ title: 'From a key file' });
      await provider.close();
    }
  });
});
