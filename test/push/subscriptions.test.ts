import { MAX_PUSH_SUBSCRIPTIONS_PER_USER } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';
import { startPushService, type PushService } from '../helpers/push-service';

let app: TestApp;
let base: string;
let push: PushService;
let ada: { id: number; token: string };
let bob: { id: number; token: string };

const PATH = '/api/notifs/push-subscriptions';

beforeAll(async () => {
  push = await startPushService();
  app = await bootStrapi({ config: { backend: 'sync' } });
  base = await listen(app.strapi);
  const a = await createUser(app.strapi);
  const b = await createUser(app.strapi);
  ada = { id: a.id, token: await tokenFor(app.strapi, a.id) };
  bob = { id: b.id, token: await tokenFor(app.strapi, b.id) };
});
afterAll(async () => {
  await app?.stop();
  await push?.close();
});

const register = (who: { token: string }, body: unknown, headers: Record<string, string> = {}) =>
  request(base, PATH, { method: 'POST', token: who.token, body, headers });
const list = (who: { token: string }, query = '') => request(base, `${PATH}${query}`, { token: who.token });
const remove = (who: { token: string }, id: string | number) => request(base, `${PATH}/${id}`, { method: 'DELETE', token: who.token });

describe('push subscriptions over REST', () => {
  test('a browser registers as it subscribed (JSON.stringify(subscription)); again, it updates its one row', async () => {
    const browser = push.subscribe();
    const first = await register(ada, { ...browser.subscription, label: 'Laptop' }, { 'User-Agent': 'Firefox/128' });
    expect(first.status).toBe(201);
    expect(first.body.data).toEqual({
      id: expect.any(Number),
      documentId: expect.stringMatching(/^[a-z0-9]{24}$/),
      kind: 'web_push',
      endpoint: browser.subscription.endpoint,
      label: 'Laptop',
      userAgent: 'Firefox/128',
      expiresAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(first.body)).not.toContain(browser.subscription.keys.auth);

    const again = await register(ada, browser.subscription);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ id: first.body.data.id, label: null });
    const mine = await list(ada);
    expect(mine.status).toBe(200);
    expect(mine.body.data.filter((one: { endpoint: string }) => one.endpoint === browser.subscription.endpoint)).toHaveLength(1);
  });

  test("another user can neither list nor delete someone's subscription (404); the owner deletes it, by id or documentId", async () => {
    const one = (await register(ada, push.subscribe().subscription)).body.data;
    const two = (await register(ada, push.subscribe().subscription)).body.data;
    expect((await list(bob)).body.data.map((row: { id: number }) => row.id)).not.toContain(one.id);

    const refused = await remove(bob, one.id);
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toBe(`Push subscription ${one.id} not found`);
    expect((await remove(bob, one.documentId)).status).toBe(404);

    expect((await remove(ada, one.id)).body.data).toMatchObject({ id: one.id });
    expect((await remove(ada, two.documentId)).body.data).toMatchObject({ id: two.id });
    expect((await remove(ada, one.id)).status).toBe(404);
    const ids = (await list(ada)).body.data.map((row: { id: number }) => row.id);
    expect(ids).not.toContain(one.id);
    expect(ids).not.toContain(two.id);
  });

  test('a browser registered again by another user moves to that user', async () => {
    const browser = push.subscribe();
    const mine = (await register(ada, browser.subscription)).body.data;
    const moved = await register(bob, browser.subscription);
    expect(moved.status).toBe(200);
    expect(moved.body.data.id).toBe(mine.id);
    expect((await list(ada)).body.data.map((row: { id: number }) => row.id)).not.toContain(mine.id);
    expect((await list(bob)).body.data.map((row: { id: number }) => row.id)).toContain(mine.id);
  });

  test('device tokens (fcm) register the same way; ?kind= lists one kind', async () => {
    const made = await register(ada, { kind: 'fcm', token: 'dGVzdC10b2tlbg:APA91b-device_1', label: 'Phone' });
    expect(made.status).toBe(201);
    expect(made.body.data).toMatchObject({ kind: 'fcm', endpoint: 'dGVzdC10b2tlbg:APA91b-device_1', label: 'Phone' });
    const fcm = (await list(ada, '?kind=fcm')).body.data;
    expect(fcm.map((row: { kind: string }) => row.kind)).toEqual(['fcm']);
    expect((await list(ada, '?kind=web_push')).body.data.every((row: { kind: string }) => row.kind === 'web_push')).toBe(true);
  });

  test(`a user keeps ${MAX_PUSH_SUBSCRIPTIONS_PER_USER} per kind: one more forgets the least recently registered`, async () => {
    const carol = await createUser(app.strapi);
    const who = { token: await tokenFor(app.strapi, carol.id) };
    const made: number[] = [];
    for (let i = 0; i <= MAX_PUSH_SUBSCRIPTIONS_PER_USER; i += 1)
      made.push((await register(who, push.subscribe().subscription)).body.data.id);
    const kept = (await list(who)).body.data.map((row: { id: number }) => row.id);
    expect(kept).toHaveLength(MAX_PUSH_SUBSCRIPTIONS_PER_USER);
    expect(kept).not.toContain(made[0]);
    expect(kept).toContain(made[MAX_PUSH_SUBSCRIPTIONS_PER_USER]);
  });

  test('without a JWT: refused', async () => {
    expect([401, 403]).toContain((await request(base, PATH)).status);
    expect([401, 403]).toContain((await request(base, PATH, { method: 'POST', body: push.subscribe().subscription })).status);
  });
});

describe('bad input answers 400 naming the field', () => {
  const good = () => push.subscribe().subscription;
  const cases: [string, () => unknown, string][] = [
    ['a list', () => [good()], '"(input)" must be a JSON object'],
    ['an unknown kind', () => ({ ...good(), kind: 'sms' }), '"kind" must be "web_push" or "fcm" (got "sms")'],
    ['no endpoint', () => ({ ...good(), endpoint: undefined }), '"endpoint"'],
    [
      'an http endpoint off loopback',
      () => ({ ...good(), endpoint: 'http://push.example.com/x' }),
      '"endpoint" must be an https URL (got http:)',
    ],
    ['an ftp endpoint', () => ({ ...good(), endpoint: 'ftp://push.example.com/x' }), '"endpoint" must be an https URL (got ftp:)'],
    ['not a URL', () => ({ ...good(), endpoint: 'push-service' }), '"endpoint" must be an absolute URL'],
    [
      'credentials in the URL',
      () => ({ ...good(), endpoint: 'https://u:p@push.example.com/x' }),
      '"endpoint" must not carry a user name or password',
    ],
    [
      'a 3000-character endpoint',
      () => ({ ...good(), endpoint: `https://push.example.com/${'a'.repeat(3000)}` }),
      '"endpoint" must be at most 2048 characters',
    ],
    ['a NUL in the endpoint', () => ({ ...good(), endpoint: 'https://push.example.com/\u0000' }), '"endpoint" contains a NUL character'],
    ['no keys', () => ({ ...good(), keys: undefined }), '"keys" is required: { p256dh, auth } from the browser'],
    [
      'a short p256dh',
      () => ({ ...good(), keys: { ...good().keys, p256dh: Buffer.alloc(33, 2).toString('base64url') } }),
      '"keys.p256dh" must be the P-256 public key: 65 bytes in base64url (got 33 bytes)',
    ],
    [
      'a p256dh off the curve',
      () => ({ ...good(), keys: { ...good().keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } }),
      '"keys.p256dh" is not a point on the P-256 curve',
    ],
    [
      'an auth of 12 bytes',
      () => ({ ...good(), keys: { ...good().keys, auth: Buffer.alloc(12).toString('base64url') } }),
      '"keys.auth" must be the auth secret: 16 bytes in base64url (got 12 bytes)',
    ],
    [
      'an auth in other characters',
      () => ({ ...good(), keys: { ...good().keys, auth: 'not base64url!!' } }),
      '"keys.auth" must be the auth secret: 16 bytes in base64url (got other characters)',
    ],
    ['an unknown key', () => ({ ...good(), colour: 'red' }), '"colour" is not a known key'],
    ['a NUL in the label', () => ({ ...good(), label: 'a\u0000b' }), '"label" contains a NUL character'],
    ['an expirationTime of text', () => ({ ...good(), expirationTime: 'soon' }), '"expirationTime"'],
    ['an fcm body without token', () => ({ kind: 'fcm' }), '"token" is required'],
    ['an fcm token with spaces', () => ({ kind: 'fcm', token: 'a b' }), '"token" must be an FCM registration token'],
  ];
  test.each(cases)('%s', async (_, body, message) => {
    const response = await register(ada, body());
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('ValidationError');
    expect(response.body.error.message).toContain('Invalid push subscription: ');
    expect(response.body.error.message).toContain(message);
  });

  test.each([
    ['abc', 'must be a numeric id (digits only) or a documentId'],
    ['99999999999', 'must be from 1 to 2147483647'],
    ['0', 'must be from 1 to 2147483647'],
  ])('DELETE with id %s', async (id, message) => {
    const response = await remove(ada, id);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  test('GET with ?kind=sms', async () => {
    const response = await list(ada, '?kind=sms');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('"kind"');
  });
});
