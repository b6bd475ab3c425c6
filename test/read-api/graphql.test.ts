import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { graphql, listen, tokenFor } from '../helpers/http';
import { notificationRows } from '../helpers/db';

let app: TestApp;
let base: string;
let ada: { id: number };
let bob: { id: number };
let adaToken: string;
let bobToken: string;
let bobsId: number;
const notify = (recipient: number, extra: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({ recipient, shortDescription: 'hello', ...extra });

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  base = await listen(app.strapi);
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
  adaToken = await tokenFor(app.strapi, ada.id);
  bobToken = await tokenFor(app.strapi, bob.id);
  for (const category of ['orders', 'news', 'orders']) await notify(ada.id, { category });
  bobsId = (await notify(bob.id, { category: 'secret', shortDescription: 'bob only' })).id;
});
afterAll(async () => {
  await app?.stop();
});

const LIST = /* GraphQL */ `
  query List($filters: NotifsNotificationFiltersInput, $pagination: NotifsPaginationInput) {
    notifsNotifications(filters: $filters, pagination: $pagination) {
      nodes { id documentId recipient category isRead readAt createdAt obj extraData }
      pageInfo { page pageSize pageCount total }
    }
  }
`;

describe('queries', () => {
  test('notifsNotifications: the caller’s own, newest first, paginated and filtered', async () => {
    const all = await graphql(base, LIST, {}, adaToken);
    expect(all.body.errors).toBeUndefined();
    const { nodes, pageInfo } = all.body.data.notifsNotifications;
    expect(pageInfo).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 3 });
    expect(nodes.map((n: { category: string }) => n.category)).toEqual(['orders', 'news', 'orders']);
    // Sanitized as Strapi's own content API: the Authenticated role may not find users.
    expect(nodes.every((n: { recipient: number | null }) => n.recipient === null)).toBe(true);

    const news = await graphql(base, LIST, { filters: { category: 'news' }, pagination: { page: 1, pageSize: 1 } }, adaToken);
    expect(news.body.data.notifsNotifications.nodes).toHaveLength(1);
    expect(news.body.data.notifsNotifications.pageInfo).toEqual({ page: 1, pageSize: 1, pageCount: 1, total: 1 });
  });

  test('notifsUnreadCount', async () => {
    const { body } = await graphql(base, '{ notifsUnreadCount }', {}, adaToken);
    expect(body).toEqual({ data: { notifsUnreadCount: 3 } });
  });

  test('a page size over 100 is refused with a message', async () => {
    const { body } = await graphql(base, LIST, { pagination: { pageSize: 500 } }, adaToken);
    expect(body.errors?.[0].message).toMatch(/"pagination.pageSize"/);
  });
});

describe('mutations', () => {
  test('notifsMarkRead, notifsMarkUnread, notifsMarkAllRead', async () => {
    const { id } = await notify(ada.id);
    const read = await graphql(base, 'mutation($id: ID!) { notifsMarkRead(id: $id) { id isRead readAt } }', { id: String(id) }, adaToken);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.notifsMarkRead).toMatchObject({ id: String(id), isRead: true });
    const unread = await graphql(base, 'mutation($id: ID!) { notifsMarkUnread(id: $id) { id isRead readAt } }', { id: String(id) }, adaToken);
    expect(unread.body.data.notifsMarkUnread).toEqual({ id: String(id), isRead: false, readAt: null });
    const all = await graphql(base, 'mutation { notifsMarkAllRead { count } }', {}, adaToken);
    expect(all.body.data.notifsMarkAllRead).toEqual({ count: 4 });
    expect((await graphql(base, '{ notifsUnreadCount }', {}, adaToken)).body.data.notifsUnreadCount).toBe(0);
  });

  test('a malformed id is refused with a message', async () => {
    const { body } = await graphql(base, 'mutation { notifsMarkRead(id: "1.5") { id } }', {}, adaToken);
    expect(body.errors?.[0].message).toMatch(/"id" must be a numeric id \(digits only\) or a documentId/);
  });
});

describe('another user’s data', () => {
  test('reading, marking or deleting bob’s notification answers "not found", like a missing id, and changes nothing', async () => {
    for (const [kind, field] of [['mutation', 'notifsMarkRead'], ['mutation', 'notifsMarkUnread'], ['query', 'notifsNotification'], ['mutation', 'notifsDeleteNotification']]) {
      const theirs = await graphql(base, `${kind}($id: ID!) { ${field}(id: $id) { id } }`, { id: String(bobsId) }, adaToken);
      expect(theirs.body.data).toBeNull();
      expect(theirs.body.errors?.[0].message).toBe(`Notification ${bobsId} not found`);
      const missing = await graphql(base, `${kind}($id: ID!) { ${field}(id: $id) { id } }`, { id: '987654' }, adaToken);
      expect(missing.body.errors?.[0].message).toBe('Notification 987654 not found');
    }
    expect((await notificationRows(app.strapi, { id: bobsId }))[0].isRead).toBe(false);
    // Ada's list and count never include it; bob's do.
    const adas = await graphql(base, LIST, { filters: { category: 'secret' } }, adaToken);
    expect(adas.body.data.notifsNotifications.nodes).toEqual([]);
    const bobs = await graphql(base, LIST, {}, bobToken);
    expect(bobs.body.data.notifsNotifications.nodes.map((n: { id: string }) => n.id)).toEqual([String(bobsId)]);
  });

  test.each([
    ['notifsNotifications_connection', '{ notifsNotifications_connection { nodes { documentId shortDescription } } }'],
    ['notifsDeliveries', '{ notifsDeliveries { documentId payload } }'],
    ['notifsDeliveries_connection', '{ notifsDeliveries_connection { nodes { documentId payload } } }'],
    ['notifsDelivery', '{ notifsDelivery(documentId: "x") { documentId payload } }'],
    ['createNotifsNotification', 'mutation { createNotifsNotification(data: { shortDescription: "x" }) { documentId } }'],
    ['deleteNotifsNotification', 'mutation { deleteNotifsNotification(documentId: "x") { documentId } }'],
    ['updateNotifsNotification', 'mutation { updateNotifsNotification(documentId: "x", data: { isRead: true }) { documentId } }'],
  ])('the generated CRUD %s does not exist', async (field, query) => {
    const { status, body } = await graphql(base, query, {}, adaToken);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toContain(`Cannot query field "${field}"`);
  });

  test('the generated notifsNotification(documentId) is not there: the plugin’s notifsNotification takes `id` and is scoped to the caller', async () => {
    const { status, body } = await graphql(base, `{ notifsNotification(documentId: "x") { documentId shortDescription } }`, {}, adaToken);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toBe('Unknown argument "documentId" on field "Query.notifsNotification".');
  });

  test('no generated type or field of the plugin’s content types is in the schema', async () => {
    const { body } = await graphql(base, '{ __schema { queryType { fields { name } } mutationType { fields { name } } types { name } } }', {}, adaToken);
    const all = [
      ...body.data.__schema.queryType.fields.map((f: { name: string }) => f.name),
      ...body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name),
    ];
    // The app's own content types keep their generated CRUD: only the plugin's is switched off.
    expect(all).toEqual(expect.arrayContaining(['articles', 'article', 'createArticle']));
    const names = all.filter((name: string) => /notifs/i.test(name));
    expect(names.sort()).toEqual([
      'notifsArchive',
      'notifsArchiveAllRead',
      'notifsDeleteAllNotifications',
      'notifsDeleteNotification',
      'notifsMarkAllRead',
      'notifsMarkAllSeen',
      'notifsMarkRead',
      'notifsMarkUnread',
      'notifsNotification',
      'notifsNotifications',
      'notifsPreferences',
      'notifsUnarchive',
      'notifsUnreadCount',
      'notifsUnseenCount',
      'notifsUpdatePreferences',
    ]);
    const types = body.data.__schema.types.map((t: { name: string }) => t.name).filter((name: string) => /delivery|deliveries/i.test(name));
    expect(types).toEqual([]);
  });

  test('without a token every field is refused', async () => {
    for (const query of [
      '{ notifsUnreadCount }',
      '{ notifsUnseenCount }',
      '{ notifsNotifications { nodes { id } } }',
      'mutation { notifsMarkAllRead { count } }',
      'mutation { notifsMarkAllSeen { count } }',
      'mutation { notifsArchiveAllRead { count } }',
      'mutation { notifsDeleteAllNotifications { count } }',
      'mutation { notifsArchive(id: "1") { id } }',
    ]) {
      const { body } = await graphql(base, query);
      expect(body.data).toBeNull();
      expect(body.errors?.[0].message).toMatch(/Forbidden/);
    }
  });
});
