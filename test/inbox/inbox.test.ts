/**
 * Seen and archived, over real HTTP with users' JWTs: counts, list filters, archive and delete-all
 * scoped to the caller, their stream events, and the same over GraphQL.
 */
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { graphql, listen, request, tokenFor } from '../helpers/http';
import { notificationRows } from '../helpers/db';
import { openStream, type SseClient } from '../helpers/sse';
import { waitFor } from '../helpers/deliveries';
import { readmeExample, runExample } from '../helpers/readme-example';

let app: TestApp;
let base: string;
const clients: SseClient[] = [];

const notify = (recipient: number, extra: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({ recipient, shortDescription: 'hello', channels: ['in_app'], ...extra });

/** A fresh user and their JWT, so each test starts from an empty inbox. */
const newUser = async (name: string) => {
  const user = await createUser(app.strapi, `${name}-${Math.random().toString(36).slice(2, 8)}`);
  return { id: user.id as number, token: await tokenFor(app.strapi, user.id) };
};

const api = (token: string, method: string, path: string) => request(base, `/api/notifs/notifications${path}`, { method, token });
const counts = async (token: string) => (await api(token, 'GET', '/unread-count')).body.data;
const listed = async (token: string, query = '') => (await api(token, 'GET', query)).body.data.map((n: { id: number }) => n.id);

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  base = await listen(app.strapi);
});
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await waitFor(() => service(app.strapi, 'stream').size() === 0, 10_000, 'closed streams to leave the registry');
});
afterAll(async () => {
  await app?.stop();
});

describe('counts: { count, unseen }', () => {
  test('right after notify, after seen-all, after read, unread and archive', async () => {
    const ada = await newUser('ada');
    const [a, b, c] = [await notify(ada.id), await notify(ada.id), await notify(ada.id)];
    expect(await api(ada.token, 'GET', '/unread-count').then((r) => r.body)).toEqual({ data: { count: 3, unseen: 3 }, meta: {} });

    const seen = await api(ada.token, 'POST', '/seen-all');
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ data: { count: 3 }, meta: {} });
    // Seen is not read: the badge of new ones clears, the unread stay unread.
    expect(await counts(ada.token)).toEqual({ count: 3, unseen: 0 });
    expect((await api(ada.token, 'POST', '/seen-all')).body.data).toEqual({ count: 0 });

    const d = await notify(ada.id);
    expect(await counts(ada.token)).toEqual({ count: 4, unseen: 1 });

    // Reading implies seeing; a seenAt already set is kept.
    const before = (await api(ada.token, 'GET', `/${a.id}`)).body.data.seenAt;
    const readA = await api(ada.token, 'POST', `/${a.id}/read`);
    expect(readA.body.data).toMatchObject({ isRead: true, seenAt: before });
    const readD = await api(ada.token, 'POST', `/${d.documentId}/read`);
    expect(readD.body.data.seenAt).toBe(readD.body.data.readAt);
    expect(await counts(ada.token)).toEqual({ count: 2, unseen: 0 });
    // Unread again: counted as unread, not as new.
    const unreadD = await api(ada.token, 'POST', `/${d.id}/unread`);
    expect(unreadD.body.data).toMatchObject({ isRead: false, readAt: null, seenAt: readD.body.data.seenAt });
    expect(await counts(ada.token)).toEqual({ count: 3, unseen: 0 });

    // Archived ones are left out of both counts.
    const e = await notify(ada.id);
    expect(await counts(ada.token)).toEqual({ count: 4, unseen: 1 });
    const archived = await api(ada.token, 'POST', `/${e.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.data).toMatchObject({ id: e.id, isRead: false, seenAt: null, archivedAt: expect.any(String) });
    await api(ada.token, 'POST', `/${b.documentId}/archive`);
    expect(await counts(ada.token)).toEqual({ count: 2, unseen: 0 });
    // Archiving twice keeps the first date; unarchive brings it back to the counts.
    expect((await api(ada.token, 'POST', `/${e.id}/archive`)).body.data.archivedAt).toBe(archived.body.data.archivedAt);
    const restored = await api(ada.token, 'POST', `/${e.documentId}/unarchive`);
    expect(restored.body.data).toMatchObject({ id: e.id, archivedAt: null });
    expect(await counts(ada.token)).toEqual({ count: 3, unseen: 1 });
    expect(c.id).toBeGreaterThan(0);

    // The service says the same.
    const read = service(app.strapi, 'read');
    expect(await read.unreadCount({ recipient: ada.id })).toBe(3);
    expect(await read.unseenCount({ recipient: ada.id })).toBe(1);
  });

  test('read-all marks seen too', async () => {
    const ada = await newUser('ada');
    await notify(ada.id);
    await notify(ada.id);
    expect((await api(ada.token, 'POST', '/read-all')).body.data).toEqual({ count: 2 });
    expect(await counts(ada.token)).toEqual({ count: 0, unseen: 0 });
    const rows = await notificationRows(app.strapi, { recipient: { id: ada.id } });
    expect(rows.every((row) => row.seenAt !== null && row.readAt !== null)).toBe(true);
  });
});

describe('list filters', () => {
  test('archived ones are hidden unless filters[archived]=true; filters[seen] on seenAt', async () => {
    const ada = await newUser('ada');
    const [a, b, c, d] = [await notify(ada.id), await notify(ada.id), await notify(ada.id), await notify(ada.id)];
    await api(ada.token, 'POST', `/${a.id}/read`);
    await api(ada.token, 'POST', `/${b.id}/archive`);

    expect(await listed(ada.token)).toEqual([d.id, c.id, a.id]);
    expect((await api(ada.token, 'GET', '')).body.meta.pagination.total).toBe(3);
    expect(await listed(ada.token, '?filters[archived]=false')).toEqual([d.id, c.id, a.id]);
    expect(await listed(ada.token, '?filters[archived]=true')).toEqual([b.id]);
    expect(await listed(ada.token, '?filters[seen]=true')).toEqual([a.id]);
    expect(await listed(ada.token, '?filters[seen]=false')).toEqual([d.id, c.id]);
    expect(await listed(ada.token, '?filters[seen]=false&filters[archived]=true')).toEqual([b.id]);
    expect(await listed(ada.token, '?filters[isRead]=false&filters[seen]=false')).toEqual([d.id, c.id]);

    const bad = await api(ada.token, 'GET', '?filters[archived]=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/filters\.archived.*must be true or false/);
  });
});

describe('archive all read, delete all', () => {
  test('archive-all archives the caller’s read notifications only, and answers how many', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    const [a, b, c] = [await notify(ada.id), await notify(ada.id), await notify(ada.id)];
    const bobs = await notify(bob.id);
    await api(ada.token, 'POST', `/${a.id}/read`);
    await api(ada.token, 'POST', `/${c.id}/read`);
    await api(bob.token, 'POST', `/${bobs.id}/read`);

    const archived = await api(ada.token, 'POST', '/archive-all');
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({ data: { count: 2 }, meta: {} });
    expect(await listed(ada.token)).toEqual([b.id]);
    expect(await listed(ada.token, '?filters[archived]=true')).toEqual([c.id, a.id]);
    expect((await api(ada.token, 'POST', '/archive-all')).body.data).toEqual({ count: 0 });
    // Bob's read one is not archived.
    expect(await listed(bob.token)).toEqual([bobs.id]);
  });

  test('DELETE /notifications deletes all of the caller’s (archived too), nobody else’s', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    const a = await notify(ada.id);
    await notify(ada.id);
    await api(ada.token, 'POST', `/${a.id}/archive`);
    const bobs = await notify(bob.id);

    const removed = await api(ada.token, 'DELETE', '');
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ data: { count: 2 }, meta: {} });
    expect(await notificationRows(app.strapi, { recipient: { id: ada.id } })).toEqual([]);
    expect((await notificationRows(app.strapi, { recipient: { id: bob.id } })).map((row) => row.id)).toEqual([bobs.id]);
    expect((await api(ada.token, 'DELETE', '')).body.data).toEqual({ count: 0 });
    expect(await counts(bob.token)).toEqual({ count: 1, unseen: 1 });
  });

  test('another user’s notification cannot be archived or unarchived: 404, and it stays as it was', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    const bobs = await notify(bob.id);
    for (const path of [`/${bobs.id}/archive`, `/${bobs.documentId}/archive`, `/${bobs.id}/unarchive`]) {
      const answer = await api(ada.token, 'POST', path);
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toMatch(/^Notification .* not found$/);
    }
    await api(bob.token, 'POST', `/${bobs.id}/archive`);
    expect((await api(ada.token, 'POST', `/${bobs.documentId}/unarchive`)).status).toBe(404);
    const [row] = await notificationRows(app.strapi, { id: bobs.id });
    expect(row.archivedAt).not.toBeNull();
    // A missing one answers the same.
    expect((await api(ada.token, 'POST', '/2147483647/archive')).status).toBe(404);
  });

  test('without a user: 403 (the Public role is given none of the routes)', async () => {
    for (const [method, path] of [
      ['POST', '/seen-all'],
      ['POST', '/archive-all'],
      ['DELETE', ''],
      ['POST', '/1/archive'],
    ]) {
      expect((await request(base, `/api/notifs/notifications${path}`, { method })).status).toBe(403);
    }
  });
});

describe('stream events', () => {
  test('seen, archived, unarchived, archived (all read), removed-all, each followed by the new counts, in order', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    const a = await notify(ada.id);
    const b = await notify(ada.id);
    const stream = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${ada.token}` });
    const bobs = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${bob.token}` });
    clients.push(stream, bobs);
    expect((await stream.next('unread-count')).data).toEqual({ count: 2, unseen: 2 });
    await bobs.next('unread-count');

    await api(ada.token, 'POST', '/seen-all');
    const seen = await stream.next('seen');
    expect(seen.data).toEqual({ count: 2, seenAt: expect.any(String) });
    expect((await stream.next('unread-count')).data).toEqual({ count: 2, unseen: 0 });

    await api(ada.token, 'POST', `/${a.id}/archive`);
    const archived = await stream.next('archived');
    expect(archived.data).toEqual({ id: a.id, documentId: a.documentId, archivedAt: expect.any(String) });
    expect((await stream.next('unread-count')).data).toEqual({ count: 1, unseen: 0 });

    await api(ada.token, 'POST', `/${a.documentId}/unarchive`);
    expect((await stream.next('unarchived')).data).toEqual({ id: a.id, documentId: a.documentId });
    expect((await stream.next('unread-count')).data).toEqual({ count: 2, unseen: 0 });

    await api(ada.token, 'POST', `/${b.id}/read`);
    expect((await stream.next('unread-count')).data).toEqual({ count: 1, unseen: 0 });
    await api(ada.token, 'POST', '/archive-all');
    expect((await stream.next('archived')).data).toEqual({ all: 'read', count: 1, archivedAt: expect.any(String) });

    await api(ada.token, 'DELETE', '');
    expect((await stream.next('removed-all')).data).toEqual({ count: 2 });
    expect((await stream.next('unread-count')).data).toEqual({ count: 0, unseen: 0 });

    // Every event carries the stream's cursor as its id, as unread-count does.
    const names = stream.events.map((e) => e.event);
    expect(names).toEqual(['unread-count', 'seen', 'unread-count', 'archived', 'unread-count', 'unarchived', 'unread-count', 'unread-count', 'archived', 'removed-all', 'unread-count']);
    expect(stream.events.every((e) => e.id === String(b.id))).toBe(true);
    // No-ops say nothing; and Bob heard none of it.
    await api(ada.token, 'POST', '/seen-all');
    await api(ada.token, 'DELETE', '');
    await notify(ada.id, { channels: [] });
    await stream.next('unread-count', (data) => data.count === 1);
    expect(stream.events.filter((e) => e.event !== 'unread-count')).toHaveLength(5);
    expect(bobs.events.map((e) => e.event)).toEqual(['unread-count']);
  });

  test('a reconnecting stream is replayed its missed notifications with their states, then the counts', async () => {
    const ada = await newUser('ada');
    const first = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${ada.token}` });
    clients.push(first);
    await first.next('unread-count');
    const lastId = first.events[0].id as string;
    first.close();
    await waitFor(() => service(app.strapi, 'stream').size(ada.id) === 0, 10_000, 'the first stream to close');

    const a = await notify(ada.id);
    const b = await notify(ada.id);
    await api(ada.token, 'POST', `/${a.id}/read`);
    await api(ada.token, 'POST', `/${b.id}/archive`);

    const again = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${ada.token}`, 'Last-Event-ID': lastId });
    clients.push(again);
    const replayedA = await again.next('notification', (data) => data.id === a.id);
    expect(replayedA.data).toMatchObject({ isRead: true, seenAt: expect.any(String), archivedAt: null });
    const replayedB = await again.next('notification', (data) => data.id === b.id);
    expect(replayedB.data).toMatchObject({ isRead: false, seenAt: null, archivedAt: expect.any(String) });
    expect((await again.next('unread-count')).data).toEqual({ count: 0, unseen: 0 });
  });
});

describe('GraphQL', () => {
  const FIELDS = 'id documentId isRead seenAt archivedAt';

  test('the same operations, scoped to the caller', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    const [a, b] = [await notify(ada.id), await notify(ada.id)];
    const bobs = await notify(bob.id);
    const gql = async (query: string, variables: Record<string, unknown> = {}, token = ada.token) => {
      const answer = await graphql(base, query, variables, token);
      return answer.body;
    };

    expect(await gql('{ notifsUnreadCount notifsUnseenCount }')).toEqual({ data: { notifsUnreadCount: 2, notifsUnseenCount: 2 } });
    expect(await gql('mutation { notifsMarkAllSeen { count } }')).toEqual({ data: { notifsMarkAllSeen: { count: 2 } } });
    expect((await gql('{ notifsUnseenCount }')).data).toEqual({ notifsUnseenCount: 0 });

    const archived = await gql(`mutation($id: ID!) { notifsArchive(id: $id) { ${FIELDS} } }`, { id: a.documentId });
    expect(archived.data.notifsArchive).toMatchObject({ id: String(a.id), archivedAt: expect.any(String), seenAt: expect.any(String) });
    expect((await gql('{ notifsUnreadCount }')).data).toEqual({ notifsUnreadCount: 1 });

    const list = async (filters: Record<string, unknown>) =>
      (await gql('query($f: NotifsNotificationFiltersInput) { notifsNotifications(filters: $f) { nodes { id } } }', { f: filters })).data
        .notifsNotifications.nodes.map((n: { id: string }) => Number(n.id));
    expect(await list({})).toEqual([b.id]);
    expect(await list({ archived: true })).toEqual([a.id]);
    expect(await list({ seen: false })).toEqual([]);

    const restored = await gql(`mutation($id: ID!) { notifsUnarchive(id: $id) { ${FIELDS} } }`, { id: String(a.id) });
    expect(restored.data.notifsUnarchive.archivedAt).toBeNull();

    await gql('mutation($id: ID!) { notifsMarkRead(id: $id) { id } }', { id: String(b.id) });
    expect((await gql('mutation { notifsArchiveAllRead { count } }')).data).toEqual({ notifsArchiveAllRead: { count: 1 } });

    // Another user's: not found, as over REST.
    const foreign = await gql('mutation($id: ID!) { notifsArchive(id: $id) { id } }', { id: bobs.documentId });
    expect(foreign.errors?.[0].message).toMatch(/not found/);

    expect((await gql('mutation { notifsDeleteAllNotifications { count } }')).data).toEqual({ notifsDeleteAllNotifications: { count: 2 } });
    expect(await notificationRows(app.strapi, { recipient: { id: ada.id } })).toEqual([]);
    expect(await notificationRows(app.strapi, { recipient: { id: bob.id } })).toHaveLength(1);
  });
});

describe('README', () => {
  test('the inbox-states example answers what its comments say', async () => {
    const user = await newUser('readme');
    for (let i = 0; i < 3; i += 1) await notify(user.id);
    const results = await runExample<Record<string, unknown>>(readmeExample('inbox-states'), { strapi: app.strapi, user }, '{ unseen, seen, archived, unread, shelf, removed }');
    expect(results).toMatchObject({ unseen: 3, seen: { count: 3 }, archived: { count: 1 }, unread: 2, removed: { count: 3 } });
    expect((results.shelf as { results: unknown[] }).results).toHaveLength(1);
    expect(await notificationRows(app.strapi, { recipient: { id: user.id } })).toEqual([]);
  });

  test('the curl examples: unread-count, seen-all, archive and DELETE answer the shapes shown', async () => {
    const user = await newUser('curl');
    const [a] = [await notify(user.id), await notify(user.id)];
    await api(user.token, 'POST', `/${a.id}/read`);
    expect((await api(user.token, 'GET', '/unread-count')).body).toEqual({ data: { count: 1, unseen: 1 }, meta: {} });
    expect((await api(user.token, 'POST', '/seen-all')).body).toEqual({ data: { count: 1 }, meta: {} });
    const archived = (await api(user.token, 'POST', `/${a.id}/archive`)).body;
    expect(archived).toEqual({ data: expect.objectContaining({ id: a.id, isRead: true, seenAt: expect.any(String), archivedAt: expect.any(String) }), meta: {} });
    expect((await api(user.token, 'DELETE', '')).body).toEqual({ data: { count: 2 }, meta: {} });
  });
});

describe('indexes', () => {
  /** The SQL a read-service call runs, captured from knex, then explained by SQLite. */
  const plansOf = async (call: () => Promise<unknown>): Promise<string[]> => {
    const knex = app.strapi.db.connection;
    const queries: { sql: string; bindings: unknown[] }[] = [];
    const listener = (query: { sql: string; bindings: unknown[] }) => queries.push(query);
    knex.on('query', listener);
    try {
      await call();
    } finally {
      knex.removeListener('query', listener);
    }
    const plans: string[] = [];
    for (const { sql, bindings } of queries) {
      const rows = (await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as never)) as { detail: string }[];
      plans.push(rows.map((row) => row.detail).join(' | '));
    }
    return plans;
  };

  (process.env.NOTIFS_TEST_DB ? test.skip : test)('on SQLite each count is one query on a covering index', async () => {
    const ada = await newUser('ada');
    await notify(ada.id);
    const read = service(app.strapi, 'read');
    expect(await plansOf(() => read.unseenCount({ recipient: ada.id }))).toEqual([
      expect.stringMatching(/USING COVERING INDEX notifs_notifications_recipient_unseen_idx \(recipient_id=\? AND archived_at=\? AND seen_at=\?\)/),
    ]);
    expect(await plansOf(() => read.unreadCount({ recipient: ada.id }))).toEqual([
      expect.stringMatching(/USING COVERING INDEX notifs_notifications_recipient_unread_idx \(recipient_id=\? AND archived_at=\? AND is_read=\?\)/),
    ]);
  });
});
