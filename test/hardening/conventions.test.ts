import { generate } from '@strapi/openapi';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { graphql, listen, request, tokenFor } from '../helpers/http';
import { openStream, type SseEvent } from '../helpers/sse';

/**
 * Strapi 5 conventions of the content API: answers go through Strapi's output sanitizer (private
 * fields and relations the caller may not `find` never leave), and every route is in the app's
 * OpenAPI document with its parameters and answer, as `strapi openapi generate` writes it.
 */
let app: TestApp;
let base: string;
let ada: { id: number };
let bob: { id: number };
let adaToken: string;

const NOTIFICATION_UID = 'plugin::notifs.notification';
const notificationAttributes = () => app.strapi.contentTypes[NOTIFICATION_UID].attributes as Record<string, { private?: boolean }>;

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  base = await listen(app.strapi);
  ada = await createUser(app.strapi, 'ada-conv');
  bob = await createUser(app.strapi, 'bob-conv');
  adaToken = await tokenFor(app.strapi, ada.id);
});
afterAll(async () => {
  await app?.stop();
});

describe('REST answers are sanitized like Strapi’s own content API', () => {
  let id: number;
  beforeAll(async () => {
    ({ id } = await service(app.strapi, 'notify').notify({
      recipient: ada.id,
      source: bob.id,
      shortDescription: 'hello',
      extraData: { internal: 'for the server only' },
    }));
  });

  // Every answer that carries notifications, as [what, fetch, pick the notification(s)].
  const answers = (): [string, () => Promise<{ status: number; body: any }>, (body: any) => Record<string, unknown>[]][] => [
    ['GET /notifications', () => request(base, '/api/notifs/notifications', { token: adaToken }), (b) => b.data],
    ['GET /notifications/:id', () => request(base, `/api/notifs/notifications/${id}`, { token: adaToken }), (b) => [b.data]],
    ['POST /:id/read', () => request(base, `/api/notifs/notifications/${id}/read`, { method: 'POST', token: adaToken }), (b) => [b.data]],
    ['POST /:id/unread', () => request(base, `/api/notifs/notifications/${id}/unread`, { method: 'POST', token: adaToken }), (b) => [b.data]],
  ];

  test('a field the app marks private is never returned, and the shape stays { data, meta }', async () => {
    notificationAttributes().extraData.private = true;
    try {
      for (const [what, fetchIt, pick] of answers()) {
        const { status, body } = await fetchIt();
        expect({ what, status, keys: Object.keys(body).sort() }).toEqual({ what, status: 200, keys: ['data', 'meta'] });
        for (const notification of pick(body)) {
          expect({ what, notification }).toEqual({ what, notification: expect.objectContaining({ id, shortDescription: 'hello' }) });
          expect({ what, keys: Object.keys(notification) }).toEqual({ what, keys: expect.not.arrayContaining(['extraData']) });
        }
      }
    } finally {
      delete notificationAttributes().extraData.private;
    }
    const { body } = await request(base, `/api/notifs/notifications/${id}`, { token: adaToken });
    expect(body.data.extraData).toEqual({ internal: 'for the server only' });
  });

  test('the user relations are returned only to a role that may find users', async () => {
    for (const [what, fetchIt, pick] of answers()) {
      const { body } = await fetchIt();
      for (const notification of pick(body)) {
        expect({ what, keys: Object.keys(notification) }).toEqual({ what, keys: expect.not.arrayContaining(['recipient', 'source']) });
        expect(JSON.stringify(notification)).not.toContain('@example.test');
      }
    }

    // An app that lets the Authenticated role find users sees them, as Strapi's own routes would.
    const role = (await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } })) as { id: number };
    const permission = await app.strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action: 'plugin::users-permissions.user.find', role: role.id } });
    try {
      const { body } = await request(base, `/api/notifs/notifications/${id}`, { token: adaToken });
      expect(body.data).toMatchObject({ id, recipient: ada.id, source: bob.id });
    } finally {
      await app.strapi.db.query('plugin::users-permissions.permission').delete({ where: { id: (permission as { id: number }).id } });
    }
  });

  test('DELETE answers the deleted notification, sanitized', async () => {
    const other = await service(app.strapi, 'notify').notify({ recipient: ada.id, source: bob.id, shortDescription: 'bye' });
    const { status, body } = await request(base, `/api/notifs/notifications/${other.id}`, { method: 'DELETE', token: adaToken });
    expect(status).toBe(200);
    expect(body).toEqual({ data: expect.objectContaining({ id: other.id, shortDescription: 'bye' }), meta: {} });
    expect(Object.keys(body.data)).toEqual(expect.not.arrayContaining(['recipient', 'source']));
  });

  test('GraphQL answers go through the same sanitizer', async () => {
    notificationAttributes().extraData.private = true;
    try {
      const list = (await graphql(base, '{ notifsNotifications { nodes { id extraData recipient source } } }', {}, adaToken)).body;
      expect(list.errors).toBeUndefined();
      const mine = list.data.notifsNotifications.nodes.find((n: { id: string }) => Number(n.id) === id);
      expect(mine).toEqual({ id: String(id), extraData: null, recipient: null, source: null });
      const marked = (await graphql(base, `mutation { notifsMarkRead(id: "${id}") { id extraData source } }`, {}, adaToken)).body;
      expect(marked.data).toEqual({ notifsMarkRead: { id: String(id), extraData: null, source: null } });
    } finally {
      delete notificationAttributes().extraData.private;
    }
  });
});

describe('the event stream is sanitized like the REST answers', () => {
  const notificationKeys = (event: SseEvent) => Object.keys(event.data as Record<string, unknown>);

  test('live and replayed notification events leave out private fields and the user relations', async () => {
    notificationAttributes().extraData.private = true;
    const stream = await openStream(`${base}/api/notifs/stream`, { Authorization: `Bearer ${adaToken}` });
    try {
      await stream.next('unread-count');
      const live = await service(app.strapi, 'notify').notify({
        recipient: ada.id, source: bob.id, shortDescription: 'live', channels: ['in_app'], extraData: { internal: 'secret' },
      });
      const event = await stream.next('notification', (data) => data.id === live.id);
      expect(event.data).toMatchObject({ id: live.id, shortDescription: 'live' });
      expect(notificationKeys(event)).toEqual(expect.not.arrayContaining(['extraData', 'recipient', 'source']));
      stream.close();

      // Reconnecting from before it: the replay goes through the same sanitizer.
      const again = await openStream(`${base}/api/notifs/stream?since=${live.id - 1}`, { Authorization: `Bearer ${adaToken}` });
      try {
        const replayed = await again.next('notification', (data) => data.id === live.id);
        expect(notificationKeys(replayed)).toEqual(expect.not.arrayContaining(['extraData', 'recipient', 'source']));
        // Order holds: the count that follows the replay comes after it.
        await again.next('unread-count');
      } finally {
        again.close();
      }
    } finally {
      stream.close();
      delete notificationAttributes().extraData.private;
    }
  });
});

describe('the content-API routes are in the app’s OpenAPI document', () => {
  type Operation = {
    parameters?: { name: string; in: string; required?: boolean }[];
    responses: Record<string, { content?: Record<string, { schema: Record<string, any> }> }>;
  };
  let paths: Record<string, Record<string, Operation>>;
  let components: Record<string, any>;

  beforeAll(() => {
    // What `strapi openapi generate` does, on the booted app.
    const { document } = generate(app.strapi, { type: 'content-api' });
    paths = (document.paths ?? {}) as typeof paths;
    components = (document.components?.schemas ?? {}) as typeof components;
  });

  const operation = (method: string, path: string): Operation => {
    const found = paths[path]?.[method];
    if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the document; notifs paths: ${Object.keys(paths).filter((p) => p.startsWith('/notifs'))}`);
    return found;
  };
  const resolve = (schema: Record<string, any>): Record<string, any> => {
    const ref = schema.$ref as string | undefined;
    return ref ? resolve(components[ref.split('/').pop() as string]) : schema;
  };
  const okSchema = (op: Operation) => resolve(op.responses['200']?.content?.['application/json']?.schema ?? {});
  const paramNames = (op: Operation, where: string) => (op.parameters ?? []).filter((p) => p.in === where).map((p) => p.name).sort();

  const oneNotification = [
    ['get', '/notifs/notifications/{id}'],
    ['post', '/notifs/notifications/{id}/read'],
    ['post', '/notifs/notifications/{id}/unread'],
    ['delete', '/notifs/notifications/{id}'],
  ] as const;

  test.each(oneNotification)('%s %s: the id parameter and { data: notification, meta }', (method, path) => {
    const op = operation(method, path);
    expect(paramNames(op, 'path')).toEqual(['id']);
    const schema = okSchema(op);
    expect(schema.required).toEqual(expect.arrayContaining(['data', 'meta']));
    const data = resolve(schema.properties.data);
    expect(Object.keys(data.properties)).toEqual(expect.arrayContaining(['id', 'documentId', 'shortDescription', 'isRead', 'readAt', 'createdAt']));
  });

  test('GET /notifs/notifications: pagination and filters, a list and meta.pagination', () => {
    const op = operation('get', '/notifs/notifications');
    expect(paramNames(op, 'query')).toEqual(['filters[archived]', 'filters[category]', 'filters[isRead]', 'filters[seen]', 'pagination[page]', 'pagination[pageSize]'].sort());
    const schema = okSchema(op);
    expect(schema.properties.data.type).toBe('array');
    expect(Object.keys(resolve(schema.properties.data.items).properties)).toEqual(expect.arrayContaining(['id', 'isRead']));
    expect(Object.keys(resolve(schema.properties.meta).properties.pagination.properties).sort()).toEqual(['page', 'pageCount', 'pageSize', 'total']);
  });

  test.each([
    ['get', '/notifs/notifications/unread-count'],
    ['post', '/notifs/notifications/read-all'],
  ] as const)('%s %s: { data: { count }, meta }', (method, path) => {
    const schema = okSchema(operation(method, path));
    expect(resolve(schema.properties.data).properties.count.type).toBe('integer');
  });

  test('every content-API route of the plugin is there with its answer (the event stream: its query)', () => {
    const routers = app.strapi.plugin('notifs').routes as Record<string, { routes: { method: string; path: string }[] }>;
    const undocumented = routers['content-api'].routes
      .map(({ method, path }) => [method.toLowerCase(), `/notifs${path.replace(/:(\w+)/g, '{$1}')}`] as const)
      .filter(([method, path]) => {
        const op = paths[path]?.[method];
        return !op || (path === '/notifs/stream' ? !op.parameters?.length : !op.responses['200']?.content);
      });
    expect(undocumented).toEqual([]);
  });

  test('the stream routes: a ticket, and the stream’s query parameters', () => {
    const ticket = okSchema(operation('post', '/notifs/stream/ticket'));
    expect(Object.keys(resolve(ticket.properties.data).properties).sort()).toEqual(['expiresAt', 'ticket']);
    expect(paramNames(operation('get', '/notifs/stream'), 'query')).toEqual(['since', 'ticket']);
  });
});
