import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows } from '../helpers/deliveries';
import { ARTICLE, EchoChannel, createTrigger, disableAllTriggers, listen, notificationsAbout } from './setup';

let app: TestApp;
let strapi: Core.Strapi;
let base: string;
let apiToken: string;
let adminToken: string;
let ada: { id: number };
const queue = () => service(strapi, 'queue');
const triggers = () => service(strapi, 'triggers');

/** Editors work through the content manager (admin API); apps through the REST content API. */
const http = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
};

const createAdmin = async () => {
  await strapi.service('admin::role').createRolesIfNoneExist();
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  const credentials = { email: 'editor@example.test', password: 'Editor123!' };
  await strapi.service('admin::user').create({ ...credentials, firstname: 'Eddie', lastname: 'Tor', isActive: true, roles: [superAdmin.id] });
  const response = await fetch(`${base}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credentials) });
  const { data } = (await response.json()) as { data: { token: string } };
  return data.token;
};

beforeAll(async () => {
  app = await bootStrapi({ config: { queue: { pollRule: '0 0 0 1 1 *' }, channels: [EchoChannel] } });
  strapi = app.strapi;
  base = await listen(strapi);
  ada = await createUser(strapi, 'ada');
  // A full-access API token: the REST content API as an app's backend would call it.
  apiToken = (await strapi.service('admin::api-token').create({ name: 'tests', type: 'full-access', kind: 'content-api', lifespan: null, description: '' })).accessKey;
  adminToken = await createAdmin();
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(async () => {
  await queue().drain();
  clearRecorded();
  await disableAllTriggers(strapi);
});

const EVERY_EVENT = ['create', 'update', 'publish', 'unpublish', 'delete'];
const descriptions = async (documentId: string) => (await notificationsAbout(strapi, documentId)).map((row) => row.shortDescription);

describe('REST content API over HTTP', () => {
  test('POST creates and publishes (create, then publish); PUT updates and publishes; DELETE deletes', async () => {
    await createTrigger(strapi, { events: EVERY_EVENT, shortDescription: '{{event.type}} {{entry.title}} by {{entry.author.username}}' });

    const created = await http('POST', '/api/articles', apiToken, { data: { title: 'Over HTTP', author: ada.id } });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect(await descriptions(documentId)).toEqual(['create Over HTTP by ada', 'publish Over HTTP by ada']);

    expect((await http('PUT', `/api/articles/${documentId}`, apiToken, { data: { title: 'Edited over HTTP' } })).status).toBe(200);
    expect(await descriptions(documentId)).toEqual([
      'create Over HTTP by ada',
      'publish Over HTTP by ada',
      'update Edited over HTTP by ada',
      'publish Edited over HTTP by ada',
    ]);

    expect((await http('DELETE', `/api/articles/${documentId}`, apiToken)).status).toBe(204);
    expect((await descriptions(documentId)).at(-1)).toBe('delete Edited over HTTP by ada');

    // Stored and queued in the request; sent by the queue.
    const rows = await notificationsAbout(strapi, documentId);
    const deliveries = await deliveryRows(strapi, { notification: { id: { $in: rows.map((row) => row.id) } } });
    expect(deliveries.map((row) => row.status)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
    expect(recorded()).toEqual([]);
    await queue().drain();
    expect(recorded().map((call) => call.payloads[0].shortDescription)).toEqual(await descriptions(documentId));
  });

  test('a failing trigger leaves the REST answer and the entry alone, and records the failure', async () => {
    const failing = await createTrigger(strapi, { name: 'Too long', events: ['create'], category: '{{entry.body}}' }); // category > 255 characters
    const created = await http('POST', '/api/articles', apiToken, { data: { title: 'Long', body: 'x'.repeat(300), author: ada.id } });
    expect(created.status).toBe(201);
    expect(await strapi.documents(ARTICLE as never).findOne({ documentId: created.body.data.documentId })).toMatchObject({ title: 'Long' });
    expect(await strapi.db.query('plugin::notifs.trigger').findOne({ where: { id: failing.id } })).toMatchObject({
      failureCount: 1,
      lastError: expect.stringContaining('"category"'),
    });
  });
});

describe('the content manager (admin API) over HTTP, as an editor saves', () => {
  const cm = `/content-manager/collection-types/${ARTICLE}`;

  test('save draft, save again, publish, unpublish, delete: each fires its event once', async () => {
    await createTrigger(strapi, { events: EVERY_EVENT, shortDescription: '{{event.type}} {{entry.title}}' });

    const created = await http('POST', cm, adminToken, { title: 'Draft', author: ada.id });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect((await http('PUT', `${cm}/${documentId}`, adminToken, { title: 'Draft 2' })).status).toBe(200);
    expect((await http('PUT', `${cm}/${documentId}`, adminToken, { title: 'Draft 3' })).status).toBe(200);
    expect((await http('POST', `${cm}/${documentId}/actions/publish`, adminToken, {})).status).toBe(200);
    await triggers().settled(); // the publish's triggers run when its transaction commits, maybe after the answer
    expect((await http('POST', `${cm}/${documentId}/actions/unpublish`, adminToken, {})).status).toBe(200);
    expect((await http('DELETE', `${cm}/${documentId}`, adminToken)).status).toBe(200);
    await triggers().settled(); // the content manager publishes inside a transaction: triggers run once it commits

    const fired = await descriptions(documentId);
    expect(fired.slice(0, 3)).toEqual(['create Draft', 'update Draft 2', 'update Draft 3']);
    // The Publish button saves the form first: a draft save, then the publish. Both run when the
    // content manager's transaction commits, in either order.
    expect(fired.slice(3, 5).sort()).toEqual(['publish Draft 3', 'update Draft 3']);
    expect(fired.slice(5)).toEqual(['unpublish Draft 3', 'delete Draft 3']);
    await queue().drain();
    expect(recorded()).toHaveLength(7);
  });
});
