import { bootStrapi, type TestApp } from '../helpers/strapi';
import { createUser } from '../helpers/users';
import { listen, request, tokenFor } from '../helpers/http';

let app: TestApp;
let base: string;
let token: string;

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
  base = await listen(app.strapi);
  token = await tokenFor(app.strapi, (await createUser(app.strapi, 'ada')).id);
});
afterAll(async () => {
  await app?.stop();
});

// Each answers 400 with Strapi's error shape and a message naming what is wrong; never 500.
const table: [method: string, path: string, message: RegExp][] = [
  ['GET', '/api/notifs/notifications?pagination[page]=abc', /"pagination.page" must be a whole number/],
  ['GET', '/api/notifs/notifications?pagination[page]=0', /"pagination.page" must be a whole number of 1 or more/],
  ['GET', '/api/notifs/notifications?pagination[page]=1.5', /"pagination.page"/],
  ['GET', '/api/notifs/notifications?pagination[pageSize]=101', /"pagination.pageSize" must be 100 at most/],
  ['GET', '/api/notifs/notifications?pagination[pageSize]=-5', /"pagination.pageSize"/],
  ['GET', '/api/notifs/notifications?pagination[limit]=5', /"pagination.limit" is not a known key/],
  ['GET', '/api/notifs/notifications?filters[colour]=red', /"filters.colour" is not a known key/],
  ['GET', '/api/notifs/notifications?filters[recipient]=2', /"filters.recipient" is not a known key/],
  ['GET', '/api/notifs/notifications?filters[isRead]=maybe', /"filters.isRead" must be true or false/],
  ['GET', '/api/notifs/notifications?filters[isRead][$eq]=false', /"filters.isRead"/],
  ['GET', '/api/notifs/notifications?populate=*', /"populate" is not a known key/],
  ['GET', '/api/notifs/notifications/abc', /notification id.*"id" must be a numeric id \(digits only\) or a documentId.*"abc"/],
  ['GET', '/api/notifs/notifications/1.5', /"id" must be a numeric id \(digits only\) or a documentId.*"1.5"/],
  ['GET', '/api/notifs/notifications/0', /"id" must be from 1 to 2147483647/],
  ['GET', '/api/notifs/notifications/99999999999999999999', /"id" must be from 1 to 2147483647/],
  ['POST', '/api/notifs/notifications/abc/read', /"id" must be a numeric id \(digits only\) or a documentId/],
  ['POST', '/api/notifs/notifications/1e3/unread', /"id" must be a numeric id \(digits only\) or a documentId/],
  ['DELETE', '/api/notifs/notifications/-1', /"id" must be a numeric id \(digits only\) or a documentId/],
];

test.each(table)('%s %s → 400', async (method, path, message) => {
  const { status, body } = await request(base, path, { method, token });
  expect(status).toBe(400);
  expect(body.error).toMatchObject({ status: 400, name: 'ValidationError' });
  expect(body.error.message).toMatch(message);
});
