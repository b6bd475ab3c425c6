import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows } from '../helpers/deliveries';
import { ARTICLE, EchoChannel, createTrigger, disableAllTriggers, notificationsAbout } from './setup';

let app: TestApp;
let strapi: Core.Strapi;
let ada: { id: number };
const articles = () => strapi.documents(ARTICLE as never);
const queue = () => service(strapi, 'queue');

beforeAll(async () => {
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '0 0 0 1 1 *' }, // never during the suite: tests drain by hand
      channels: [EchoChannel],
    },
  });
  strapi = app.strapi;
  ada = await createUser(strapi, 'ada');
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(async () => {
  await queue().drain(); // what earlier tests left queued
  clearRecorded();
  await disableAllTriggers(strapi);
});

const createArticle = (data: Record<string, unknown> = {}, params: Record<string, unknown> = {}) =>
  articles().create({ data: { title: 'Hello', author: ada.id, ...data } as never, ...params }) as Promise<Record<string, any>>;

describe('content events through the Document Service', () => {
  test('create: the notification is stored and queued in the request, sent by the queue', async () => {
    await createTrigger(strapi, { events: ['create'], url: '/articles/{{entry.documentId}}', category: 'articles', action: '{{event.type}}d' });
    const article = await createArticle({ title: 'Tom & Jerry' });

    const [notification] = await notificationsAbout(strapi, article.documentId);
    expect(notification).toMatchObject({
      recipient: { id: ada.id },
      shortDescription: 'create: Tom & Jerry',
      url: `/articles/${article.documentId}`,
      category: 'articles',
      action: 'created',
      obj: { uid: ARTICLE, documentId: article.documentId },
      channels: ['echo'],
    });
    const deliveries = await deliveryRows(strapi, { notification: { id: notification.id } });
    expect(deliveries.map((row) => row.status)).toEqual(['queued']);
    expect(recorded()).toEqual([]);

    await queue().drain();
    expect(recorded()).toHaveLength(1);
    expect(recorded()[0].payloads[0]).toMatchObject({ recipient: ada.id, shortDescription: 'create: Tom & Jerry' });
  });

  test('update of a draft is an update, not a publish', async () => {
    await createTrigger(strapi, { events: ['update', 'publish'] });
    const article = await createArticle();
    await articles().update({ documentId: article.documentId, data: { title: 'Edited' } as never });

    const rows = await notificationsAbout(strapi, article.documentId);
    expect(rows.map((row) => row.shortDescription)).toEqual(['update: Edited']);
  });

  test('publish fires once, with the published entry; unpublish once', async () => {
    await createTrigger(strapi, { events: ['publish', 'unpublish'], shortDescription: '{{event.type}} {{entry.title}} {{#entry.publishedAt}}live{{/entry.publishedAt}}' });
    const article = await createArticle({ title: 'News' });
    await articles().update({ documentId: article.documentId, data: { title: 'News 2' } as never });
    await (articles() as any).publish({ documentId: article.documentId });
    await (articles() as any).unpublish({ documentId: article.documentId });

    const rows = await notificationsAbout(strapi, article.documentId);
    expect(rows.map((row) => row.shortDescription)).toEqual(['publish News 2 live', 'unpublish News 2 live']);
    await queue().drain();
    expect(recorded().map((call) => call.payloads[0].shortDescription)).toEqual(['publish News 2 live', 'unpublish News 2 live']);
  });

  test('create with status published is a create, then a publish', async () => {
    await createTrigger(strapi, { events: ['create', 'publish'] });
    const article = await createArticle({ title: 'Straight out' }, { status: 'published' });
    const rows = await notificationsAbout(strapi, article.documentId);
    expect(rows.map((row) => row.shortDescription)).toEqual(['create: Straight out', 'publish: Straight out']);
  });

  test('delete fires with the entry as it was, author included', async () => {
    await createTrigger(strapi, { events: ['delete'], shortDescription: '{{entry.title}} by {{entry.author.username}} was deleted' });
    const article = await createArticle({ title: 'Gone soon' }, { status: 'published' });
    await articles().delete({ documentId: article.documentId });

    expect(await articles().findOne({ documentId: article.documentId })).toBeNull();
    const rows = await notificationsAbout(strapi, article.documentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recipient: { id: ada.id }, shortDescription: 'Gone soon by ada was deleted' });
  });

  test('the entry given to templates has no private fields: the author has no password', async () => {
    const preview = await createArticle({ title: 'Private?' });
    const trigger = await createTrigger(strapi, { events: ['update'] });
    const result = await service(strapi, 'triggers').test(trigger.id, preview.documentId, { event: 'update' });
    expect(result.entry.author).toMatchObject({ id: ada.id, username: 'ada' });
    expect(result.entry.author).not.toHaveProperty('password');
    expect(result.entry.author).not.toHaveProperty('resetPasswordToken');
  });
});
