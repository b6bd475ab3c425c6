import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { EchoChannel, createTrigger, notificationsAbout } from './setup';

/** The test app's `api::page.page` is localized (i18n) and has draft & publish. */
const PAGE = 'api::page.page';
let app: TestApp;
let strapi: Core.Strapi;
let ada: { id: number };
const pages = () => strapi.documents(PAGE as never) as any;

beforeAll(async () => {
  app = await bootStrapi({ config: { queue: { pollRule: '0 0 0 1 1 *' }, channels: [EchoChannel] } });
  strapi = app.strapi;
  ada = await createUser(strapi, 'ada');
  await strapi.plugin('i18n').service('locales').create({ code: 'fr', name: 'French (fr)' });
  await createTrigger(strapi, {
    uid: PAGE,
    events: ['create', 'update', 'publish', 'unpublish', 'delete'],
    recipientRule: { type: 'users', ids: [ada.id] },
    shortDescription: '{{event.type}} {{event.locale}} [{{#event.locales}}{{.}} {{/event.locales}}] {{entry.title}}',
  });
});
afterAll(async () => {
  await app?.stop();
});

const events = async (documentId: string) => (await notificationsAbout(strapi, documentId)).map((row) => row.shortDescription);

describe('locales: one event per document action, with its locale', () => {
  test('each locale saved is its own action; publish and delete of every locale fire once', async () => {
    const page = await pages().create({ data: { title: 'Hello', owner: ada.id } }); // default locale: en
    await pages().update({ documentId: page.documentId, locale: 'fr', data: { title: 'Bonjour' } }); // creates the fr version
    await pages().update({ documentId: page.documentId, locale: 'fr', data: { title: 'Salut' } });
    await pages().publish({ documentId: page.documentId, locale: '*' });
    await pages().unpublish({ documentId: page.documentId, locale: 'fr' });
    await pages().delete({ documentId: page.documentId, locale: '*' });

    expect(await events(page.documentId)).toEqual([
      'create en [en ] Hello',
      'update fr [fr ] Bonjour',
      'update fr [fr ] Salut',
      'publish en [en fr ] Hello',
      'unpublish fr [fr ] Salut',
      'delete en [en fr ] Hello',
    ]);
  });

  test('an action on one locale picks that locale', async () => {
    const page = await pages().create({ data: { title: 'Two', owner: ada.id } });
    await pages().update({ documentId: page.documentId, locale: 'fr', data: { title: 'Deux' } });
    await pages().publish({ documentId: page.documentId, locale: 'fr' });
    expect((await events(page.documentId)).at(-1)).toBe('publish fr [fr ] Deux');
    const preview = await service(strapi, 'triggers').test((await service(strapi, 'triggers').list()).at(-1)!.id, page.documentId, { locale: 'fr' });
    expect(preview.input?.shortDescription).toBe('create fr [fr ] Deux');
  });
});
