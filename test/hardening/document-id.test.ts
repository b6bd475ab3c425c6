/**
 * Strapi 5's public id, the documentId, names a notification, delivery or trigger on every surface:
 * REST, GraphQL, the services and the admin API (numeric ids stay valid). Also: the read service's
 * errors for missing input name what is missing.
 */
import { NotificationError } from 'strapi-plugin-notifs';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { graphql, request, tokenFor } from '../helpers/http';
import { bootAdminApp, type AdminTestApp } from '../admin/setup';

const DELIVERY_UID = 'plugin::notifs.delivery';
let t: AdminTestApp;
let user: { id: number };
let token: string;

beforeAll(async () => {
  t = await bootAdminApp();
  user = await createUser(t.app.strapi, 'docs');
  token = await tokenFor(t.app.strapi, user.id);
});
afterAll(async () => {
  await t?.app.stop();
});

/** A notification of the user, with a delivery waiting an hour (the queue of this boot never drains by itself). */
const notifyLater = () =>
  service(t.app.strapi, 'notify').notify({ recipient: user.id, shortDescription: 'by documentId', channels: ['console'], countdown: 3600 });
const deliveryOf = async (notificationId: number) =>
  (await t.app.strapi.db.query(DELIVERY_UID).findOne({ where: { notification: { id: notificationId } } })) as { id: number; documentId: string; status: string };
const statusOf = async (id: number) => ((await t.app.strapi.db.query(DELIVERY_UID).findOne({ where: { id } })) as { status: string }).status;

describe('REST content API', () => {
  test('findOne, read, unread and delete take the documentId', async () => {
    const { id, documentId } = await notifyLater();
    const path = `/api/notifs/notifications/${documentId}`;
    expect((await request(t.base, path, { token })).body.data).toMatchObject({ id, documentId });
    expect((await request(t.base, `${path}/read`, { method: 'POST', token })).body.data).toMatchObject({ id, isRead: true });
    expect((await request(t.base, `${path}/unread`, { method: 'POST', token })).body.data).toMatchObject({ id, isRead: false });
    expect((await request(t.base, path, { method: 'DELETE', token })).body.data).toMatchObject({ id, documentId });
    const gone = await request(t.base, path, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe(`Notification "${documentId}" not found`);
  });
});

describe('GraphQL', () => {
  test('notifsNotification, notifsMarkRead, notifsMarkUnread and notifsDeleteNotification take the documentId or the id', async () => {
    const { id, documentId } = await notifyLater();
    const one = await graphql(t.base, 'query($id: ID!) { notifsNotification(id: $id) { id documentId isRead } }', { id: documentId }, token);
    expect(one.body).toEqual({ data: { notifsNotification: { id: String(id), documentId, isRead: false } } });
    const byId = await graphql(t.base, 'query($id: ID!) { notifsNotification(id: $id) { documentId } }', { id: String(id) }, token);
    expect(byId.body.data.notifsNotification.documentId).toBe(documentId);
    const read = await graphql(t.base, 'mutation($id: ID!) { notifsMarkRead(id: $id) { isRead } }', { id: documentId }, token);
    expect(read.body.data.notifsMarkRead.isRead).toBe(true);
    const unread = await graphql(t.base, 'mutation($id: ID!) { notifsMarkUnread(id: $id) { isRead } }', { id: documentId }, token);
    expect(unread.body.data.notifsMarkUnread.isRead).toBe(false);
    const deleted = await graphql(t.base, 'mutation($id: ID!) { notifsDeleteNotification(id: $id) { documentId } }', { id: documentId }, token);
    expect(deleted.body.data.notifsDeleteNotification.documentId).toBe(documentId);
    expect(await t.app.strapi.db.query('plugin::notifs.notification').count({ where: { id } })).toBe(0);
  });
});

describe('services', () => {
  test('read.findOne/read/unread/remove, notify.cancel and queue.retry take the documentId', async () => {
    const read = service(t.app.strapi, 'read');
    const { id, documentId } = await notifyLater();
    expect(await read.findOne({ notifyId: documentId, recipient: user.id })).toMatchObject({ id });
    expect(await read.read({ notifyId: documentId, recipient: user.id })).toMatchObject({ id, isRead: true });
    expect(await read.unread({ notifyId: documentId, recipient: user.id })).toMatchObject({ id, isRead: false });

    const delivery = await deliveryOf(id);
    expect(await service(t.app.strapi, 'notify').cancel(documentId)).toBe(1);
    expect(await statusOf(delivery.id)).toBe('cancelled');
    expect(await service(t.app.strapi, 'queue').retry(delivery.documentId)).toBe(delivery.id);
    expect(await statusOf(delivery.id)).toBe('queued');

    expect(await read.remove({ notifyId: documentId, recipient: user.id })).toMatchObject({ id });
  });

  test('read service: missing input throws NotificationError naming what is missing, not a TypeError', async () => {
    const read = service(t.app.strapi, 'read') as unknown as Record<string, (args?: unknown) => Promise<unknown>>;
    await expect(read.list(undefined)).rejects.toThrow(new NotificationError('list() needs an object { recipient, filters?, pagination? } (got nothing)'));
    await expect(read.unreadCount()).rejects.toThrow(new NotificationError('unreadCount() needs an object { recipient } (got nothing)'));
    await expect(read.readAll()).rejects.toBeInstanceOf(NotificationError);
    await expect(read.findOne()).rejects.toThrow(new NotificationError('findOne() needs an object { notifyId, recipient } (got nothing)'));
    await expect(read.read({ recipient: user.id })).rejects.toThrow(new NotificationError("read() needs the notifyId: the notification's id or documentId"));
    await expect(read.unreadCount({})).rejects.toThrow(/unreadCount\(\) needs the recipient/);
  });
});

describe('admin API', () => {
  test('notification, delivery and trigger routes take the documentId', async () => {
    const { id, documentId } = await notifyLater();
    const delivery = await deliveryOf(id);
    const found = await t.superAdmin.get<{ id: number; deliveries: { id: number }[] }>(`/notifications/${documentId}`);
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ id, documentId, deliveries: [expect.objectContaining({ id: delivery.id })] });

    expect((await t.superAdmin.post(`/notifications/${documentId}/cancel`)).body.data).toEqual({ cancelled: 1 });
    const retried = await t.superAdmin.post(`/deliveries/${delivery.documentId}/retry`);
    expect(retried.body.data).toEqual({ id: delivery.id, status: 'queued' });
    expect(await statusOf(delivery.id)).toBe('queued');
    expect((await t.superAdmin.post(`/notifications/${documentId}/resend`)).body.data).toEqual({ queued: 1, skipped: 0 });

    const created = await t.superAdmin.post<{ id: number; documentId: string }>('/triggers', {
      name: 'by-document-id',
      uid: 'api::article.article',
      events: ['create'],
      channels: ['console'],
      recipientRule: { type: 'field', field: 'author' },
      shortDescription: 'New article',
    });
    const trigger = created.body.data;
    expect((await t.superAdmin.get(`/triggers/${trigger.documentId}`)).body.data).toMatchObject({ id: trigger.id, name: 'by-document-id' });
    expect((await t.superAdmin.put(`/triggers/${trigger.documentId}`, { name: 'renamed' })).body.data).toMatchObject({ id: trigger.id, name: 'renamed' });
    expect((await t.superAdmin.put(`/triggers/${trigger.documentId}/enabled`, { enabled: false })).body.data).toMatchObject({ id: trigger.id, enabled: false });
  });
});
