import type { Core } from '@strapi/strapi';
import type { CodeTriggerArgs } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';
import { ARTICLE, EchoChannel, createTrigger, disableAllTriggers, notificationsAbout } from './setup';

let app: TestApp;
let strapi: Core.Strapi;
let ada: { id: number };
const articles = () => strapi.documents(ARTICLE as never);
const queue = () => service(strapi, 'queue');
const triggers = () => service(strapi, 'triggers');
const seen: { event: string; locale: string | null; documentId: string; title: unknown }[] = [];
const authorOf = (entry: CodeTriggerArgs['entry']) => (entry.author as { id: number } | null)?.id;

beforeAll(async () => {
  app = await bootStrapi({
    config: {
      queue: { pollRule: '0 0 0 1 1 *' },
      channels: [EchoChannel],
      triggers: [
        {
          uid: ARTICLE,
          events: ['create', 'publish'],
          channels: ['echo'],
          condition: ({ entry }) => entry.title !== 'skip me',
          recipients: ({ entry }) => [authorOf(entry)].filter((id): id is number => !!id),
          build: ({ entry, event, locale, documentId }) => {
            seen.push({ event, locale, documentId, title: entry.title });
            return { shortDescription: `code ${event}: ${entry.title}`, category: 'code' };
          },
        },
        {
          uid: ARTICLE,
          events: ['update'],
          channels: ['echo'],
          recipients: ({ entry }) => {
            if (entry.title === 'explode') throw new Error('recipients exploded on purpose');
            return [authorOf(entry) as number];
          },
          // The probe channel sends context.payload: a payload its provider refuses fails the trigger.
          build: ({ entry }) =>
            entry.title === 'bad payload'
              ? { channels: ['probe'], extraData: { context: { payload: { fail: 'not-a-mode' } } } }
              : { shortDescription: `code update: ${entry.title}` },
        },
        {
          // Writes the entry that fired it: without a limit, this would loop forever.
          uid: ARTICLE,
          events: ['update'],
          channels: ['echo'],
          condition: ({ entry }) => String(entry.title).startsWith('loop'),
          recipients: ({ entry }) => [authorOf(entry) as number],
          build: async ({ entry, documentId }) => {
            await strapi.documents(ARTICLE as never).update({ documentId, data: { title: `${entry.title}+` } as never });
            return { shortDescription: `looped ${entry.title}` };
          },
        },
      ],
    },
  });
  strapi = app.strapi;
  ada = await createUser(strapi, 'ada');
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(async () => {
  await queue().drain();
  clearRecorded();
  seen.length = 0;
  await disableAllTriggers(strapi);
});

const createArticle = (data: Record<string, unknown> = {}, params: Record<string, unknown> = {}) =>
  articles().create({ data: { title: 'Hello', author: ada.id, ...data } as never, ...params }) as Promise<Record<string, any>>;

describe('code triggers from the config', () => {
  test('build() and recipients() get the entry and the event; the notification goes through the queue', async () => {
    const article = await createArticle({ title: 'From code' }, { status: 'published' });
    const rows = await notificationsAbout(strapi, article.documentId);
    expect(rows.map((row) => [row.shortDescription, row.category, row.recipient.id])).toEqual([
      ['code create: From code', 'code', ada.id],
      ['code publish: From code', 'code', ada.id],
    ]);
    expect(rows[0]).toMatchObject({ obj: { uid: ARTICLE, documentId: article.documentId }, channels: ['echo'] });
    expect(seen).toEqual([
      { event: 'create', locale: null, documentId: article.documentId, title: 'From code' },
      { event: 'publish', locale: null, documentId: article.documentId, title: 'From code' },
    ]);
    expect(recorded()).toEqual([]);
    await queue().drain();
    expect(recorded().map((call) => call.payloads[0].shortDescription)).toEqual(['code create: From code', 'code publish: From code']);
  });

  test('condition() false: nothing', async () => {
    const article = await createArticle({ title: 'skip me' });
    expect(await notificationsAbout(strapi, article.documentId)).toEqual([]);
  });

  test('list() and test() include code triggers', async () => {
    const listed = await triggers().list();
    expect(listed.slice(0, 2).map(({ id, source, name }) => ({ id, source, name }))).toEqual([
      { id: 'code:0', source: 'code', name: 'triggers[0] (api::article.article)' },
      { id: 'code:1', source: 'code', name: 'triggers[1] (api::article.article)' },
    ]);
    const article = await createArticle({ title: 'Preview' });
    const preview = await triggers().test('code:0', article.documentId, { event: 'publish' });
    expect(preview).toMatchObject({ fires: true, recipients: [ada.id], input: { shortDescription: 'code publish: Preview', channels: ['echo'] } });
  });
});

describe('a failing trigger never breaks the save', () => {
  test('recipients() throws: the entry is saved, the failure logged and kept in memory', async () => {
    const warn = jest.spyOn(strapi.log, 'warn');
    const article = await createArticle();
    const updated = (await articles().update({ documentId: article.documentId, data: { title: 'explode' } as never })) as Record<string, any>;

    expect(updated.title).toBe('explode');
    expect(await articles().findOne({ documentId: article.documentId })).toMatchObject({ title: 'explode' });
    expect(await notificationsAbout(strapi, article.documentId)).toHaveLength(1); // the create only
    expect(warn).toHaveBeenCalledWith(
      `[notifs] trigger triggers[1] (api::article.article) failed on update of ${ARTICLE} ${article.documentId} (the entry is saved): recipients exploded on purpose`
    );
    const [, failing] = await triggers().list();
    expect(failing).toMatchObject({ id: 'code:1', failureCount: 1, lastError: 'recipients exploded on purpose', lastErrorAt: expect.any(String) });
    warn.mockRestore();
  });

  test("a channel's payload is invalid: nothing is stored for it, the entry is saved", async () => {
    const article = await createArticle();
    const before = (await triggers().list())[1].failureCount;
    await articles().update({ documentId: article.documentId, data: { title: 'bad payload' } as never });
    expect(await articles().findOne({ documentId: article.documentId })).toMatchObject({ title: 'bad payload' });
    expect((await notificationsAbout(strapi, article.documentId)).map((row) => row.shortDescription)).toEqual(['code create: Hello']);
    const failing = (await triggers().list())[1];
    expect(failing.failureCount).toBe(before + 1);
    expect(failing.lastError).toMatch(/Invalid payload|payload/i);
  });

  test('a data trigger whose recipients are gone records the failure on its row; other triggers still fire', async () => {
    const doomed = await createUser(strapi, 'doomed');
    const failing = await createTrigger(strapi, { name: 'Fails', events: ['create'], recipientRule: { type: 'users', ids: [doomed.id] } });
    await createTrigger(strapi, { name: 'Works', events: ['create'], shortDescription: 'works: {{entry.title}}' });
    await strapi.db.query('plugin::users-permissions.user').delete({ where: { id: doomed.id } });

    const article = await createArticle({ title: 'Still saved' });
    expect(await articles().findOne({ documentId: article.documentId })).toMatchObject({ title: 'Still saved' });
    expect((await notificationsAbout(strapi, article.documentId)).map((row) => row.shortDescription)).toEqual([
      'code create: Still saved',
      'works: Still saved',
    ]);
    const row = await strapi.db.query('plugin::notifs.trigger').findOne({ where: { id: failing.id } });
    expect(row).toMatchObject({ failureCount: 1, lastError: expect.stringContaining(`are not users-permissions users (${doomed.id})`) });
    expect(row.lastErrorAt).toBeTruthy();

    await createArticle({ title: 'Again' });
    expect(await strapi.db.query('plugin::notifs.trigger').findOne({ where: { id: failing.id } })).toMatchObject({ failureCount: 2 });
  });

  test('a trigger that writes the entry it fired for stops after 5 firings deep', async () => {
    const warn = jest.spyOn(strapi.log, 'warn');
    const article = await createArticle();
    await articles().update({ documentId: article.documentId, data: { title: 'loop' } as never });
    expect(await articles().findOne({ documentId: article.documentId })).toMatchObject({ title: 'loop+++++' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('5 trigger firings deep'));
    expect((await notificationsAbout(strapi, article.documentId)).filter((row) => row.shortDescription.startsWith('looped'))).toHaveLength(5);
    warn.mockRestore();
  });

  test('inside a transaction that rolls back, nothing fires', async () => {
    await createTrigger(strapi, { events: ['create'] });
    const before = await strapi.db.query('plugin::notifs.notification').count({});
    await expect(
      strapi.db.transaction(async () => {
        await createArticle({ title: 'Rolled back' });
        throw new Error('abort');
      })
    ).rejects.toThrow('abort');
    await triggers().settled();
    expect(await strapi.db.query('plugin::notifs.notification').count({})).toBe(before);
  });

  test('inside a transaction that commits, triggers fire after the commit', async () => {
    await createTrigger(strapi, { events: ['create'], shortDescription: 'tx: {{entry.title}}' });
    const article = await strapi.db.transaction(async () => {
      const created = await createArticle({ title: 'Committed' });
      expect(await notificationsAbout(strapi, created.documentId)).toEqual([]); // not yet: still inside
      return created;
    });
    await triggers().settled();
    expect((await notificationsAbout(strapi, article.documentId)).map((row) => row.shortDescription)).toEqual([
      'code create: Committed',
      'tx: Committed',
    ]);
  });
});
