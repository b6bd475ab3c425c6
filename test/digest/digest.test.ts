/**
 * Digests on the database backend, end to end: notifications with one digest key become one email
 * (at a real SMTP server) per window, while the in-app channel gets each at once. The queue is
 * drained by hand; "the window passes" by moving the open digest's due time into the past, which is
 * what the clock would do (a real-time window is in the bullmq and restart suites).
 */
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { deliveryRows, type DeliveryRecord } from '../helpers/deliveries';
import { startFakeSmtp, type FakeSmtp, emailProviderFor } from '../helpers/smtp-server';
import { readmeExample, runExample } from '../helpers/readme-example';

type DigestRecord = DeliveryRecord & { digestKey: string | null; mergedInto: number | null; channel: string };

let app: TestApp;
let smtp: FakeSmtp;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  app = await bootStrapi({
    config: {
      backend: 'database',
      queue: { pollRule: '0 0 0 1 1 *' },
      providers: {
        email: emailProviderFor(smtp),
      },
    },
  });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const drain = () => service(app.strapi, 'queue').drain();
const rows = async (where: Record<string, unknown>) => (await deliveryRows(app.strapi, where)) as DigestRecord[];
/** The open digest deliveries (not members) of a key. */
const digestsOf = (key: string) => rows({ digestKey: key, mergedInto: null });
/** The window passes: the digest is due now. */
const windowPasses = async (key: string) => {
  const past = new Date(Date.now() - 1_000);
  await app.strapi.db
    .query('plugin::notifs.delivery')
    .updateMany({ where: { digestKey: key, mergedInto: null, status: 'queued' }, data: { runAt: past } });
};

const comment = (recipient: number, n: number, key = 'comments', window = 60) =>
  service(app.strapi, 'notify').notify({
    recipient,
    category: 'comment',
    shortDescription: `Comment ${n} on your post`,
    url: `/posts/1#comment-${n}`,
    channels: ['email', 'in_app'],
    digest: { key, window },
  });

test('20 comments in a 60 s window: one email listing the 20, and 20 in-app deliveries at once', async () => {
  const ada = await createUser(app.strapi, 'ada-digest');
  const made: { id: number }[] = [];
  for (let n = 1; n <= 20; n += 1) made.push(await comment(ada.id, n));
  expect(made.every((one) => typeof one.id === 'number')).toBe(true);

  const digests = await digestsOf('comments');
  expect(digests).toHaveLength(1);
  const [digest] = digests;
  expect(digest).toMatchObject({ channel: 'email', status: 'queued' });
  // The channel's context, kept to build the digest with when it is due.
  expect((digest as DigestRecord & { digestContext: unknown }).digestContext).toMatchObject({ email: ada.email });
  // Due a window after the first one, not now.
  expect(new Date(digest.runAt).getTime()).toBeGreaterThan(Date.now() + 50_000);
  const members = await rows({ mergedInto: digest.id });
  expect(members).toHaveLength(20);
  expect(members.every((member) => member.status === 'merged' && member.digestKey === 'comments')).toBe(true);

  // Before the window ends: the in-app ones go, the email waits.
  await drain();
  expect(smtp.received).toHaveLength(0);
  const inApp = await rows({ channel: 'in_app', notification: { id: { $in: made.map((one) => one.id) } } });
  expect(inApp.map((row) => row.status)).toEqual(Array(20).fill('sent'));

  await windowPasses('comments');
  await drain();
  expect(smtp.received).toHaveLength(1);
  const [mail] = smtp.received;
  expect(mail.recipients).toEqual([ada.email]);
  const text = mail.mail.text ?? '';
  for (let n = 1; n <= 20; n += 1) expect(text).toContain(`Comment ${n} on your post`);
  const [sent] = await digestsOf('comments');
  expect(sent.status).toBe('sent');
  // The context it was built with (the recipient's address) is not kept once it went.
  expect((sent as DigestRecord & { digestContext: unknown }).digestContext).toBeNull();
  // The members keep pointing at the digest they were folded into.
  expect((await rows({ mergedInto: digest.id })).map((row) => row.status)).toEqual(Array(20).fill('merged'));
});

test('a notification after the window ended starts a new digest', async () => {
  const bob = await createUser(app.strapi, 'bob-digest');
  await comment(bob.id, 1, 'bob-thread');
  await comment(bob.id, 2, 'bob-thread');
  await windowPasses('bob-thread');
  await drain();
  expect(smtp.received).toHaveLength(1);

  await comment(bob.id, 3, 'bob-thread');
  const digests = await digestsOf('bob-thread');
  expect(digests.map((one) => one.status)).toEqual(['sent', 'queued']);
  expect(await rows({ mergedInto: digests[1].id })).toHaveLength(1);
  await windowPasses('bob-thread');
  await drain();
  expect(smtp.received).toHaveLength(2);
  expect(smtp.received[1].mail.text).toContain('Comment 3 on your post');
  expect(smtp.received[1].mail.text).not.toContain('Comment 1 on your post');
});

test('a window that is due but not yet sent is closed: the next notification opens another digest', async () => {
  const cy = await createUser(app.strapi, 'cy-digest');
  await comment(cy.id, 1, 'cy-thread');
  await windowPasses('cy-thread');
  await comment(cy.id, 2, 'cy-thread');
  const digests = await digestsOf('cy-thread');
  expect(digests).toHaveLength(2);
  await drain();
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].mail.text).toContain('Comment 1');
  expect(smtp.received[0].mail.text).not.toContain('Comment 2');
});

test('keys, recipients and channels are digested apart', async () => {
  const dee = await createUser(app.strapi, 'dee-digest');
  const eve = await createUser(app.strapi, 'eve-digest');
  await comment(dee.id, 1, 'apart');
  await comment(eve.id, 2, 'apart');
  await comment(dee.id, 3, 'apart-other');
  expect(await digestsOf('apart')).toHaveLength(2);
  expect(await digestsOf('apart-other')).toHaveLength(1);
});

test('notifyMany folds each recipient into their own digest', async () => {
  const users = [await createUser(app.strapi, 'many-1'), await createUser(app.strapi, 'many-2')];
  const ids = users.map((user) => user.id);
  for (let n = 1; n <= 3; n += 1) {
    await service(app.strapi, 'notify').notifyMany(ids, {
      shortDescription: `Release ${n}`,
      channels: ['email', 'in_app'],
      digest: { key: 'releases', window: 600 },
    });
  }
  const digests = await digestsOf('releases');
  expect(digests).toHaveLength(2);
  for (const digest of digests) expect(await rows({ mergedInto: digest.id })).toHaveLength(3);
  await windowPasses('releases');
  await drain();
  expect(smtp.received.map((mail) => mail.recipients[0]).sort()).toEqual(users.map((user) => user.email).sort());
  expect(smtp.received.every((mail) => /Release 1[\s\S]*Release 2[\s\S]*Release 3/.test(mail.mail.text ?? ''))).toBe(true);
});

test('a digest whose notifications were all deleted is skipped, with the reason', async () => {
  const fay = await createUser(app.strapi, 'fay-digest');
  const one = await comment(fay.id, 1, 'gone');
  await service(app.strapi, 'read').remove({ notifyId: one.id, recipient: fay.id });
  await windowPasses('gone');
  await drain();
  expect(smtp.received).toHaveLength(0);
  const [digest] = await digestsOf('gone');
  expect(digest.status).toBe('skipped');
  expect(digest.lastError).toMatch(/deleted/);
});

describe('bad input: a ValidationError naming "digest", nothing stored', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['silent', { silent: true, digest: { key: 'k', window: 60 } }, /"digest" cannot be used with silent/],
    ['no recipient', { recipient: undefined, digest: { key: 'k', window: 60 } }, /"digest" needs a recipient/],
    ['window 0', { digest: { key: 'k', window: 0 } }, /"digest.window" must be at least 1/],
    ['window too long', { digest: { key: 'k', window: 32 * 24 * 3600 } }, /"digest.window" must be at most/],
    ['window not whole', { digest: { key: 'k', window: 1.5 } }, /"digest.window" must be a whole number/],
    ['empty key', { digest: { key: '', window: 60 } }, /"digest.key" must not be empty/],
    ['key with NUL', { digest: { key: 'a\u0000b', window: 60 } }, /"digest.key" contains a NUL/],
    ['key too long', { digest: { key: 'k'.repeat(256), window: 60 } }, /"digest.key" must be at most 255/],
    ['unknown property', { digest: { key: 'k', window: 60, every: 5 } }, /"digest.every" is not a known key/],
    ['not an object', { digest: 'daily' }, /"digest"/],
  ];
  test.each(cases)('%s', async (_name, change, message) => {
    const gil = await createUser(app.strapi, `gil-${Date.now()}-${Math.random()}`);
    const before = await app.strapi.db.query('plugin::notifs.notification').count({});
    const input = { recipient: gil.id, shortDescription: 'x', channels: ['email'], ...change };
    await expect(service(app.strapi, 'notify').notify(input as never)).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(message),
    });
    expect(await app.strapi.db.query('plugin::notifs.notification').count({})).toBe(before);
  });
});

test('a cancelled notification leaves its digest; the others still go', async () => {
  const hal = await createUser(app.strapi, 'hal-digest');
  const first = await comment(hal.id, 1, 'hal-thread');
  await comment(hal.id, 2, 'hal-thread');
  // Its in-app delivery was still queued: the one cancelled (the email was merged, not queued).
  expect(await service(app.strapi, 'notify').cancel(first.id)).toBe(1);
  await windowPasses('hal-thread');
  await drain();
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].mail.text).toContain('Comment 2');
  expect(smtp.received[0].mail.text).not.toContain('Comment 1');
  const [digest] = await digestsOf('hal-thread');
  expect((await rows({ mergedInto: digest.id })).map((row) => row.status)).toEqual(['cancelled', 'merged']);
});

test('the README example: a comment digested per post', async () => {
  const user = await createUser(app.strapi, 'readme-digest');
  const code = readmeExample('digest');
  const first = await runExample<{ id: number }>(code, { strapi: app.strapi, user }, 'comment');
  await runExample(code, { strapi: app.strapi, user }, 'comment');
  const key = 'post-comments:k3n9x0q2w8e7r6t5y4u3i2o1';
  const [digest] = await digestsOf(key);
  expect(await rows({ mergedInto: digest.id })).toHaveLength(2);
  expect((await rows({ notification: { id: first.id }, channel: 'in_app' }))[0].status).toBe('queued');
  await windowPasses(key);
  await drain();
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].mail.text).toContain('Ada commented on “Group commit, explained”');
});
