/** Fallback channels need a durable backend: the sync backend refuses them, saying why, before anything is stored. */
import { bootAdminApp, type AdminTestApp } from '../admin/setup';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { clearRecorded, recorded } from '../helpers/recording';

let t: AdminTestApp;
let ada: { id: number };

beforeAll(async () => {
  t = await bootAdminApp({ backend: 'sync' });
  ada = await createUser(t.app.strapi, 'ada');
});
afterAll(async () => {
  await t?.app.stop();
});

const WHY =
  /needs a durable backend: the sync backend \(notifs\.config\.backend "sync"\) would keep this delayed or conditional send only in a timer, which a restart loses; use backend "database" \(the default\) or "bullmq"/;

const refusal = (call: () => Promise<unknown>) =>
  call().then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: { name: string; message: string; details?: { errors?: { path: string[] }[] } }) => ({
      name: error.name,
      message: error.message,
      paths: (error.details?.errors ?? []).map((issue) => issue.path.join('.')),
    })
  );

test('notify() and notifyMany() refuse delay and unless on the sync backend, naming the entry; nothing is stored or sent', async () => {
  clearRecorded();
  const before = await countNotifications(t.app.strapi);
  const delayed = await refusal(() =>
    service(t.app.strapi, 'notify').notify({ recipient: ada.id, channels: ['probe', { name: 'probe', delay: 60 }] })
  );
  expect(delayed).toMatchObject({ name: 'ValidationError', paths: ['channels.1.delay'] });
  expect(delayed.message).toMatch(WHY);
  const conditional = await refusal(() =>
    service(t.app.strapi, 'notify').notify({ recipient: ada.id, channels: [{ name: 'probe', unless: 'read' }] })
  );
  expect(conditional.paths).toEqual(['channels.0.unless']);
  expect(conditional.message).toMatch(WHY);
  const many = await refusal(() =>
    service(t.app.strapi, 'notify').notifyMany([ada.id], { channels: [{ name: 'probe', delay: 5, unless: 'seen' }] })
  );
  expect(many.paths).toEqual(['channels.0.delay']);
  expect(await countNotifications(t.app.strapi)).toBe(before);
  expect(recorded()).toHaveLength(0);

  // An object entry without delay or unless is only a name: it goes at once, as before.
  await service(t.app.strapi, 'notify').notify({
    recipient: ada.id,
    channels: [{ name: 'probe' }],
    extraData: { context: { payload: { key: 'plain' } } },
  });
  expect(recorded().map((call) => call.payloads[0].key)).toEqual(['plain']);
});

test('the admin compose route answers 400 with the reason', async () => {
  const response = await t.superAdmin.post('/compose', {
    users: [ada.id],
    channels: [{ name: 'console', delay: 30 }],
    shortDescription: 'later',
  });
  expect(response.status).toBe(400);
  expect((response.body as unknown as { error: { message: string } }).error.message).toMatch(WHY);
});
