import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { listen, tokenFor } from '../helpers/http';
import { openStream, type SseClient } from '../helpers/sse';
import { waitFor } from '../helpers/deliveries';

// The default backend: in_app deliveries wait in the database queue like any other.
let app: TestApp;
let base: string;
let ada: { id: number };
let stream: SseClient | undefined;

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *' } } });
  base = await listen(app.strapi);
  ada = await createUser(app.strapi, 'ada');
});
afterAll(async () => {
  // A stream is still open (the last test's): Strapi's destroy must end it, or this would hang.
  await app?.stop();
  await stream?.ended;
});

test('the count changes at notify; the notification event comes when the queue delivers it', async () => {
  stream = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${await tokenFor(app.strapi, ada.id)}` });
  expect((await stream.next('unread-count')).data).toEqual({ count: 0, unseen: 0 });

  const sent = await service(app.strapi, 'notify').notify({ recipient: ada.id, channels: ['in_app'], shortDescription: 'queued' });
  await stream.next('unread-count', (data) => data.count === 1);
  expect(stream.events.some((e) => e.event === 'notification')).toBe(false);

  expect(await service(app.strapi, 'queue').drain()).toBe(1);
  expect((await stream.next('notification')).data).toMatchObject({ id: sent.id, shortDescription: 'queued' });
});

test('closeAll (what destroy calls) ends open streams on the client side too', async () => {
  const other = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${await tokenFor(app.strapi, ada.id)}` });
  await other.next('unread-count');
  expect(service(app.strapi, 'stream').size()).toBe(2);
  await service(app.strapi, 'stream').closeAll();
  await other.ended;
  await waitFor(() => service(app.strapi, 'stream').size() === 0, 10_000, 'the registry to empty');

  // Streams open again afterwards (closeAll put a fresh bus in place); this one stays open for afterAll.
  stream = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${await tokenFor(app.strapi, ada.id)}` });
  await stream.next('unread-count');
  const sent = await service(app.strapi, 'notify').notify({ recipient: ada.id, channels: ['in_app'] });
  await service(app.strapi, 'queue').drain();
  await stream.next('notification', (data) => data.id === sent.id);
});
