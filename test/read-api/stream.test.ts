import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';
import { openStream, type SseClient } from '../helpers/sse';
import { waitFor } from '../helpers/deliveries';
import net from 'node:net';

let app: TestApp;
let base: string;
let ada: { id: number };
let bob: { id: number };
let adaToken: string;
let bobToken: string;
const clients: SseClient[] = [];
const notify = (recipient: number, extra: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({ recipient, shortDescription: 'hello', channels: ['in_app'], ...extra });
const streams = () => service(app.strapi, 'stream');

const ticketFor = async (token: string): Promise<string> => {
  const { status, body } = await request(base, '/api/notifs/stream/ticket', { method: 'POST', token });
  expect(status).toBe(200);
  expect(body.data.expiresAt).toEqual(expect.any(String));
  return body.data.ticket;
};

const connect = async (query: string, headers: Record<string, string> = {}): Promise<SseClient> => {
  const client = await openStream(`${base}/api/notifs/stream${query}`, headers);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync', readApi: { heartbeatMs: 1_000, ticketTtlMs: 1_000, maxStreamsPerUser: 2 } } });
  base = await listen(app.strapi);
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
  adaToken = await tokenFor(app.strapi, ada.id);
  bobToken = await tokenFor(app.strapi, bob.id);
});
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await waitFor(() => streams().size() === 0, 10_000, 'closed streams to leave the registry');
});
afterAll(async () => {
  await app?.stop();
});

describe('GET /api/notifs/stream', () => {
  test('with a ticket: unread count first, then notification and unread-count events as things happen', async () => {
    await notify(ada.id, { channels: [] });
    const stream = await connect(`?ticket=${encodeURIComponent(await ticketFor(adaToken))}`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect((await stream.next('unread-count')).data).toEqual({ count: 1, unseen: 1 });
    expect(streams().size(ada.id)).toBe(1);

    const sent = await notify(ada.id, { category: 'orders' });
    const arrived = await stream.next('notification', (data) => data.id === sent.id);
    expect(arrived.data).toMatchObject({ id: sent.id, category: 'orders', shortDescription: 'hello', isRead: false });
    await stream.next('unread-count', (data) => data.count === 2);

    await request(base, `/api/notifs/notifications/${sent.id}/read`, { method: 'POST', token: adaToken });
    await stream.next('unread-count', (data) => data.count === 1);
    await request(base, `/api/notifs/notifications/${sent.id}/unread`, { method: 'POST', token: adaToken });
    await stream.next('unread-count', (data) => data.count === 2);
    await request(base, '/api/notifs/notifications/read-all', { method: 'POST', token: adaToken });
    await stream.next('unread-count', (data) => data.count === 0);
    await service(app.strapi, 'read').unread({ notifyId: sent.id, recipient: ada.id });
    await stream.next('unread-count', (data) => data.count === 1);
    await request(base, `/api/notifs/notifications/${sent.id}`, { method: 'DELETE', token: adaToken });
    await stream.next('unread-count', (data) => data.count === 0);
    // Only changes are sent: the counts seen, in order. An event may change `unseen` alone (read-all
    // marks seen and read; on PostgreSQL and MySQL the watcher can report between the two), so
    // repeats of one count are folded.
    const counts = stream.events.filter((e) => e.event === 'unread-count').map((e) => e.data.count);
    expect(counts.filter((count, i) => i === 0 || count !== counts[i - 1])).toEqual([1, 2, 1, 2, 0, 1, 0]);
    const pairs = stream.events.filter((e) => e.event === 'unread-count').map((e) => JSON.stringify(e.data));
    expect(pairs.every((pair, i) => i === 0 || pair !== pairs[i - 1])).toBe(true);
  });

  test('with the Authorization header', async () => {
    const stream = await connect('', { Authorization: `Bearer ${adaToken}` });
    expect(stream.status).toBe(200);
    await stream.next('unread-count');
  });

  test('each user hears only their own: bob’s notifications never reach ada’s stream', async () => {
    const adas = await connect('', { Authorization: `Bearer ${adaToken}` });
    const bobs = await connect('', { Authorization: `Bearer ${bobToken}` });
    await adas.next('unread-count');
    await bobs.next('unread-count');
    const forBob = await notify(bob.id, { shortDescription: 'for bob' });
    await bobs.next('notification', (data) => data.id === forBob.id);
    const forAda = await notify(ada.id, { shortDescription: 'for ada' });
    await adas.next('notification', (data) => data.id === forAda.id);
    expect(adas.events.some((e) => e.event === 'notification' && e.data.id === forBob.id)).toBe(false);
    expect(bobs.events.some((e) => e.event === 'notification' && e.data.id === forAda.id)).toBe(false);
  });

  test('a notifyMany fan-out reaches every open stream, notification and unread count', async () => {
    const adas = await connect('', { Authorization: `Bearer ${adaToken}` });
    const bobs = await connect('', { Authorization: `Bearer ${bobToken}` });
    const adaCount = (await adas.next('unread-count')).data.count;
    const bobCount = (await bobs.next('unread-count')).data.count;
    await service(app.strapi, 'notify').notifyMany([ada.id, bob.id], { shortDescription: 'everyone', channels: ['in_app'] });
    await adas.next('notification', (data) => data.shortDescription === 'everyone');
    await bobs.next('notification', (data) => data.shortDescription === 'everyone');
    // The fan-out's inserts change both counts too (in whichever order the two events come).
    const counted = (client: SseClient, count: number) => () => client.events.some((e) => e.event === 'unread-count' && e.data.count === count);
    await waitFor(counted(adas, adaCount + 1), 10_000, 'ada’s new unread count');
    await waitFor(counted(bobs, bobCount + 1), 10_000, 'bob’s new unread count');
  });

  test('heartbeat comments keep the stream alive', async () => {
    const stream = await connect('', { Authorization: `Bearer ${adaToken}` });
    await stream.comment('heartbeat', 2_500);
  });

  test('closed streams leave the registry', async () => {
    const one = await connect('', { Authorization: `Bearer ${adaToken}` });
    const two = await connect('', { Authorization: `Bearer ${adaToken}` });
    await one.next('unread-count');
    await two.next('unread-count');
    expect(streams().size(ada.id)).toBe(2);
    one.close();
    await waitFor(() => streams().size(ada.id) === 1, 10_000, 'one stream to close');
    two.close();
    await waitFor(() => streams().size() === 0, 10_000, 'the registry to empty');
  });
});

test('a client that stops reading is dropped instead of buffering without end', async () => {
  const { port } = new URL(base);
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.pause(); // never reads: the kernel buffers fill, then the server's
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET /api/notifs/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${adaToken}\r\n\r\n`);
  await waitFor(() => streams().size(ada.id) === 1, 10_000, 'the stream to open');
  const big = 'x'.repeat(64 * 1024);
  for (let i = 0; i < 400 && streams().size(ada.id) > 0; i += 1) {
    await streams().publish({ recipient: ada.id, event: 'notification', data: big });
    await new Promise((resolve) => setImmediate(resolve));
  }
  await waitFor(() => streams().size(ada.id) === 0, 10_000, 'the slow stream to be dropped');
  socket.destroy();
});

test('a third stream of one user ends the oldest (readApi.maxStreamsPerUser: 2)', async () => {
  const first = await connect('', { Authorization: `Bearer ${adaToken}` });
  await first.next('unread-count');
  const second = await connect('', { Authorization: `Bearer ${adaToken}` });
  await second.next('unread-count');
  const third = await connect('', { Authorization: `Bearer ${adaToken}` });
  await third.next('unread-count');
  await first.ended;
  expect(streams().size(ada.id)).toBe(2);
  const sent = await notify(ada.id);
  await second.next('notification', (data) => data.id === sent.id);
  await third.next('notification', (data) => data.id === sent.id);
});

describe('tickets', () => {
  test('a ticket is single-use', async () => {
    const ticket = await ticketFor(adaToken);
    const first = await connect(`?ticket=${encodeURIComponent(ticket)}`);
    expect(first.status).toBe(200);
    const second = await request(base, `/api/notifs/stream?ticket=${encodeURIComponent(ticket)}`);
    expect(second.status).toBe(401);
    expect(second.body.error.message).toMatch(/Invalid, used or expired stream ticket/);
  });

  test('a forged, tampered or expired ticket is refused', async () => {
    const ticket = await ticketFor(adaToken);
    const [body, signature] = ticket.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, u: bob.id })).toString('base64url')}.${signature}`;
    for (const bad of ['nonsense', forged, `${body}.${signature}x`]) {
      expect((await request(base, `/api/notifs/stream?ticket=${encodeURIComponent(bad)}`)).status).toBe(401);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await request(base, `/api/notifs/stream?ticket=${encodeURIComponent(ticket)}`)).status).toBe(401);
  });

  test('a ticket carries the user’s role: without the stream permission it is refused (403)', async () => {
    const ticket = await ticketFor(adaToken);
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const action = 'plugin::notifs.stream.open';
    await app.strapi.db.query('plugin::users-permissions.permission').delete({ where: { role: { id: role.id }, action } });
    try {
      expect((await request(base, `/api/notifs/stream?ticket=${encodeURIComponent(ticket)}`)).status).toBe(403);
    } finally {
      await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    }
  });
});
