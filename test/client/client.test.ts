import type { Server } from 'node:http';
import { createNotifsClient, NotifsError, type NotifsClient } from 'strapi-plugin-notifs/client';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, tokenFor } from '../helpers/http';
import { waitFor } from '../helpers/deliveries';
import { record, type Recorded } from './events';

/** The built `strapi-plugin-notifs/client`, in Node, against a real Strapi over real HTTP. */
let app: TestApp;
let base: string;
let ada: { id: number };
let bob: { id: number };
let adaClient: NotifsClient;
let bobClient: NotifsClient;
const subscriptions: Recorded[] = [];
const notify = (recipient: number, extra: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({ recipient, shortDescription: 'hello', channels: ['in_app'], ...extra });
const streams = () => service(app.strapi, 'stream');
const subscribe = (client: NotifsClient) => {
  const subscription = record(client);
  subscriptions.push(subscription);
  return subscription;
};

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  base = await listen(app.strapi);
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
  adaClient = createNotifsClient({ url: base, token: await tokenFor(app.strapi, ada.id), reconnect: { minMs: 50, maxMs: 200 } });
  const bobToken = await tokenFor(app.strapi, bob.id);
  bobClient = createNotifsClient({ url: `${base}/`, getToken: async () => bobToken, reconnect: { minMs: 50, maxMs: 200 } });
});
afterEach(async () => {
  subscriptions.splice(0).forEach((subscription) => subscription.stop());
  await waitFor(() => streams().size() === 0, 10_000, 'closed streams to leave the registry');
});
afterAll(async () => {
  await app?.stop();
});

test('list, unreadCount, read, unread, readAll and remove act on the caller’s own notifications', async () => {
  const first = await notify(ada.id, { category: 'orders', shortDescription: 'first' });
  const second = await notify(ada.id, { category: 'billing', shortDescription: 'second' });
  await notify(bob.id, { shortDescription: 'bob’s' });

  const page = await adaClient.list();
  expect(page.data.map((n) => n.shortDescription)).toEqual(['second', 'first']);
  expect(page.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 2 });
  expect((await adaClient.list({ category: 'orders' })).data.map((n) => n.id)).toEqual([first.id]);
  expect((await adaClient.list({ pageSize: 1, page: 2 })).data.map((n) => n.id)).toEqual([first.id]);
  expect(await adaClient.unreadCount()).toEqual({ count: 2, unseen: 2 });

  expect(await adaClient.read(first.id)).toMatchObject({ id: first.id, isRead: true });
  expect(await adaClient.unreadCount()).toEqual({ count: 1, unseen: 1 });
  expect((await adaClient.list({ isRead: false })).data.map((n) => n.id)).toEqual([second.id]);
  expect(await adaClient.unread(first.id)).toMatchObject({ id: first.id, isRead: false });
  expect(await adaClient.readAll()).toEqual({ count: 2 });
  expect(await adaClient.unreadCount()).toEqual({ count: 0, unseen: 0 });
  expect(await adaClient.remove(second.id)).toMatchObject({ id: second.id });
  expect((await adaClient.list()).data.map((n) => n.id)).toEqual([first.id]);
});

test('seenAll, archive, unarchive, archiveAll and removeAll, with their stream events', async () => {
  const carol = await createUser(app.strapi, 'carol');
  const carols = createNotifsClient({ url: base, token: await tokenFor(app.strapi, carol.id), reconnect: { minMs: 50, maxMs: 200 } });
  const events = subscribe(carols);
  await events.until('unread-count');
  const first = await notify(carol.id, { shortDescription: 'first' });
  const second = await notify(carol.id, { shortDescription: 'second' });
  const bobs = await notify(bob.id);
  await events.until('unread-count', (e) => e.count === 2 && e.unseen === 2);

  expect(await carols.seenAll()).toEqual({ count: 2 });
  expect(await events.until('seen')).toMatchObject({ count: 2, seenAt: expect.any(String) });
  await events.until('unread-count', (e) => e.count === 2 && e.unseen === 0);

  expect(await carols.archive(first.documentId)).toMatchObject({ id: first.id, archivedAt: expect.any(String) });
  expect(await events.until('archived')).toMatchObject({ id: first.id, documentId: first.documentId });
  expect((await carols.list()).data.map((n) => n.id)).toEqual([second.id]);
  expect((await carols.list({ archived: true })).data.map((n) => n.id)).toEqual([first.id]);
  expect(await carols.unreadCount()).toEqual({ count: 1, unseen: 0 });
  expect(await carols.unarchive(first.id)).toMatchObject({ id: first.id, archivedAt: null });
  expect(await events.until('unarchived')).toEqual({ type: 'unarchived', id: first.id, documentId: first.documentId });

  await carols.read(second.id);
  expect(await carols.archiveAll()).toEqual({ count: 1 });
  expect(await events.until('archived', (e) => 'all' in e)).toMatchObject({ all: 'read', count: 1 });
  expect((await carols.list({ seen: true })).data.map((n) => n.id)).toEqual([first.id]);

  await expect(carols.archive(bobs.id)).rejects.toMatchObject({ status: 404 });
  expect(await carols.removeAll()).toEqual({ count: 2 });
  expect(await events.until('removed-all')).toEqual({ type: 'removed-all', count: 2 });
  expect((await bobClient.list()).data.map((n) => n.id)).toContain(bobs.id);
});

test('another user’s notification is not found, and errors say what answered what', async () => {
  const bobs = await notify(bob.id);
  const refused = await adaClient.read(bobs.id).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(NotifsError);
  expect(refused).toMatchObject({ status: 404, message: `POST /api/notifs/notifications/${bobs.id}/read answered 404: Notification ${bobs.id} not found` });

  const anonymous = createNotifsClient({ url: base, token: 'not-a-jwt' });
  await expect(anonymous.unreadCount()).rejects.toMatchObject({ status: 401, message: expect.stringContaining('answered 401') });
  const nowhere = createNotifsClient({ url: 'http://127.0.0.1:9', token: 'x' });
  await expect(nowhere.list()).rejects.toMatchObject({ status: 0, message: expect.stringContaining('did not reach http://127.0.0.1:9') });
  expect(() => createNotifsClient({ url: 'localhost:1337' })).toThrow(/needs "url", the Strapi origin/);
});

test('subscribe: the unread count at once, then a notify() as it happens', async () => {
  const adas = subscribe(adaClient);
  await adas.until('connected');
  const count = (await adas.until('unread-count')).count;
  const sent = await notify(ada.id, { shortDescription: 'live' });
  const arrived = await adas.until('notification', (e) => e.notification.id === sent.id);
  // Live on the stream it opened, not replayed after a reconnect (a time bound would flake on a busy machine).
  expect(adas.events.filter((e) => e.type === 'connected' || e.type === 'disconnected').map((e) => e.type)).toEqual(['connected']);
  expect(arrived.notification).toMatchObject({ id: sent.id, shortDescription: 'live', isRead: false });
  await adas.until('unread-count', (e) => e.count === count + 1);
});

test('the server drops every connection, a notify() comes meanwhile: the client reconnects and is replayed it; bob never sees it', async () => {
  // Real fetch, held back while the test decides, so the notify surely lands while ada is away.
  let release: () => void = () => undefined;
  let hold: Promise<void> | undefined;
  const streamUrls: string[] = [];
  const heldFetch: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.includes('/api/notifs/stream?')) {
      streamUrls.push(url);
      await hold;
    }
    return fetch(input, init);
  };
  const token = await tokenFor(app.strapi, ada.id);
  const adas = subscribe(createNotifsClient({ url: base, token, fetch: heldFetch, reconnect: { minMs: 50, maxMs: 200 } }));
  const bobs = subscribe(bobClient);
  await adas.until('unread-count');
  await bobs.until('unread-count');
  const before = await notify(ada.id, { shortDescription: 'before' });
  await adas.until('notification', (e) => e.notification.id === before.id);

  hold = new Promise((resolve) => (release = resolve));
  (app.strapi.server.httpServer as Server).closeAllConnections();
  await adas.until('disconnected');
  await waitFor(() => streams().size(ada.id) === 0, 10_000, 'ada’s stream to close on the server');
  const missed = await notify(ada.id, { shortDescription: 'sent while away' });
  expect(adas.events.some((e) => e.type === 'notification' && e.notification.id === missed.id)).toBe(false);
  release();

  const replayed = await adas.until('notification', (e) => e.notification.id === missed.id);
  expect(replayed.notification).toMatchObject({ id: missed.id, shortDescription: 'sent while away' });
  expect(streamUrls.at(-1)).toContain(`since=${before.id}`);
  // Reported once, though it may have been both replayed and delivered.
  expect(adas.events.filter((e) => e.type === 'notification' && e.notification.id === missed.id)).toHaveLength(1);

  // Bob reconnected as well; neither his live stream nor his replay carried ada’s notifications.
  await bobs.until('connected', () => bobs.events.filter((e) => e.type === 'connected').length >= 2);
  const forBob = await notify(bob.id, { shortDescription: 'for bob' });
  await bobs.until('notification', (e) => e.notification.id === forBob.id);
  const bobSaw = bobs.events.flatMap((e) => (e.type === 'notification' ? [e.notification.id] : []));
  expect(bobSaw).toEqual([forBob.id]);
});

test('a stopped subscription closes its stream and reports nothing more', async () => {
  const adas = subscribe(adaClient);
  await adas.until('unread-count');
  expect(streams().size(ada.id)).toBe(1);
  adas.stop();
  await waitFor(() => streams().size(ada.id) === 0, 10_000, 'the stream to close');
  const reported = adas.events.length;
  await notify(ada.id);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(adas.events).toHaveLength(reported);
});
