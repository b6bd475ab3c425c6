import { createUser } from '../helpers/users';
import { adminWith, type AdminClient } from '../helpers/admin-http';
import { ACTIONS } from '../../server/src/admin/permissions';
import { bootAdminApp, MANUAL_QUEUE, type AdminTestApp } from './setup';

const ARTICLE = 'api::article.article';
let t: AdminTestApp;
let viewer: AdminClient;
let author: { id: number };
let article: { documentId: string };

interface Trigger {
  id: number | string;
  source: string;
  name: string;
  enabled: boolean;
  shortDescription?: string;
}

const definition = (overrides: Record<string, unknown> = {}) => ({
  name: 'article-created',
  uid: ARTICLE,
  events: ['create', 'publish'],
  channels: ['console'],
  recipientRule: { type: 'field', field: 'author' },
  shortDescription: 'New article: {{entry.title}}',
  url: '/articles/{{entry.documentId}}',
  ...overrides,
});

beforeAll(async () => {
  t = await bootAdminApp({
    ...MANUAL_QUEUE,
    triggers: [{ uid: ARTICLE, events: ['delete'], channels: ['console'], recipients: () => [], build: () => ({ shortDescription: 'gone' }) }],
  });
  // Previewing an entry needs the Content Manager's read permission on its type (test/hardening/permissions.test.ts).
  const read = (subject: string) => ({ action: 'plugin::content-manager.explorer.read', subject });
  viewer = await adminWith(t.app.strapi, t.base, [ACTIONS.triggersRead, read(ARTICLE), read('api::page.page')]);
  author = await createUser(t.app.strapi, 'writer');
  article = (await t.app.strapi.documents(ARTICLE as never).create({ data: { title: 'Hello', author: author.id } as never })) as { documentId: string };
});
afterAll(async () => {
  await t?.app.stop();
});

describe('admin triggers', () => {
  test('options: content types a trigger may watch, channel names, with their fields and user relations, and entries to preview', async () => {
    const options = await viewer.get<{
      contentTypes: { uid: string; displayName: string; draftAndPublish: boolean; fields: string[]; userFields: string[] }[];
      channels: { name: string; displayName: string; configured: boolean }[];
    }>('/triggers/options');
    // Every channel (a trigger may be saved before its provider is configured), with its name and whether it can send.
    expect(options.body.data.channels).toEqual(
      expect.arrayContaining([
        { name: 'console', displayName: 'Console', configured: true },
        { name: 'email', displayName: 'Email', configured: false },
        { name: 'probe', displayName: 'Probe', configured: true },
      ])
    );
    const types = options.body.data.contentTypes;
    // The app's own types only (article, and the localized page of the triggers suites), never the plugin's.
    expect(types.map((type) => type.uid).sort()).toEqual([ARTICLE, 'api::page.page']);
    const articleType = types.find((type) => type.uid === ARTICLE)!;
    expect(articleType).toMatchObject({ draftAndPublish: true, userFields: ['author'] });
    expect(articleType.fields).toEqual(expect.arrayContaining(['title', 'body', 'author']));
    const entries = await viewer.get<{ documentId: string; label: string }[]>(`/triggers/entries?uid=${ARTICLE}`);
    expect(entries.body.data).toEqual([{ documentId: article.documentId, label: 'Hello' }]);
    expect((await viewer.get('/triggers/entries?uid=plugin::notifs.trigger')).status).toBe(400);
  });

  test('create, read, edit, disable and enable a data trigger; code triggers are listed read-only', async () => {
    const created = await t.superAdmin.post<Trigger>('/triggers', definition());
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'article-created', enabled: true });
    const id = created.body.data.id;

    const list = await viewer.get<(Trigger & { contentTypeName: string; channelDisplayNames: string[] })[]>('/triggers');
    expect(list.body.data.map(({ source, id: listed }) => [source, listed])).toEqual([
      ['code', 'code:0'],
      ['data', id],
    ]);
    // Named as the content manager and the channels page name them.
    expect(list.body.data[1]).toMatchObject({ contentTypeName: 'Article', channelDisplayNames: ['Console'] });

    const edited = await t.superAdmin.put<Trigger>(`/triggers/${id}`, { shortDescription: 'Article {{entry.title}}' });
    expect(edited.body.data).toMatchObject({ shortDescription: 'Article {{entry.title}}', name: 'article-created' });
    expect((await t.superAdmin.put<Trigger>(`/triggers/${id}/enabled`, { enabled: false })).body.data.enabled).toBe(false);
    expect((await viewer.get<Trigger>(`/triggers/${id}`)).body.data.enabled).toBe(false);
    expect((await t.superAdmin.put<Trigger>(`/triggers/${id}/enabled`, { enabled: true })).body.data.enabled).toBe(true);
    expect((await viewer.put(`/triggers/${id}/enabled`, { enabled: false })).status).toBe(403);
  });

  test('a definition that cannot fire is refused with a 400 naming each field', async () => {
    const refused = await t.superAdmin.post('/triggers', definition({ name: 'bad', channels: ['smss'], shortDescription: '{{entry.nope}}' }));
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/"channels" unknown channel "smss"/);
    expect(refused.body.error?.message).toMatch(/nope/);
    expect((await t.superAdmin.post('/triggers', { ...definition(), failureCount: 3 })).body.error?.message).toMatch(/"failureCount" is not a known key/);
    expect((await t.superAdmin.put('/triggers/999999', { name: 'x' })).status).toBe(404);
  });

  test('preview renders an unsaved definition against a real entry and sends nothing', async () => {
    const before = await t.app.strapi.db.query('plugin::notifs.notification').count();
    const preview = await viewer.post<{ fires: boolean; recipients: number[]; input: { shortDescription: string; url: string } }>('/triggers/preview', {
      definition: definition({ name: 'draft', shortDescription: 'Read {{entry.title}} by {{entry.author.username}}' }),
      documentId: article.documentId,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({
      fires: true,
      recipients: [author.id],
      input: { shortDescription: 'Read Hello by writer', url: `/articles/${article.documentId}` },
    });
    const held = await viewer.post<{ fires: boolean }>('/triggers/preview', {
      definition: definition({ condition: { field: 'title', operator: 'eq', value: 'Other' } }),
      documentId: article.documentId,
    });
    expect(held.body.data.fires).toBe(false);
    expect((await viewer.post('/triggers/preview', { definition: definition(), documentId: 'missing' })).status).toBe(404);
    expect(await t.app.strapi.db.query('plugin::notifs.notification').count()).toBe(before);
  });
});
