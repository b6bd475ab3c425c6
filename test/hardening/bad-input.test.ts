/**
 * Bad input at every edge, over real HTTP against one boot: each row must answer a 4xx with a
 * message (never a 500), leave the process alive, and change no row. Runs on SQLite, PostgreSQL
 * and MariaDB (NOTIFS_TEST_DB): PostgreSQL refuses NUL bytes and ids past its int column.
 */
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { graphql, request, tokenFor } from '../helpers/http';
import { bootAdminApp, MANUAL_QUEUE, type AdminTestApp } from '../admin/setup';

const UIDS = ['plugin::notifs.notification', 'plugin::notifs.delivery', 'plugin::notifs.trigger', 'plugin::notifs.preference'] as const;
const NUL = 'x\u0000y';
const LONG = 'a'.repeat(300);
/** Ids no route may accept (or find): past the int column, not digits, not positive, empty, too long, NUL. */
const BAD_IDS = ['2147483648', '99999999999999999999', '0x10', '1e1', '-1', '0', '1.5', LONG, NUL];

let t: AdminTestApp;
let userToken: string;
let othersDocumentId: string;
let othersId: number;
let ownDeliveryId: number;
let triggerId: number;
const escaped: unknown[] = [];
const onRejection = (reason: unknown) => escaped.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  t = await bootAdminApp({ ...MANUAL_QUEUE, preferences: { required: ['security'] } });
  const user = await createUser(t.app.strapi, 'caller');
  const other = await createUser(t.app.strapi, 'other');
  userToken = await tokenFor(t.app.strapi, user.id);
  const notify = service(t.app.strapi, 'notify');
  const own = await notify.notify({ recipient: user.id, shortDescription: 'mine', channels: ['console'] });
  const others = await notify.notify({ recipient: other.id, shortDescription: 'theirs', channels: ['console'] });
  othersDocumentId = others.documentId;
  othersId = others.id;
  const delivery = (await t.app.strapi.db.query('plugin::notifs.delivery').findOne({ where: { notification: { id: own.id } } })) as { id: number };
  ownDeliveryId = delivery.id;
  const trigger = await t.superAdmin.post<{ id: number }>('/triggers', {
    name: 'bad-input',
    uid: 'api::article.article',
    events: ['create'],
    channels: ['console'],
    recipientRule: { type: 'field', field: 'author' },
    shortDescription: 'New article',
  });
  expect(trigger.status).toBe(201);
  triggerId = trigger.body.data.id;
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await t?.app.stop();
});

const counts = () => Promise.all(UIDS.map((uid) => t.app.strapi.db.query(uid).count()));

interface Answer {
  status: number;
  message: string | undefined;
}

const rest = async (method: string, path: string, body?: unknown): Promise<Answer> => {
  const response = await request(t.base, path, { method, token: userToken, body });
  return { status: response.status, message: response.body?.error?.message };
};

const admin = async (method: 'get' | 'post' | 'put', path: string, body?: unknown): Promise<Answer> => {
  const response = method === 'get' ? await t.superAdmin.get(path) : await t.superAdmin[method](path, body ?? {});
  return { status: response.status, message: response.body.error?.message };
};

/** GraphQL answers 200 with errors: the status a REST call would have had is in `extensions.error.status` (or the code). */
const gql = async (query: string, variables: Record<string, unknown>): Promise<Answer> => {
  const response = await graphql(t.base, query, variables, userToken);
  const error = response.body.errors?.[0];
  if (!error) return { status: response.status, message: undefined };
  const extensions = (error.extensions ?? {}) as { code?: string; error?: { status?: number } };
  const byCode: Record<string, number> = { BAD_USER_INPUT: 400, GRAPHQL_VALIDATION_FAILED: 400, STRAPI_NOT_FOUND_ERROR: 404, FORBIDDEN: 403 };
  return { status: extensions.error?.status ?? byCode[extensions.code ?? ''] ?? 500, message: error.message };
};

const enc = encodeURIComponent;
type Row = [string, () => Promise<Answer>];

const idRows = (id: string): Row[] => [
  [`REST GET /notifications/${enc(id)}`, () => rest('GET', `/api/notifs/notifications/${enc(id)}`)],
  [`REST POST /notifications/${enc(id)}/read`, () => rest('POST', `/api/notifs/notifications/${enc(id)}/read`)],
  [`REST POST /notifications/${enc(id)}/unread`, () => rest('POST', `/api/notifs/notifications/${enc(id)}/unread`)],
  [`REST DELETE /notifications/${enc(id)}`, () => rest('DELETE', `/api/notifs/notifications/${enc(id)}`)],
  [`REST POST /notifications/${enc(id)}/archive`, () => rest('POST', `/api/notifs/notifications/${enc(id)}/archive`)],
  [`REST POST /notifications/${enc(id)}/unarchive`, () => rest('POST', `/api/notifs/notifications/${enc(id)}/unarchive`)],
  [`admin GET /notifications/${enc(id)}`, () => admin('get', `/notifications/${enc(id)}`)],
  [`admin POST /notifications/${enc(id)}/cancel`, () => admin('post', `/notifications/${enc(id)}/cancel`)],
  [`admin POST /notifications/${enc(id)}/resend`, () => admin('post', `/notifications/${enc(id)}/resend`)],
  [`admin POST /deliveries/${enc(id)}/retry`, () => admin('post', `/deliveries/${enc(id)}/retry`)],
  [`admin GET /triggers/${enc(id)}`, () => admin('get', `/triggers/${enc(id)}`)],
  [`admin PUT /triggers/${enc(id)}`, () => admin('put', `/triggers/${enc(id)}`, { name: 'renamed' })],
  [`admin PUT /triggers/${enc(id)}/enabled`, () => admin('put', `/triggers/${enc(id)}/enabled`, { enabled: false })],
  [`admin GET /notifications?recipient=${enc(id)}`, () => admin('get', `/notifications?recipient=${enc(id)}`)],
  [`admin GET /users?id=${enc(id)}`, () => admin('get', `/users?id=${enc(id)}`)],
  [`GraphQL notifsMarkRead(id: ${JSON.stringify(id)})`, () => gql('mutation($id: ID!) { notifsMarkRead(id: $id) { id } }', { id })],
  [`GraphQL notifsNotification(id: ${JSON.stringify(id)})`, () => gql('query($id: ID!) { notifsNotification(id: $id) { id } }', { id })],
  [`GraphQL notifsDeleteNotification(id: ${JSON.stringify(id)})`, () => gql('mutation($id: ID!) { notifsDeleteNotification(id: $id) { id } }', { id })],
  [`GraphQL notifsArchive(id: ${JSON.stringify(id)})`, () => gql('mutation($id: ID!) { notifsArchive(id: $id) { id } }', { id })],
  [`GraphQL notifsUnarchive(id: ${JSON.stringify(id)})`, () => gql('mutation($id: ID!) { notifsUnarchive(id: $id) { id } }', { id })],
];

const rows = (): Row[] => [
  ...BAD_IDS.flatMap(idRows),
  // Numbers in JSON bodies past the column.
  ['admin POST /compose users: [2147483648]', () => admin('post', '/compose', { users: [2147483648], channels: ['console'], shortDescription: 'hi' })],
  ['admin POST /test-send recipient: 2147483648', () => admin('post', '/test-send', { channel: 'console', recipient: 2147483648 })],
  // NUL bytes in every string filter, query parameter and body.
  ['REST filters[category] with NUL', () => rest('GET', `/api/notifs/notifications?filters[category]=${enc(NUL)}`)],
  ['admin ?category= with NUL', () => admin('get', `/notifications?category=${enc(NUL)}`)],
  ['admin ?channel= with NUL', () => admin('get', `/notifications?channel=${enc(NUL)}`)],
  ['admin /users?q= with NUL', () => admin('get', `/users?q=${enc(NUL)}`)],
  ['admin test-send message with NUL', () => admin('post', '/test-send', { channel: 'console', to: 'x', message: NUL })],
  // Fallback channel entries (the compose route takes notify()'s `channels`).
  ['admin compose channels: [{ delay: -1 }]', () => admin('post', '/compose', { role: 'authenticated', channels: [{ name: 'console', delay: -1 }], shortDescription: 'hi' })],
  ["admin compose channels: [{ unless: 'clicked' }]", () => admin('post', '/compose', { role: 'authenticated', channels: [{ name: 'console', unless: 'clicked' }], shortDescription: 'hi' })],
  ['admin compose channels: [{ name: unknown }]', () => admin('post', '/compose', { role: 'authenticated', channels: [{ name: 'smss', delay: 60 }], shortDescription: 'hi' })],
  ['admin compose channels: [{ name with NUL }]', () => admin('post', '/compose', { role: 'authenticated', channels: [{ name: NUL, delay: 1 }], shortDescription: 'hi' })],
  ['admin compose channels: [{ delay: 1e300 }]', () => admin('post', '/compose', { role: 'authenticated', channels: [{ name: 'console', delay: 1e300 }], shortDescription: 'hi' })],
  ['admin compose shortDescription with NUL', () => admin('post', '/compose', { role: 'authenticated', channels: ['console'], shortDescription: NUL })],
  ['admin POST /triggers name with NUL', () => admin('post', '/triggers', { name: NUL, uid: 'api::article.article', events: ['create'], channels: ['console'], recipientRule: { type: 'field', field: 'author' }, shortDescription: 'x' })],
  ['admin PUT /triggers/:id name with NUL', () => admin('put', `/triggers/${triggerId}`, { name: NUL })],
  ['GraphQL filters.category with NUL', () => gql('query($c: String) { notifsNotifications(filters: { category: $c }) { pageInfo { total } } }', { c: NUL })],
  // The inbox filters take true or false only.
  ['REST filters[archived]=maybe', () => rest('GET', '/api/notifs/notifications?filters[archived]=maybe')],
  ['REST filters[seen]=1', () => rest('GET', '/api/notifs/notifications?filters[seen]=1')],
  ['REST filters[seen] with NUL', () => rest('GET', `/api/notifs/notifications?filters[seen]=${enc(NUL)}`)],
  ['REST filters[archivedAt] (no such filter)', () => rest('GET', '/api/notifs/notifications?filters[archivedAt]=2024-01-01')],
  // Another user's notification, by documentId and by id: not found, as if missing.
  ["REST POST another user's documentId /archive", () => rest('POST', `/api/notifs/notifications/${othersDocumentId}/archive`)],
  ["REST POST another user's id /unarchive", () => rest('POST', `/api/notifs/notifications/${othersId}/unarchive`)],
  ["GraphQL notifsArchive another user's documentId", () => gql('mutation($id: ID!) { notifsArchive(id: $id) { id } }', { id: othersDocumentId })],
  ["REST GET another user's documentId", () => rest('GET', `/api/notifs/notifications/${othersDocumentId}`)],
  ["REST POST another user's documentId /read", () => rest('POST', `/api/notifs/notifications/${othersDocumentId}/read`)],
  ["REST DELETE another user's documentId", () => rest('DELETE', `/api/notifs/notifications/${othersDocumentId}`)],
  ["REST DELETE another user's id", () => rest('DELETE', `/api/notifs/notifications/${othersId}`)],
  ["GraphQL notifsNotification another user's documentId", () => gql('query($id: ID!) { notifsNotification(id: $id) { id } }', { id: othersDocumentId })],
  ["GraphQL notifsDeleteNotification another user's documentId", () => gql('mutation($id: ID!) { notifsDeleteNotification(id: $id) { id } }', { id: othersDocumentId })],
  // Preferences: every part of the body checked, named in the message; nothing stored.
  ['REST PUT /preferences without data', () => rest('PUT', '/api/notifs/preferences', { categories: {} })],
  ['REST PUT /preferences data not an object', () => rest('PUT', '/api/notifs/preferences', { data: 'off' })],
  ['REST PUT /preferences category with NUL', () => rest('PUT', '/api/notifs/preferences', { data: { categories: { [NUL]: { email: false } } } })],
  ['REST PUT /preferences category too long', () => rest('PUT', '/api/notifs/preferences', { data: { categories: { [LONG]: { email: false } } } })],
  ['REST PUT /preferences unknown channel', () => rest('PUT', '/api/notifs/preferences', { data: { categories: { news: { emial: false } } } })],
  ['REST PUT /preferences value not a boolean', () => rest('PUT', '/api/notifs/preferences', { data: { categories: { news: { email: 'off' } } } })],
  ['REST PUT /preferences quietHours bad time', () => rest('PUT', '/api/notifs/preferences', { data: { quietHours: { start: '25:00', end: '07:00', timeZone: 'UTC' } } })],
  ['REST PUT /preferences quietHours bad zone', () => rest('PUT', '/api/notifs/preferences', { data: { quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } } })],
  ['REST PUT /preferences quietHours zone with NUL', () => rest('PUT', '/api/notifs/preferences', { data: { quietHours: { start: '22:00', end: '07:00', timeZone: NUL } } })],
  ['REST PUT /preferences required category off', () => rest('PUT', '/api/notifs/preferences', { data: { categories: { security: { email: false } } } })],
  ['REST PUT /preferences another user named', () => rest('PUT', '/api/notifs/preferences', { data: { categories: {} }, recipient: othersId })],
  ['REST POST /unsubscribe without token', () => rest('POST', '/api/notifs/unsubscribe')],
  ['REST POST /unsubscribe garbage token', () => rest('POST', `/api/notifs/unsubscribe?token=${enc('a.b')}`)],
  ['REST POST /unsubscribe NUL token', () => rest('POST', `/api/notifs/unsubscribe?token=${enc(NUL)}`)],
  ['REST POST /unsubscribe long token', () => rest('POST', `/api/notifs/unsubscribe?token=${'a'.repeat(5_000)}.b`)],
  ['GraphQL notifsUpdatePreferences bad zone', () => gql('mutation { notifsUpdatePreferences(quietHours: { start: "22:00", end: "07:00", timeZone: "Nowhere" }) { categories } }', {})],
  ['GraphQL notifsUpdatePreferences category with NUL', () => gql('mutation($c: JSON) { notifsUpdatePreferences(categories: $c) { categories } }', { c: { [NUL]: { email: false } } })],
  ['GraphQL notifsUpdatePreferences categories not an object', () => gql('mutation($c: JSON) { notifsUpdatePreferences(categories: $c) { categories } }', { c: [1, 2] })],
  ['GraphQL generated notifsNotifications_connection', () => gql('query { notifsNotifications_connection { nodes { documentId } } }', {})],
];

describe('bad input answers 4xx, leaves the process alive and changes nothing', () => {
  // Rows are built lazily (ids of the fixtures are known only after beforeAll): one test walks them all,
  // collecting every failure so one run shows the whole table.
  test('every row', async () => {
    const failures: string[] = [];
    for (const [name, call] of rows()) {
      const before = await counts();
      const answer = await call();
      await new Promise((resolve) => setImmediate(resolve));
      const alive = await rest('GET', '/api/notifs/notifications/unread-count');
      const after = await counts();
      const problems = [
        answer.status < 400 || answer.status >= 500 ? `status ${answer.status}` : '',
        answer.message ? '' : 'no error message',
        alive.status === 200 ? '' : `next request answered ${alive.status}`,
        escaped.length ? `unhandled rejection: ${String(escaped.splice(0)[0])}` : '',
        JSON.stringify(before) === JSON.stringify(after) ? '' : `rows changed ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
      ].filter(Boolean);
      if (problems.length) failures.push(`${name}: ${problems.join(', ')} (${answer.message ?? ''})`);
    }
    expect(failures).toEqual([]);
  });

  test('a trigger written through the Document Service with a NUL byte is refused before Strapi checks that its name is unique', async () => {
    // Strapi's unique check runs a query inside a yup test whose rejection yup 0.32 leaves unhandled:
    // on PostgreSQL that hung the write and ended the process. The plugin refuses the NUL first.
    const before = await counts();
    const write = t.app.strapi.documents('plugin::notifs.trigger' as never).create({
      data: { name: NUL, uid: 'api::article.article', events: ['create'], channels: ['console'], recipientRule: { type: 'field', field: 'author' } } as never,
    });
    await expect(write).rejects.toThrow(/Invalid trigger: "name" contains a NUL character/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(escaped).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  test('the fixtures are intact: a valid id still answers', async () => {
    expect((await admin('get', `/triggers/${triggerId}`)).status).toBe(200);
    expect(ownDeliveryId).toBeGreaterThan(0);
  });
});
