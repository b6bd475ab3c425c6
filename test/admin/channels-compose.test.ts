import { createUser } from '../helpers/users';
import { service } from '../helpers/services';
import { deliveryRows, waitFor } from '../helpers/deliveries';
import { recorded, clearRecorded } from '../helpers/recording';
import { bootAdminApp, MANUAL_QUEUE, type AdminTestApp } from './setup';

const SLACK_TOKEN = 'xoxb-never-shown-0123456789';
let t: AdminTestApp;
let ann: { id: number; email: string };

beforeAll(async () => {
  t = await bootAdminApp({ ...MANUAL_QUEUE, providers: { slack: { token: SLACK_TOKEN } }, testSend: { allow: ['#ops'] } });
  ann = await createUser(t.app.strapi, 'ann');
});
afterAll(async () => {
  await t?.app.stop();
});

describe('admin channels and providers', () => {
  test('lists channels with their providers, and providers configured or not, never their options', async () => {
    const { status, body } = await t.superAdmin.get<{
      channels: { name: string; displayName: string; providers: string[]; configured: boolean }[];
      providers: { name: string; configured: boolean; problem?: string }[];
    }>('/channels');
    expect(status).toBe(200);
    // Human names: a built-in's own, a custom channel's id made readable; whether it can send at all.
    expect(body.data.channels).toEqual(
      expect.arrayContaining([
        { name: 'email', displayName: 'Email', providers: ['email'], configured: false },
        { name: 'pusher_channels', displayName: 'Pusher Channels', providers: ['pusher_channels'], configured: false },
        { name: 'probe', displayName: 'Probe', providers: ['recording'], configured: true },
      ])
    );
    expect(body.data.providers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'slack', configured: true }),
        expect.objectContaining({ name: 'console', configured: true }),
        expect.objectContaining({ name: 'email', configured: false, problem: expect.stringMatching(/providers\.email/) }),
      ])
    );
    expect(JSON.stringify(body)).not.toContain(SLACK_TOKEN);
  });

  test("each provider's declared options: label, required, secret, set or not; a secret's value never, a URL's origin only", async () => {
    const { body } = await t.superAdmin.get<{ providers: { name: string; problem?: string; fields: Record<string, unknown>[] }[] }>('/channels');
    const byName = Object.fromEntries(body.data.providers.map((provider) => [provider.name, provider]));
    expect(byName.slack.fields).toEqual([
      { name: 'token', label: 'Bot token', secret: true, required: true, set: true, description: expect.any(String) },
      { name: 'slackApiUrl', label: 'Web API URL', secret: false, required: false, set: false, description: expect.any(String) },
    ]);
    // Pusher's two shapes: keys, or one URL; each field names its shape.
    expect(byName.pusher_channels.fields.map((field) => [field.alternative, field.name, field.required, field.set])).toEqual([
      ['keys', 'appId', true, false],
      ['keys', 'key', true, false],
      ['keys', 'secret', true, false],
      ['keys', 'cluster', false, false],
      ['keys', 'host', false, false],
      ['keys', 'port', false, false],
      ['keys', 'useTLS', false, false],
      ['url', 'url', true, false],
    ]);
    expect(byName.email.fields.map((field) => field.name)).toEqual(['transport', 'from', 'useStrapiEmail']);
    // A provider that declares no options (the test app's recording provider) has none.
    expect(byName.recording.fields).toEqual([]);
    expect(JSON.stringify(body)).not.toContain(SLACK_TOKEN);
  });

  test('verify: the provider answers; an unconfigured one says what to set, with a 200', async () => {
    expect((await t.superAdmin.post('/providers/console/verify')).body.data).toEqual({ provider: 'console', ok: true, message: expect.any(String) });
    const email = await t.superAdmin.post<{ ok: boolean; message: string }>('/providers/email/verify');
    expect(email.status).toBe(200);
    expect(email.body.data).toMatchObject({ ok: false, message: expect.stringMatching(/notifs\.config\.providers\.email/) });
    expect((await t.superAdmin.post<{ ok: boolean }>('/providers/nope/verify')).body.data.ok).toBe(false);
  });

  test('test-send: a real notification through the channel, stored so its delivery can be followed', async () => {
    clearRecorded();
    const sent = await t.superAdmin.post<{ notificationId: number }>('/test-send', { channel: 'probe', recipient: ann.id, message: 'ping' });
    expect(sent.status).toBe(201);
    await service(t.app.strapi, 'queue').drain();
    expect(recorded()).toHaveLength(1);
    const detail = await t.superAdmin.get<{ shortDescription: string; category: string; deliveries: { status: string }[] }>(
      `/notifications/${sent.body.data.notificationId}`
    );
    expect(detail.body.data).toMatchObject({ shortDescription: 'ping', category: 'notifs-test', deliveries: [{ status: 'sent' }] });
  });

  test('test-send: an address goes to the channel as its context key; an unknown channel is a 400', async () => {
    const sent = await t.superAdmin.post<{ notificationId: number }>('/test-send', { channel: 'slack', to: '#ops' });
    const [row] = await deliveryRows(t.app.strapi, { notification: { id: sent.body.data.notificationId } });
    expect(row.payload).toMatchObject({ channel: '#ops' });
    const unknown = await t.superAdmin.post('/test-send', { channel: 'smss' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toMatch(/Unknown channel "smss"/);
  });
});

describe('admin compose', () => {
  type Job = { id: string; status: string; done: number; total: number; error: string | null };
  const finished = async (id: string): Promise<Job> => {
    let job: Job | undefined;
    await waitFor(async () => {
      job = (await t.superAdmin.get<Job>(`/compose/${id}`)).body.data;
      return job.status !== 'running';
    }, 30_000, `compose job ${id}`);
    return job as Job;
  };

  test('to chosen users: a job to poll, one notification each', async () => {
    const ben = await createUser(t.app.strapi, 'ben');
    const started = await t.superAdmin.post<Job>('/compose', { users: [ann.id, ben.id], channels: ['probe'], shortDescription: 'hello' });
    expect(started.status).toBe(202);
    expect(started.body.data).toMatchObject({ total: 2 });
    expect(await finished(started.body.data.id)).toMatchObject({ status: 'done', done: 2, total: 2 });
    const list = await t.superAdmin.get<unknown[]>(`/notifications?recipient=${ben.id}`);
    expect(list.body.data).toHaveLength(1);
  });

  test('to a role: every user of it, in chunks of notifyMany, progress up to the total', async () => {
    const role = (await t.app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } })) as { id: number };
    // createMany sets no relations: the role links are inserted beside it, in the link table Strapi made.
    const users = t.app.strapi.db.query('plugin::users-permissions.user');
    await users.createMany({
      data: Array.from({ length: 1_200 }, (_, i) => ({ username: `bulk${i}`, email: `bulk${i}@example.test`, provider: 'local', confirmed: true })),
    });
    // Read back: createMany's `ids` is not filled on every database (MySQL).
    const ids = ((await users.findMany({ where: { username: { $startsWith: 'bulk' } }, select: ['id'] })) as { id: number }[]).map(({ id }) => id);
    const link = (t.app.strapi.db.metadata.get('plugin::users-permissions.user').attributes.role as unknown as {
      joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
    }).joinTable;
    const rows = ids.map((id) => ({ [link.joinColumn.name]: id, [link.inverseJoinColumn.name]: role.id }));
    await t.app.strapi.db.connection.batchInsert(link.name, rows, 200);
    const total = await t.app.strapi.db.query('plugin::users-permissions.user').count({ where: { role: { id: role.id } } });
    const started = await t.superAdmin.post<Job>('/compose', { role: 'authenticated', channels: ['console'], shortDescription: 'to all' });
    expect(total).toBeGreaterThan(1_200);
    expect(started.body.data.total).toBe(total);
    expect(await finished(started.body.data.id)).toMatchObject({ status: 'done', done: total, total });
    const stored = await t.superAdmin.get<unknown[]>(`/notifications?category=&pageSize=1`);
    expect(stored.status).toBe(400); // an empty filter is refused, not ignored
    const all = await t.app.strapi.db.query('plugin::notifs.notification').count({ where: { shortDescription: 'to all' } });
    expect(all).toBe(total);
  });

  test('refused before anything starts: unknown users, role or channel; users and role together', async () => {
    const bad = async (body: Record<string, unknown>, message: RegExp) => {
      const response = await t.superAdmin.post('/compose', { channels: ['probe'], shortDescription: 'x', ...body });
      expect(response.status).toBe(400);
      expect(response.body.error?.message).toMatch(message);
    };
    await bad({ users: [999_999] }, /no users-permissions user has id 999999/);
    await bad({ role: 'wizards' }, /no users-permissions role has type "wizards"/);
    await bad({ users: [ann.id], channels: ['smss'] }, /Unknown channel "smss"/);
    await bad({ users: [ann.id], role: 'authenticated' }, /either "users" or "role", not both/);
    expect((await t.superAdmin.get('/compose/nope')).status).toBe(404);
  });

  test('a form left incomplete: each field named, in words for the person filling it', async () => {
    const response = await t.superAdmin.post<unknown>('/compose', { channels: [], shortDescription: '  ' });
    expect(response.status).toBe(400);
    const issues = (response.body.error as { details?: { errors?: { path: string[]; message: string }[] } }).details?.errors ?? [];
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['channels'], message: 'pick at least one channel' }),
        expect.objectContaining({ path: ['shortDescription'], message: 'write the message to send' }),
      ])
    );
    // Nothing given is not "both given".
    const none = await t.superAdmin.post<unknown>('/compose', { channels: ['probe'], shortDescription: 'x' });
    expect(none.body.error?.message).toMatch(/"users" choose at least one user, or a role/);
    expect(none.body.error?.message).not.toMatch(/not both/);
  });

  test('a channel whose provider is not configured is refused up front, saying what to configure', async () => {
    const response = await t.superAdmin.post('/compose', { users: [ann.id], channels: ['email'], shortDescription: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/"channels" "email" cannot send: configure its provider \(notifs\.config\.providers\.email\)/);
    expect(await t.app.strapi.db.query('plugin::notifs.notification').count({ where: { shortDescription: 'x' } })).toBe(0);
  });

  test('users, roles and channels to pick from: only channels that can send, by their names', async () => {
    const users = await t.superAdmin.get<{ id: number; username: string; email: string }[]>('/users?q=ann');
    expect(users.body.data.map((user) => user.username)).toEqual(['ann']);
    const byEmail = await t.superAdmin.get<{ username: string }[]>(`/users?q=${encodeURIComponent(ann.email.toUpperCase())}`);
    expect(byEmail.body.data.map((user) => user.username)).toEqual(['ann']);
    const byId = await t.superAdmin.get<{ username: string }[]>(`/users?id=${ann.id}`);
    expect(byId.body.data.map((user) => user.username)).toEqual(['ann']);
    const options = await t.superAdmin.get<{ roles: { type: string; users: number }[]; channels: { name: string; displayName: string }[] }>('/compose/options');
    expect(options.body.data.roles.find((role) => role.type === 'authenticated')?.users).toBeGreaterThan(1_000);
    const names = options.body.data.channels.map((channel) => channel.name);
    expect(names).toEqual(expect.arrayContaining(['console', 'probe', 'slack']));
    expect(names).not.toContain('email'); // no transport configured
    expect(names).not.toContain('pusher_channels');
    expect(options.body.data.channels).toContainEqual({ name: 'console', displayName: 'Console' });
  });
});
