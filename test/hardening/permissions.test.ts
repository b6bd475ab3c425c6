/**
 * Admin least privilege, over real HTTP with admin JWTs of roles made here: every admin route opens
 * with its action and only with it; the trigger preview and entries need the Content Manager's read
 * permission on the content type (its fields and conditions included); a test send goes only to
 * destinations the configuration names, is rate limited, and leaves no admin identity in what the
 * end user reads.
 */
import type { Core } from '@strapi/strapi';
import adminRoutes, { TEST_RATE_LIMIT } from '../../server/src/routes/admin';
import { ACTIONS } from '../../server/src/admin/permissions';
import { adminClient, adminWith, createAdmin, listenOnFreePort, loginAdmin, type AdminClient, type PermissionSpec } from '../helpers/admin-http';
import { MANUAL_QUEUE } from '../admin/setup';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { createUser } from '../helpers/users';
import { request, tokenFor } from '../helpers/http';
import { startHttpServer, type LoopbackServer } from '../helpers/http-server';
import { defaultConfig, validateConfig } from '../../server/src/config';

const ARTICLE = 'api::article.article';
const PAGE = 'api::page.page';
const READ = 'plugin::content-manager.explorer.read';
/** A condition no built-in expresses: Strapi 5.54 has no "published only" permission, so an app writes one. */
const PUBLISHED_ONLY = 'api::published-only';

const ALL = Object.values(ACTIONS) as string[];
const readArticle = (extra: Partial<PermissionSpec> = {}): PermissionSpec => ({ action: READ, subject: ARTICLE, ...extra });

let t: { app: TestApp; base: string };
let strapi: Core.Strapi;
let openPort: LoopbackServer;
let hookUrl: string;
let author: { id: number };
let published: { documentId: string };
let draftOnly: { documentId: string };

beforeAll(async () => {
  // An open port on loopback: a refused test must not tell it apart from a closed one.
  openPort = await startHttpServer((_req, res) => res.end('open'));
  hookUrl = `${openPort.url}/hooks/notifs`;
  const app = await bootStrapi({
    config: {
      ...MANUAL_QUEUE,
      providers: { webhook: { url: hookUrl }, email: { transport: { jsonTransport: true }, from: 'notifs@example.test' } },
      testSend: { allow: ['#ops', 'QA@Example.test', 'https://hooks.example.test/notifs'] },
    },
    // Conditions may be registered only in bootstrap.
    bootstrap: (booting) =>
      booting.service('admin::permission').conditionProvider.register({
        displayName: 'Published only',
        name: 'published-only',
        handler: () => ({ publishedAt: { $ne: null } }),
      }),
  });
  t = { app, base: await listenOnFreePort(app.strapi) };
  strapi = app.strapi;
  author = await createUser(strapi, 'privilege-writer');
  const documents = strapi.documents(ARTICLE as never);
  published = (await documents.create({ data: { title: 'Published title', body: 'Secret body', author: author.id } as never, status: 'published' })) as {
    documentId: string;
  };
  // The same entry's draft, edited after publishing: only a role that may read drafts sees it.
  await documents.update({ documentId: published.documentId, data: { title: 'Draft title' } as never });
  draftOnly = (await documents.create({ data: { title: 'Never published', author: author.id } as never })) as { documentId: string };
}, 60_000);
afterAll(async () => {
  await t?.app.stop();
  await openPort?.close();
});

describe('every admin route: its action opens it, its absence closes it', () => {
  const clients = new Map<string, Promise<AdminClient>>();
  /** One admin per role shape, made once (admin creation hashes a password). */
  const clientFor = (key: string, actions: (string | PermissionSpec)[]) => {
    if (!clients.has(key)) clients.set(key, adminWith(strapi, t.base, actions));
    return clients.get(key)!;
  };
  const routes = adminRoutes.routes.map((route) => {
    const policy = route.config.policies[1] as { config: { actions: string[] } };
    return { method: route.method, path: route.path, actions: policy.config.actions };
  });
  const call = (client: AdminClient, method: string, path: string) => {
    const url = path.replace(':id', '999999').replace(':name', 'console') + (path === '/triggers/entries' ? `?uid=${ARTICLE}` : '');
    return method === 'GET' ? client.get(url) : method === 'POST' ? client.post(url, {}) : client.put(url, {});
  };

  test.each(routes)('$method $path', async ({ method, path, actions }) => {
    for (const action of actions) {
      // With the action (and the Content Manager's read on Article, which the trigger routes ask too).
      const allowed = await call(await clientFor(`only:${action}`, [action, readArticle()]), method, path);
      expect([401, 403, 429]).not.toContain(allowed.status);
      expect(allowed.status).toBeLessThan(500);
    }
    const others = ALL.filter((action) => !actions.includes(action));
    const denied = await call(await clientFor(`without:${actions.join(',')}`, [...others, readArticle()]), method, path);
    expect(denied.status).toBe(403);
    expect(denied.body.error?.name).toBe('PolicyError');
    expect((await call(adminClient(t.base, null), method, path)).status).toBe(401);
  });
});

describe('trigger preview and entries: what the Content Manager lets the admin read', () => {
  const definition = (overrides: Record<string, unknown> = {}) => ({
    name: 'privilege-preview',
    uid: ARTICLE,
    events: ['update'],
    channels: ['console'],
    recipientRule: { type: 'field', field: 'author' },
    shortDescription: 'T={{entry.title}} B={{entry.body}}',
    ...overrides,
  });
  const preview = (client: AdminClient, documentId: string, overrides: Record<string, unknown> = {}) =>
    client.post<{ fires: boolean; input: { shortDescription: string } | null }>('/triggers/preview', { definition: definition(overrides), documentId });
  const entries = (client: AdminClient, uid = ARTICLE) => client.get<{ documentId: string; label: string }[]>(`/triggers/entries?uid=${uid}`);

  test('without the read permission on the content type: 403 naming it, and the type is not offered', async () => {
    const client = await adminWith(strapi, t.base, [ACTIONS.triggersRead, { action: READ, subject: PAGE }]);
    const denied = await preview(client, published.documentId);
    expect(denied.status).toBe(403);
    expect(denied.body.error?.message).toMatch(/cannot read "Article" \(api::article\.article\) entries/);
    const list = await entries(client);
    expect(list.status).toBe(403);
    expect(list.body.error?.message).toMatch(/cannot read "Article"/);
    const options = await client.get<{ contentTypes: { uid: string }[] }>('/triggers/options');
    expect(options.body.data.contentTypes.map(({ uid }) => uid)).toEqual([PAGE]);
  });

  test('with it: drafts included, every field rendered', async () => {
    const client = await adminWith(strapi, t.base, [ACTIONS.triggersRead, readArticle()]);
    const rendered = await preview(client, published.documentId);
    expect(rendered.status).toBe(200);
    expect(rendered.body.data.input?.shortDescription).toBe('T=Draft title B=Secret body');
    const list = await entries(client);
    expect(list.body.data.map(({ label }) => label).sort()).toEqual(['Never published', 'Published title']);
    const options = await client.get<{ contentTypes: { uid: string }[] }>('/triggers/options');
    expect(options.body.data.contentTypes.map(({ uid }) => uid)).toEqual([ARTICLE]);
  });

  test('a field the role may not read is not rendered, nor used as a label', async () => {
    const client = await adminWith(strapi, t.base, [ACTIONS.triggersRead, readArticle({ properties: { fields: ['body'] } })]);
    const rendered = await preview(client, published.documentId);
    expect(rendered.status).toBe(200);
    expect(rendered.body.data.input?.shortDescription).toBe('T= B=Secret body');
    const list = await entries(client);
    expect(list.body.data.map(({ label }) => label).sort()).toEqual([published.documentId, draftOnly.documentId].sort());
    // A condition on a field it may not read cannot tell its value either.
    const probe = await preview(client, published.documentId, { condition: { field: 'title', operator: 'eq', value: 'Draft title' } });
    expect(probe.body.data.fires).toBe(false);
  });

  test('a role that may read only published entries sees no draft', async () => {
    const client = await adminWith(strapi, t.base, [ACTIONS.triggersRead, readArticle({ conditions: [PUBLISHED_ONLY] })]);
    const rendered = await preview(client, published.documentId);
    expect(rendered.status).toBe(200);
    expect(rendered.body.data.input?.shortDescription).toBe('T=Published title B=Secret body');
    const draft = await preview(client, draftOnly.documentId);
    expect(draft.status).toBe(403);
    expect(draft.body.error?.message).toMatch(/cannot read this "Article"/);
    const list = await entries(client);
    expect(list.body.data).toEqual([{ documentId: published.documentId, label: 'Published title' }]);
  });
});

describe('trigger preview and entries: a built-in condition that looks at a relation', () => {
  test('"is creator": only the entries the admin created', async () => {
    const creator = await createAdmin(strapi, [ACTIONS.triggersRead, readArticle({ conditions: ['admin::is-creator'] })]);
    const client = adminClient(t.base, await loginAdmin(t.base, creator.email, creator.password));
    const own = (await strapi.documents(ARTICLE as never).create({ data: { title: 'Mine', author: author.id } as never })) as { documentId: string };
    await strapi.db.query(ARTICLE as never).updateMany({ where: { documentId: own.documentId }, data: { createdBy: creator.id } as never });
    const list = await client.get<{ documentId: string; label: string }[]>(`/triggers/entries?uid=${ARTICLE}`);
    expect(list.body.data).toEqual([{ documentId: own.documentId, label: 'Mine' }]);
    const body = (documentId: string) => ({
      definition: { name: 'mine', uid: ARTICLE, events: ['update'], channels: ['console'], recipientRule: { type: 'field', field: 'author' }, shortDescription: '{{entry.title}}' },
      documentId,
    });
    const mine = await client.post<{ input: { shortDescription: string } }>('/triggers/preview', body(own.documentId));
    expect(mine.status).toBe(200);
    expect(mine.body.data.input.shortDescription).toBe('Mine');
    expect((await client.post('/triggers/preview', body(published.documentId))).status).toBe(403);
    await strapi.documents(ARTICLE as never).delete({ documentId: own.documentId });
  });
});

describe('test send and provider verify', () => {
  let admin: { id: number; email: string; password: string };
  let tester: AdminClient;
  // A new admin per test: each has its own rate-limit budget.
  beforeEach(async () => {
    admin = await createAdmin(strapi, [ACTIONS.settingsTest]);
    tester = adminClient(t.base, await loginAdmin(t.base, admin.email, admin.password));
  });

  test('a destination the configuration does not name is refused before any connection, whatever its spelling', async () => {
    const port = new URL(openPort.url).port;
    const refused = [
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`,
      `http://127.1:${port}/`,
      `http://[::1]:${port}/`,
      `http://127.0.0.1:1/`,
      `${hookUrl}/../other`,
    ];
    const answers = [];
    for (const to of refused) {
      const response = await tester.post('/test-send', { channel: 'webhook', to });
      answers.push({ status: response.status, message: response.body.error?.message.replace(to, '<to>') });
      expect(response.body.error?.message).toContain(`"${to}" is not allowed`);
    }
    // The same answer for an open and a closed port: nothing tells them apart.
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0].status).toBe(403);
    expect((await tester.post('/test-send', { channel: 'slack', to: '#general' })).status).toBe(403);
    expect((await tester.post('/test-send', { channel: 'email', to: 'someone@example.test' })).status).toBe(403);
  });

  test('configured destinations, testSend.allow and the admin\'s own email are accepted', async () => {
    const accepted = [
      { channel: 'webhook', to: hookUrl.replace('http://', 'HTTP://') },
      // Another spelling of the configured URL is the same destination.
      { channel: 'webhook', to: hookUrl.replace('127.0.0.1', '2130706433') },
      { channel: 'webhook', to: 'https://hooks.example.test:443/notifs' },
      { channel: 'console', to: '#ops' },
      { channel: 'email', to: 'qa@example.test' },
      { channel: 'email', to: admin.email.toUpperCase() },
    ];
    for (const body of accepted) expect({ body, status: (await tester.post('/test-send', body)).status }).toEqual({ body, status: 201 });
  });

  test('the notification the end user reads holds no trace of the admin', async () => {
    const reader = await createUser(strapi);
    const sent = await tester.post<{ notificationId: number }>('/test-send', { channel: 'console', recipient: reader.id });
    expect(sent.status).toBe(201);
    const read = await request<{ data: { extraData: unknown; sourceDisplayName: string }[] }>(t.base, '/api/notifs/notifications', {
      token: await tokenFor(strapi, reader.id),
    });
    expect(read.status).toBe(200);
    expect(read.body.data).toHaveLength(1);
    expect(read.body.data[0]).toMatchObject({ extraData: { test: true }, sourceDisplayName: 'Strapi admin' });
    const text = JSON.stringify(read.body).toLowerCase();
    expect(text).not.toContain(admin.email.toLowerCase());
    expect(text).not.toContain('sentby');
  });

  test('test-send and verify are rate limited per admin: a 429 with a message past the limit', async () => {
    for (const path of ['/test-send', '/providers/console/verify']) {
      const client = await adminWith(strapi, t.base, [ACTIONS.settingsTest]);
      const body = path === '/test-send' ? { channel: 'console' } : {};
      for (let i = 0; i < TEST_RATE_LIMIT.max; i += 1) expect((await client.post(path, body)).status).toBeLessThan(400);
      const limited = await client.post(path, body);
      expect(limited.status).toBe(429);
      expect(limited.body.error?.message).toMatch(/Too many requests/);
      // Another admin has a budget of its own.
      const other = await adminWith(strapi, t.base, [ACTIONS.settingsTest]);
      expect((await other.post(path, body)).status).toBeLessThan(400);
    }
  });
});

describe('testSend.allow in the plugin config', () => {
  const problem = (allow: unknown) => {
    try {
      validateConfig({ ...defaultConfig, testSend: { allow } });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };

  test('takes email addresses, channel names and http(s) URLs; a wrong entry stops the boot with a message naming it', () => {
    expect(problem(['#ops', 'qa@example.test', 'https://hooks.example.test/notifs'])).toBeNull();
    expect(problem(['ftp://files.example.test/'])).toMatch(/"testSend\.allow\.0" must be an absolute http\(s\) URL/);
    expect(problem(['localhost:8080'])).toMatch(/"testSend\.allow\.0" must be an absolute http\(s\) URL/);
    expect(problem(['  '])).toMatch(/"testSend\.allow\.0" must not be empty/);
    expect(problem('#ops')).toMatch(/"testSend\.allow" must be a list of destinations/);
  });
});
