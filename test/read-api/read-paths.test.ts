import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';

// The read paths query the table directly (bench/read-api.js): these guard what that must keep.
let app: TestApp;
let ada: { id: number };
let bob: { id: number };
const notify = () => service(app.strapi, 'notify');
const read = () => service(app.strapi, 'read');

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
});
afterAll(async () => {
  await app?.stop();
});

test('findOne, list and read() give every field exactly as notify() stored it', async () => {
  const sent = await notify().notify({
    recipient: ada.id,
    source: bob.id,
    sourceDisplayName: 'Bob',
    category: 'orders',
    action: 'Bought',
    obj: { uid: 'api::article.article', documentId: 'abc123' },
    shortDescription: 'Bob bought your book',
    url: '/orders/1',
    channels: ['in_app'],
    extraData: { total: 42, nested: { list: [1, 'two'] }, context: { notStored: true } },
  });
  const found = await read().findOne({ notifyId: sent.id, recipient: ada.id });
  expect(found).toEqual(sent);
  const { results } = await read().list({ recipient: ada.id });
  expect(results[0]).toEqual(sent);

  const marked = await read().read({ notifyId: sent.id, recipient: ada.id });
  // Reading implies seeing: seenAt is readAt.
  expect(marked).toEqual({ ...sent, isRead: true, readAt: expect.any(String), seenAt: marked.readAt, updatedAt: expect.any(String) });
  // The entity manager reads the same row the same way.
  const viaStrapi = (await app.strapi.db.query('plugin::notifs.notification').findOne({ where: { id: sent.id } })) as Record<string, unknown>;
  expect(new Date(viaStrapi.readAt as string).toISOString()).toBe(marked.readAt);
  expect(viaStrapi.isRead).toBe(true);
});

test('inside a transaction the read service joins it (no wait on SQLite’s single connection) and sees its rows', async () => {
  const before = await read().unreadCount({ recipient: bob.id });
  await app.strapi.db.transaction(async () => {
    const sent = await notify().notify({ recipient: bob.id, category: 'in-trx' });
    expect(await read().unreadCount({ recipient: bob.id })).toBe(before + 1);
    expect((await read().list({ recipient: bob.id, filters: { category: 'in-trx' } })).results.map((n) => n.id)).toEqual([sent.id]);
    expect((await read().read({ notifyId: sent.id, recipient: bob.id })).isRead).toBe(true);
  });
  expect(await read().unreadCount({ recipient: bob.id })).toBe(before);
});

test('a rolled-back transaction leaves nothing behind', async () => {
  const before = (await read().list({ recipient: bob.id })).pagination.total;
  await expect(
    app.strapi.db.transaction(async () => {
      await notify().notify({ recipient: bob.id });
      throw new Error('roll back');
    })
  ).rejects.toThrow('roll back');
  expect((await read().list({ recipient: bob.id })).pagination.total).toBe(before);
});
