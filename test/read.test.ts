import { errors } from '@strapi/utils';
import { NotificationError } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from './helpers/strapi';
import { service } from './helpers/services';
import { createUser } from './helpers/users';
import { notificationRows } from './helpers/db';

let app: TestApp;
let ada: { id: number };
let bob: { id: number };
const notifyService = () => service(app.strapi, 'notify');
const readService = () => service(app.strapi, 'read');

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
});
afterAll(async () => {
  await app?.stop();
});

const isReadInDb = async (id: number) => (await notificationRows(app.strapi, { id }))[0].isRead;

describe('read()', () => {
  test('marks the recipient’s notification as read and returns it', async () => {
    const { id } = await notifyService().notify({ recipient: bob.id, shortDescription: 'hello' });
    const read = await readService().read({ notifyId: id, recipient: bob.id });
    expect(read).toMatchObject({ id, isRead: true, shortDescription: 'hello', recipient: bob.id });
    expect(read.readAt).toEqual(expect.any(String));
    expect(await isReadInDb(id)).toBe(true);
  });

  test('another recipient gets NotificationError and nothing changes', async () => {
    const { id } = await notifyService().notify({ recipient: bob.id });
    const attempt = readService().read({ notifyId: id, recipient: ada.id });
    await expect(attempt).rejects.toBeInstanceOf(NotificationError);
    await expect(readService().read({ notifyId: id, recipient: ada.id })).rejects.toThrow(
      `Notification ${id} does not exist or does not belong to recipient ${ada.id}`
    );
    expect(await isReadInDb(id)).toBe(false);
  });

  test('a missing recipient gets NotificationError and nothing changes', async () => {
    const { id } = await notifyService().notify({ recipient: bob.id });
    await expect(readService().read({ notifyId: id } as never)).rejects.toThrow(NotificationError);
    await expect(readService().read({ notifyId: id } as never)).rejects.toThrow(/read\(\) needs the recipient/);
    expect(await isReadInDb(id)).toBe(false);
  });

  test('an id that is not one gets a ValidationError', async () => {
    await expect(readService().read({ notifyId: 'abc' as never, recipient: bob.id })).rejects.toBeInstanceOf(errors.ValidationError);
  });
});

describe('unread(), readAll(), unreadCount(), list(), remove()', () => {
  let carol: { id: number };
  beforeAll(async () => {
    carol = await createUser(app.strapi, 'carol');
  });

  test('count, read all, unread one', async () => {
    const ids: number[] = [];
    for (const category of ['orders', 'orders', 'news']) {
      ids.push((await notifyService().notify({ recipient: carol.id, category })).id);
    }
    await notifyService().notify({ recipient: ada.id });
    expect(await readService().unreadCount({ recipient: carol.id })).toBe(3);

    expect(await readService().readAll({ recipient: carol.id })).toEqual({ count: 3 });
    expect(await readService().unreadCount({ recipient: carol.id })).toBe(0);
    expect(await readService().unreadCount({ recipient: ada.id })).toBe(1);

    const unread = await readService().unread({ notifyId: ids[0], recipient: carol.id });
    expect(unread).toMatchObject({ isRead: false, readAt: null });
    expect(await readService().unreadCount({ recipient: carol.id })).toBe(1);
  });

  test('list: newest first, filtered, paginated, only the recipient’s', async () => {
    const page = await readService().list({ recipient: carol.id, pagination: { page: 1, pageSize: 2 } });
    expect(page.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
    expect(page.results).toHaveLength(2);
    expect(page.results[0].id).toBeGreaterThan(page.results[1].id as number);
    expect(page.results.every((n) => n.recipient === carol.id)).toBe(true);

    const news = await readService().list({ recipient: carol.id, filters: { category: 'news' } });
    expect(news.results.map((n) => n.category)).toEqual(['news']);
    const unread = await readService().list({ recipient: carol.id, filters: { isRead: false } });
    expect(unread.results).toHaveLength(1);
  });

  test('list refuses a page size over 100 and unknown filters', async () => {
    await expect(readService().list({ recipient: carol.id, pagination: { pageSize: 500 } })).rejects.toThrow(/"pagination.pageSize"/);
    await expect(readService().list({ recipient: carol.id, filters: { colour: 'red' } as never })).rejects.toThrow(
      /"filters.colour" is not a known key/
    );
    await expect(readService().list({} as never)).rejects.toThrow(NotificationError);
  });

  test('remove deletes only the recipient’s own', async () => {
    const { id } = await notifyService().notify({ recipient: carol.id });
    await expect(readService().remove({ notifyId: id, recipient: ada.id })).rejects.toThrow(NotificationError);
    expect(await notificationRows(app.strapi, { id })).toHaveLength(1);
    await readService().remove({ notifyId: id, recipient: carol.id });
    expect(await notificationRows(app.strapi, { id })).toHaveLength(0);
  });
});
