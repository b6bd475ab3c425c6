import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';
import { ARTICLE, EchoChannel, createTrigger, disableAllTriggers, notificationsAbout } from './setup';

let app: TestApp;
let strapi: Core.Strapi;
let ada: { id: number };
let bob: { id: number };
let carol: { id: number };
const articles = () => strapi.documents(ARTICLE as never);
const queue = () => service(strapi, 'queue');
const triggers = () => service(strapi, 'triggers');

beforeAll(async () => {
  app = await bootStrapi({ config: { queue: { pollRule: '0 0 0 1 1 *' }, channels: [EchoChannel] } });
  strapi = app.strapi;
  ada = await createUser(strapi, 'ada');
  bob = await createUser(strapi, 'bob');
  carol = await createUser(strapi, 'carol');
  // A role of its own, with one user, and a blocked user in the authenticated role.
  const editors = await strapi.db.query('plugin::users-permissions.role').create({ data: { name: 'Editors', type: 'editors', description: 'e' } });
  await strapi.db.query('plugin::users-permissions.user').update({ where: { id: carol.id }, data: { role: editors.id } });
  const blocked = await createUser(strapi, 'mallory');
  await strapi.db.query('plugin::users-permissions.user').update({ where: { id: blocked.id }, data: { blocked: true } });
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(async () => {
  await queue().drain();
  clearRecorded();
  await disableAllTriggers(strapi);
});

const createArticle = (data: Record<string, unknown> = {}) =>
  articles().create({ data: { title: 'Hello', author: ada.id, ...data } as never }) as Promise<Record<string, any>>;
const recipientsAbout = async (documentId: string) => (await notificationsAbout(strapi, documentId)).map((row) => row.recipient?.id);

describe('recipient rules', () => {
  test('field: the user in the relation; an entry without one notifies nobody', async () => {
    await createTrigger(strapi, { recipientRule: { type: 'field', field: 'author' } });
    const withAuthor = await createArticle({ author: bob.id });
    const orphan = await createArticle({ author: null });
    expect(await recipientsAbout(withAuthor.documentId)).toEqual([bob.id]);
    expect(await recipientsAbout(orphan.documentId)).toEqual([]);
  });

  test('role: every user of the role, blocked users left out', async () => {
    await createTrigger(strapi, { recipientRule: { type: 'role', role: 'authenticated' } });
    const article = await createArticle();
    expect(await recipientsAbout(article.documentId)).toEqual([ada.id, bob.id]);

    await disableAllTriggers(strapi);
    await createTrigger(strapi, { recipientRule: { type: 'role', role: 'editors' } });
    const other = await createArticle();
    expect(await recipientsAbout(other.documentId)).toEqual([carol.id]);
    await queue().drain();
    expect(recorded().map((call) => call.payloads[0].recipient)).toEqual([ada.id, bob.id, carol.id]);
  });

  test('users: fixed ids', async () => {
    await createTrigger(strapi, { recipientRule: { type: 'users', ids: [carol.id, bob.id] } });
    const article = await createArticle();
    expect((await recipientsAbout(article.documentId)).sort()).toEqual([bob.id, carol.id].sort());
  });
});

describe('conditions', () => {
  test.each([
    [{ field: 'title', operator: 'eq', value: 'Breaking' }, ['Breaking']],
    [{ field: 'title', operator: 'ne', value: 'Breaking' }, ['Quiet', 'Untitled body']],
    [{ field: 'title', operator: 'in', value: ['Quiet', 'Breaking'] }, ['Breaking', 'Quiet']],
    [{ field: 'body', operator: 'exists' }, ['Breaking']],
    [{ field: 'body', operator: 'exists', value: false }, ['Quiet', 'Untitled body']],
  ])('%j', async (condition, fired) => {
    await createTrigger(strapi, { condition, shortDescription: '{{entry.title}}' });
    const created = [
      await createArticle({ title: 'Breaking', body: 'text' }),
      await createArticle({ title: 'Quiet' }),
      await createArticle({ title: 'Untitled body', body: '' }),
    ];
    const rows = (await Promise.all(created.map((article) => notificationsAbout(strapi, article.documentId)))).flat();
    expect(rows.map((row) => row.shortDescription).sort()).toEqual([...fired].sort());
  });

  test('on a relation, the related id is compared', async () => {
    await createTrigger(strapi, { condition: { field: 'author', operator: 'eq', value: bob.id }, recipientRule: { type: 'users', ids: [carol.id] } });
    const byBob = await createArticle({ author: bob.id });
    const byAda = await createArticle({ author: ada.id });
    expect(await recipientsAbout(byBob.documentId)).toEqual([carol.id]);
    expect(await recipientsAbout(byAda.documentId)).toEqual([]);
  });
});

describe('templates', () => {
  test('rendered against the entry, its relations and the event, without HTML escaping', async () => {
    await createTrigger(strapi, {
      events: ['update'],
      shortDescription: '{{entry.author.username}} edited "{{entry.title}}"{{#entry.body}}: {{entry.body}}{{/entry.body}}',
      url: '/articles/{{event.documentId}}?locale={{event.locale}}',
      category: '{{event.uid}}',
      action: '{{event.type}}',
    });
    const article = await createArticle({ author: bob.id });
    await articles().update({ documentId: article.documentId, data: { title: '<b>Q&A</b>', body: 'a < b' } as never });
    const [row] = await notificationsAbout(strapi, article.documentId);
    expect(row).toMatchObject({
      shortDescription: 'bob edited "<b>Q&A</b>": a < b',
      url: `/articles/${article.documentId}?locale=`,
      category: ARTICLE,
      action: 'update',
      extraData: { trigger: { name: expect.any(String) }, event: { type: 'update', locale: null } },
    });
    await queue().drain();
    expect(recorded()[0].payloads[0]).toMatchObject({ recipient: bob.id, shortDescription: 'bob edited "<b>Q&A</b>": a < b' });
  });
});

describe('enabled flag, list and preview', () => {
  test('a disabled trigger does not fire', async () => {
    const trigger = await createTrigger(strapi);
    await strapi.documents('plugin::notifs.trigger' as never).update({ documentId: trigger.documentId, data: { enabled: false } as never });
    const article = await createArticle();
    expect(await notificationsAbout(strapi, article.documentId)).toEqual([]);
  });

  test('list() shows data triggers with their failure record', async () => {
    const trigger = await createTrigger(strapi, { name: 'Listed' });
    const listed = (await triggers().list()).find((item) => item.id === trigger.id);
    expect(listed).toEqual({
      id: trigger.id,
      source: 'data',
      name: 'Listed',
      uid: ARTICLE,
      events: ['create'],
      channels: ['echo'],
      enabled: true,
      failureCount: 0,
      lastError: null,
      lastErrorAt: null,
    });
  });

  test('test() renders against a real entry and sends nothing', async () => {
    const article = await createArticle({ title: 'Preview me', author: bob.id });
    const trigger = await createTrigger(strapi, {
      events: ['publish'],
      shortDescription: '{{entry.title}} by {{entry.author.username}}',
      condition: { field: 'title', operator: 'eq', value: 'Preview me' },
    });
    const notificationsBefore = await strapi.db.query('plugin::notifs.notification').count({});

    const preview = await triggers().test(trigger.documentId, article.documentId);
    expect(preview).toMatchObject({
      trigger: { id: trigger.id, name: trigger.name },
      event: { type: 'publish', uid: ARTICLE, documentId: article.documentId, locale: null },
      fires: true,
      recipients: [bob.id],
      input: { shortDescription: 'Preview me by bob', channels: ['echo'], obj: { uid: ARTICLE, documentId: article.documentId } },
    });
    expect(await strapi.db.query('plugin::notifs.notification').count({})).toBe(notificationsBefore);
    await queue().drain();
    expect(recorded()).toEqual([]);

    await articles().update({ documentId: article.documentId, data: { title: 'Renamed' } as never });
    expect(await triggers().test(trigger.id, article.documentId)).toMatchObject({ fires: false, recipients: [], input: null });
    await expect(triggers().test(trigger.id, 'nope')).rejects.toThrow('No entry of api::article.article has documentId "nope"');
    await expect(triggers().test(999_999, article.documentId)).rejects.toThrow('No trigger has id 999999');
    await expect(triggers().test(trigger.id, article.documentId, { event: 'save' as never })).rejects.toThrow(
      'Unknown event "save": events are create, update, publish, unpublish, delete'
    );
  });
});
