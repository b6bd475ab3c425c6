import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, tokenFor } from '../helpers/http';
import { openStream, type SseClient } from '../helpers/sse';
import { waitFor } from '../helpers/deliveries';

/** Event ids and resuming: what a client that reconnects is sent, from the database. */
let app: TestApp;
let base: string;
let ada: { id: number };
let bob: { id: number };
let adaToken: string;
const clients: SseClient[] = [];
const notify = (recipient: number, extra: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({ recipient, shortDescription: 'hello', channels: ['in_app'], ...extra });
const streams = () => service(app.strapi, 'stream');
const setReadApi = (key: string, value: number) => app.strapi.config.set(`plugin::notifs.readApi.${key}`, value);

const connect = async (query = '', headers: Record<string, string> = {}): Promise<SseClient> => {
  const client = await openStream(`${base}/api/notifs/stream${query}`, { Authorization: `Bearer ${adaToken}`, ...headers });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync', readApi: { replayLimit: 3 } } });
  base = await listen(app.strapi);
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
  adaToken = await tokenFor(app.strapi, ada.id);
});
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await waitFor(() => streams().size() === 0, 10_000, 'closed streams to leave the registry');
  setReadApi('replayLimit', 3);
  setReadApi('replayMaxAgeMs', 24 * 60 * 60 * 1_000);
});
afterAll(async () => {
  await app?.stop();
});

test('every event carries an id: the highest notification id the stream has sent', async () => {
  const before = await notify(ada.id, { channels: [] });
  const stream = await connect();
  const first = await stream.next('unread-count');
  expect(first.id).toBe(String(before.id));
  const sent = await notify(ada.id);
  const arrived = await stream.next('notification', (data) => data.id === sent.id);
  expect(arrived.id).toBe(String(sent.id));
  expect((await stream.next('unread-count')).id).toBe(String(sent.id));
});

test('Last-Event-ID: what was missed is replayed, oldest first, in_app ones only, the user’s own only', async () => {
  const seen = await notify(ada.id);
  const missed1 = await notify(ada.id, { shortDescription: 'missed 1' });
  await notify(ada.id, { shortDescription: 'email only', channels: [] });
  await notify(bob.id, { shortDescription: 'for bob' });
  const missed2 = await notify(ada.id, { shortDescription: 'missed 2' });

  const stream = await connect('', { 'Last-Event-ID': String(seen.id) });
  expect(stream.status).toBe(200);
  await stream.next('unread-count');
  const replayed = stream.events.filter((e) => e.event === 'notification');
  expect(replayed.map((e) => e.data.shortDescription)).toEqual(['missed 1', 'missed 2']);
  expect(replayed.map((e) => e.id)).toEqual([String(missed1.id), String(missed2.id)]);
  expect(replayed[0].data).toMatchObject({ id: missed1.id, isRead: false, channels: ['in_app'] });
  // Replay comes before the count, and the count carries the cursor after the replay.
  expect(stream.events.at(-1)).toMatchObject({ event: 'unread-count', id: String(missed2.id) });
});

test('?since= does the same for a new connection (a browser cannot set the header)', async () => {
  const seen = await notify(ada.id);
  const missed = await notify(ada.id, { shortDescription: 'missed by since' });
  const stream = await connect(`?since=${seen.id}`);
  const replayed = await stream.next('notification');
  expect(replayed).toMatchObject({ id: String(missed.id), data: { id: missed.id, shortDescription: 'missed by since' } });
});

test('nothing missed: nothing replayed, and live events continue from the cursor', async () => {
  const seen = await notify(ada.id);
  const stream = await connect(`?since=${seen.id}`);
  await stream.next('unread-count');
  expect(stream.events.some((e) => e.event === 'notification')).toBe(false);
  const live = await notify(ada.id);
  expect((await stream.next('notification')).id).toBe(String(live.id));
});

test('more missed than readApi.replayLimit: a resync event instead, and the cursor jumps to the newest', async () => {
  const seen = await notify(ada.id);
  let last = seen;
  for (let i = 0; i < 4; i += 1) last = await notify(ada.id);
  const stream = await connect(`?since=${seen.id}`);
  const resync = await stream.next('resync');
  expect(resync.data).toMatchObject({ reason: 'too-many', since: seen.id });
  expect(resync.data.message).toMatch(/More than 3 notifications since event \d+: fetch the list again/);
  expect(resync.id).toBe(String(last.id));
  await stream.next('unread-count');
  expect(stream.events.some((e) => e.event === 'notification')).toBe(false);
});

test('a gap older than readApi.replayMaxAgeMs: a resync event', async () => {
  const seen = await notify(ada.id);
  await notify(ada.id);
  await new Promise((resolve) => setTimeout(resolve, 30));
  setReadApi('replayMaxAgeMs', 10);
  const stream = await connect(`?since=${seen.id}`);
  expect((await stream.next('resync')).data).toMatchObject({ reason: 'too-old' });
});

test('a cursor that is not an event id answers 400 naming it', async () => {
  for (const [query, headers, name] of [
    ['?since=abc', {}, 'since'],
    ['?since=99999999999', {}, 'since'],
    ['', { 'Last-Event-ID': '-1' }, 'Last-Event-ID'],
  ] as const) {
    const response = await fetch(`${base}/api/notifs/stream${query}`, { headers: { Authorization: `Bearer ${adaToken}`, ...headers } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain(`"${name}" must be an event id this stream sent`);
  }
  expect(streams().size()).toBe(0);
});
