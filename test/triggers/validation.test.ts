import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { createUser } from '../helpers/users';
import { ARTICLE, EchoChannel, createTrigger, triggerData } from './setup';

let app: TestApp;
let strapi: Core.Strapi;
const TRIGGER = 'plugin::notifs.trigger';

beforeAll(async () => {
  app = await bootStrapi({ config: { queue: { pollRule: '0 0 0 1 1 *' }, channels: [EchoChannel] } });
  strapi = app.strapi;
});
afterAll(async () => {
  await app?.stop();
});

/** Saves a trigger; resolves with the error it was refused with. */
const refusal = async (overrides: Record<string, unknown>): Promise<errors.ValidationError> => {
  const error = await createTrigger(strapi, { name: 'Bad one', ...overrides }).then(
    () => {
      throw new Error('the trigger was saved');
    },
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(errors.ValidationError);
  return error as errors.ValidationError;
};

describe('a data trigger that cannot fire is refused when saved', () => {
  test('unknown content type', async () => {
    const error = await refusal({ uid: 'api::nope.nope' });
    expect(error.message).toBe(
      'Invalid trigger "Bad one": "uid" "api::nope.nope" is not a content type of this app (the app\'s own: api::article.article, api::page.page)'
    );
    expect(await strapi.db.query(TRIGGER).count({ where: { name: 'Bad one' } })).toBe(0);
  });

  test("the plugin's own content types", async () => {
    const error = await refusal({ uid: 'plugin::notifs.notification' });
    expect(error.message).toMatch(/"uid" "plugin::notifs.notification" is one of the notifs plugin's own content types/);
  });

  test('unparsable mustache template', async () => {
    const error = await refusal({ shortDescription: '{{#entry.title}}never closed' });
    expect(error.message).toMatch(/^Invalid trigger "Bad one": "shortDescription" is not a valid mustache template: Unclosed section "entry.title"/);
  });

  test('a template variable that is not an attribute', async () => {
    const error = await refusal({ url: '/articles/{{entry.titel}}' });
    expect(error.message).toContain('"url" {{entry.titel}}: "titel" is not an attribute of api::article.article (attributes: id, documentId, title, body, author');
  });

  test('a template variable outside entry and event', async () => {
    const error = await refusal({ category: '{{title}}' });
    expect(error.message).toContain('"category" {{title}} names nothing: use {{entry.<attribute>}} or {{event.<type|uid|documentId|locale|locales>}}');
  });

  test("a related entry's private field (a user's password)", async () => {
    const error = await refusal({ shortDescription: '{{entry.author.password}}' });
    expect(error.message).toContain('"password" is not a readable attribute of plugin::users-permissions.user, the target of "author"');
  });

  test('a relation named as a value, which would render "[object Object]"', async () => {
    const error = await refusal({ shortDescription: 'by {{entry.author}}' });
    expect(error.message).toContain('"shortDescription" {{entry.author}}: is an object, which renders as "[object Object]"');
  });

  test('inside a section, names resolve against the related entry', async () => {
    await expect(createTrigger(strapi, { shortDescription: '{{#entry.author}}{{username}}{{/entry.author}}' })).resolves.toBeTruthy();
    const error = await refusal({ shortDescription: '{{#entry.author}}{{usernme}}{{/entry.author}}' });
    expect(error.message).toContain('{{usernme}} names nothing');
  });

  test('a recipient field that is not an attribute, or not a relation to users', async () => {
    expect((await refusal({ recipientRule: { type: 'field', field: 'writer' } })).message).toContain(
      '"recipientRule.field" "writer" is not an attribute of api::article.article'
    );
    expect((await refusal({ recipientRule: { type: 'field', field: 'title' } })).message).toContain(
      '"recipientRule.field" "title" of api::article.article is not a relation to plugin::users-permissions.user'
    );
  });

  test('an unknown role, unknown users, a malformed rule', async () => {
    expect((await refusal({ recipientRule: { type: 'role', role: 'editors' } })).message).toContain(
      '"recipientRule.role" no users-permissions role has type "editors" (roles: '
    );
    expect((await refusal({ recipientRule: { type: 'users', ids: [9999] } })).message).toContain('"recipientRule.ids" no users-permissions user has id 9999');
    expect((await refusal({ recipientRule: { type: 'everyone' } })).message).toMatch(/"recipientRule.type"/);
  });

  test('unknown channel', async () => {
    const error = await refusal({ channels: ['echo', 'smss'] });
    expect(error.message).toMatch(/"channels" unknown channel "smss": registered channels are .*"echo"/);
  });

  test('unknown events, and publish on a content type without draft & publish', async () => {
    expect((await refusal({ events: ['created'] })).message).toMatch(/"events.0"/);
    expect((await refusal({ events: [] })).message).toContain('"events" must list at least one of create, update, publish, unpublish, delete');
    const error = await refusal({ uid: 'plugin::users-permissions.user', events: ['publish'], recipientRule: { type: 'users', ids: [1] } });
    expect(error.message).toContain('"events" publish never happen: plugin::users-permissions.user has no draft & publish');
  });

  test('a condition on a field that is not an attribute, or a malformed one', async () => {
    expect((await refusal({ condition: { field: 'state', operator: 'eq', value: 'x' } })).message).toContain(
      '"condition.field" "state" is not an attribute of api::article.article'
    );
    expect((await refusal({ condition: { field: 'title', operator: 'in', value: 'x' } })).message).toContain(
      '"condition.value" operator "in" needs "value" to be a list'
    );
  });

  test('every problem is named at once', async () => {
    const error = await refusal({ channels: ['smss'], url: '{{entry.nope}}' });
    expect(error.message).toMatch(/"channels" unknown channel "smss".*; "url" \{\{entry.nope\}\}/);
  });

  test('an update is checked against the stored trigger, through the Document Service and db.query', async () => {
    const trigger = await createTrigger(strapi, { name: 'Good one' });
    await expect(
      strapi.documents(TRIGGER as never).update({ documentId: trigger.documentId, data: { shortDescription: '{{entry.nope}}' } as never })
    ).rejects.toThrow('Invalid trigger "Good one": "shortDescription" {{entry.nope}}: "nope" is not an attribute of api::article.article');
    await expect(strapi.db.query(TRIGGER as never).update({ where: { id: trigger.id }, data: { uid: 'api::nope.nope' } })).rejects.toThrow(
      'Invalid trigger "Good one": "uid" "api::nope.nope" is not a content type'
    );
    const stored = await strapi.db.query(TRIGGER as never).findOne({ where: { id: trigger.id } });
    expect(stored).toMatchObject({ uid: ARTICLE, shortDescription: triggerData().shortDescription });

    // Bookkeeping and switching off need no check.
    await strapi.documents(TRIGGER as never).update({ documentId: trigger.documentId, data: { enabled: false } as never });
    expect(await strapi.db.query(TRIGGER as never).findOne({ where: { id: trigger.id } })).toMatchObject({ enabled: false });
  });

  test('a trigger whose user has gone can still be switched off; switching it on again is checked', async () => {
    const user = await createUser(strapi, 'leaving');
    const trigger = await createTrigger(strapi, { name: 'Orphaned', recipientRule: { type: 'users', ids: [user.id] } });
    await strapi.db.query('plugin::users-permissions.user').delete({ where: { id: user.id } });
    const update = (data: Record<string, unknown>) => strapi.documents(TRIGGER as never).update({ documentId: trigger.documentId, data: data as never });
    await expect(update({ enabled: false })).resolves.toMatchObject({ enabled: false });
    await expect(update({ enabled: true })).rejects.toThrow(`Invalid trigger "Orphaned": "recipientRule.ids" no users-permissions user has id ${user.id}`);
  });

  test('a valid trigger with every feature is saved', async () => {
    const user = await createUser(strapi, 'grace');
    const trigger = await createTrigger(strapi, {
      events: ['create', 'update', 'publish', 'unpublish', 'delete'],
      recipientRule: { type: 'users', ids: [user.id] },
      shortDescription: '{{entry.title}} ({{event.type}}, {{event.locale}}) {{^entry.body}}no body{{/entry.body}}',
      url: '/a/{{entry.documentId}}',
      condition: { field: 'author', operator: 'exists' },
    });
    expect(trigger).toMatchObject({ enabled: true, failureCount: 0, lastError: null });
  });
});
