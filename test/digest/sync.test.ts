/** The sync backend sends in the caller and keeps nothing: a digest is refused before anything is stored. */
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';

let app: TestApp;
beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync' } });
});
afterAll(async () => {
  await app?.stop();
});

test('notify and notifyMany with a digest on the sync backend: a ValidationError, nothing stored', async () => {
  const ada = await createUser(app.strapi, 'ada-sync-digest');
  const input = { shortDescription: 'x', channels: ['probe'], digest: { key: 'k', window: 60 } };
  await expect(service(app.strapi, 'notify').notify({ ...input, recipient: ada.id })).rejects.toMatchObject({
    name: 'ValidationError',
    message: expect.stringMatching(/"digest" needs a durable backend/),
  });
  await expect(service(app.strapi, 'notify').notifyMany([ada.id], input)).rejects.toMatchObject({
    name: 'ValidationError',
    message: expect.stringMatching(/"digest" needs a durable backend/),
  });
  expect(await app.strapi.db.query('plugin::notifs.notification').count({})).toBe(0);
});

test('a throttle works on the sync backend: beyond the limit, nothing is sent', async () => {
  clearRecorded();
  const bob = await createUser(app.strapi, 'bob-sync-throttle');
  const throttle = { key: 'k', limit: 1, window: 60 };
  await service(app.strapi, 'notify').notify({ recipient: bob.id, shortDescription: '1', channels: ['probe'], throttle });
  await service(app.strapi, 'notify').notify({ recipient: bob.id, shortDescription: '2', channels: ['probe'], throttle });
  expect(recorded()).toHaveLength(1);
});
