import { bootStrapi, databaseKind, queryDatabase, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { notificationRows } from '../helpers/db';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows } from '../helpers/deliveries';

/**
 * Group commit: notify() calls in flight together share one transaction. Each caller is still
 * answered alone: with its own notification once its rows are committed, or with its own error
 * while the others are written.
 */
const CALLS = 30;

const sqlCount = async (app: TestApp, table: string, where: string): Promise<number> => {
  const [row] = await queryDatabase(app.tmpDir, `select count(*) as n from ${table} where ${where}`);
  return Number(row.n);
};

type KnexQuery = { sql: string; __knexTxId?: string };

/** Runs `work` with `listener` told of every statement knex runs meanwhile. */
const watchingQueries = async <T>(app: TestApp, listener: (query: KnexQuery) => void, work: () => Promise<T>): Promise<T> => {
  app.strapi.db.connection.on('query', listener);
  try {
    return await work();
  } finally {
    app.strapi.db.connection.removeListener('query', listener);
  }
};

/** COMMITs knex runs while `work` runs (PostgreSQL and MySQL: on SQLite the group's statements bypass knex). */
const countCommits = async <T>(app: TestApp, work: () => Promise<T>): Promise<{ result: T; commits: number }> => {
  let commits = 0;
  const result = await watchingQueries(app, (query) => void (/^commit/i.test(query.sql.trim()) && (commits += 1)), work);
  return { result, commits };
};

describe.each(['database', 'sync'] as const)('group commit, %s backend', (backend) => {
  let app: TestApp;
  let bob: { id: number };

  const notify = () => service(app.strapi, 'notify');
  const probe = (key: string, payload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    notify().notify({
      recipient: bob.id,
      channels: ['probe'],
      shortDescription: key,
      extraData: { context: { payload: { key, ...payload } } },
      ...extra,
    });

  beforeAll(async () => {
    app = await bootStrapi({ config: { backend, queue: { pollRule: '0 0 0 1 1 *' } } });
    bob = await createUser(app.strapi);
  });
  beforeEach(() => clearRecorded());
  afterAll(async () => {
    await app?.stop();
  });

  test(`${CALLS} calls in flight are each answered with their own notification, committed when answered`, async () => {
    const keys = Array.from({ length: CALLS }, (_, i) => `burst-${backend}-${i}`);
    const { result: made, commits } = await countCommits(app, () =>
      Promise.all(
        keys.map(async (key) => {
          const notification = await probe(key);
          // Committed before the caller hears of it: another connection already sees the row.
          const seen = await sqlCount(app, 'notifs_notifications', `id = ${Number(notification.id)}`);
          return { notification, seen };
        })
      )
    );
    expect(made.map(({ notification }) => notification.shortDescription)).toEqual(keys);
    expect(new Set(made.map(({ notification }) => notification.id)).size).toBe(CALLS);
    expect(made.every(({ seen }) => seen === 1)).toBe(true);
    if (databaseKind() !== 'sqlite') expect(commits).toBeLessThan(CALLS / 2);
    if (backend === 'database') {
      for (const { notification } of made) {
        const rows = await deliveryRows(app.strapi, { notification: { id: notification.id } });
        expect(rows.map((row) => (row.payload as { key: string }).key)).toEqual([notification.shortDescription]);
      }
    } else {
      const sent = recorded().flatMap((call) => call.payloads.map((payload) => payload.key));
      expect(sent.sort()).toEqual([...keys].sort());
    }
  });

  test('a refused payload fails its own call only; the others in its group are written', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => probe(`refusal-${backend}-${i}`, i === 5 ? { fail: 'not-a-mode' } : {}))
    );
    const refused = results[5];
    expect(refused.status).toBe('rejected');
    expect((refused as PromiseRejectedResult).reason.name).toBe('InvalidPayloadError');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(11);
    expect(await sqlCount(app, 'notifs_notifications', `short_description like 'refusal-${backend}-%'`)).toBe(11);
    expect(await sqlCount(app, 'notifs_notifications', `short_description = 'refusal-${backend}-5'`)).toBe(0);
  });

  test('an unknown recipient fails its own call, named; the others are written', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        i === 3
          ? notify().notify({ recipient: 2_000_000_000, channels: ['probe'], shortDescription: `stranger-${backend}` })
          : probe(`known-${backend}-${i}`)
      )
    );
    expect(results[3].status).toBe('rejected');
    expect((results[3] as PromiseRejectedResult).reason.message).toMatch(/no users-permissions user has id 2000000000/);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(11);
    expect(await sqlCount(app, 'notifs_notifications', `short_description like 'known-${backend}-%'`)).toBe(11);
    expect(await notificationRows(app.strapi, { shortDescription: `stranger-${backend}` })).toHaveLength(0);
  });

  // SQLite has one connection: its group transactions go one at a time, and this test is skipped there.
  const onPooledDatabase = databaseKind() === 'sqlite' ? test.skip : test;
  onPooledDatabase(
    'on a pooled database, 40 calls in flight go in two transactions side by side; a refusal in either fails alone',
    async () => {
      const burst = (tag: string, refused: number[] = []) =>
        Promise.allSettled(
          Array.from({ length: 40 }, (_, i) => probe(`${tag}-${backend}-${i}`, refused.includes(i) ? { fail: 'not-a-mode' } : {}))
        );
      // Transactions open at once, as knex runs them (each statement carries its transaction's id).
      const open = new Set<string>();
      let mostOpen = 0;
      const listener = (query: KnexQuery) => {
        if (!query.__knexTxId) return;
        if (/^(begin|start transaction)/i.test(query.sql.trim())) open.add(query.__knexTxId);
        if (/^(commit|rollback)/i.test(query.sql.trim())) open.delete(query.__knexTxId);
        mostOpen = Math.max(mostOpen, open.size);
      };
      const clean = await watchingQueries(app, listener, () => burst('pair'));
      expect(clean.every((result) => result.status === 'fulfilled')).toBe(true);
      expect(mostOpen).toBe(2);

      // A refusal rolls back its own group, whose calls then go one by one: only the refused calls fail.
      const mixed = await burst('pair-refused', [7, 33]);
      expect(mixed.map((result) => result.status)).toEqual(mixed.map((_, i) => (i === 7 || i === 33 ? 'rejected' : 'fulfilled')));
      expect(await sqlCount(app, 'notifs_notifications', `short_description like 'pair-${backend}-%'`)).toBe(40);
      expect(await sqlCount(app, 'notifs_notifications', `short_description like 'pair-refused-${backend}-%'`)).toBe(38);
      if (backend === 'database') {
        const keys = (await deliveryRows(app.strapi)).map((row) => (row.payload as { key?: string }).key ?? '');
        expect(keys.filter((key) => key.startsWith(`pair-refused-${backend}-`))).toHaveLength(38);
      }
    }
  );

  test('text that SQL arrays and JSON must escape comes back from one group as it was given', async () => {
    // On PostgreSQL a group's rows go as one array per column (`unnest`): quotes, backslashes, braces,
    // commas and the word NULL are what an array literal must escape. Half the calls leave out
    // `category` and `url`, so a column is null in some rows of the statement and set in others.
    const awkward = [
      'with "quotes"',
      'back\\slash \\" both',
      'NULL',
      'comma, {braces} (parens)',
      'new\nline\ttab',
      'emoji 🎉 é',
      "it's",
      '',
      '  ',
    ];
    const statements: string[] = [];
    const made = await watchingQueries(
      app,
      (query) => statements.push(query.sql),
      () =>
        Promise.all(
          awkward.map((text, i) =>
            notify().notify({
              recipient: bob.id,
              channels: ['probe'],
              shortDescription: `awkward-${backend}-${i}`,
              action: text,
              ...(i % 2 ? { category: text, url: text } : {}),
              extraData: { text, list: [text, null, 1.5, true], context: { payload: { key: `awkward-${backend}-${i}`, text } } },
            })
          )
        )
    );
    const rows = await notificationRows(app.strapi, { shortDescription: { $startsWith: `awkward-${backend}-` } });
    const byKey = new Map(rows.map((row) => [row.shortDescription, row]));
    awkward.forEach((text, i) => {
      const row = byKey.get(`awkward-${backend}-${i}`);
      expect(row?.id).toBe(made[i].id);
      expect({
        action: row?.action,
        category: row?.category,
        url: row?.url,
        extraData: row?.extraData,
        recipient: row?.recipient?.id,
      }).toEqual({
        action: text,
        category: i % 2 ? text : null,
        url: i % 2 ? text : null,
        extraData: { text, list: [text, null, 1.5, true] },
        recipient: bob.id,
      });
    });
    if (backend === 'database') {
      const payloads = (await deliveryRows(app.strapi)).map((row) => row.payload as { key?: string });
      for (const [i, text] of awkward.entries()) {
        const key = `awkward-${backend}-${i}`;
        expect(payloads.filter((payload) => payload.key === key)).toEqual([{ key, text, notificationId: made[i].id }]);
      }
    }
    if (databaseKind() === 'postgres') {
      // All of them in one statement per table, whatever the row count, not a VALUES list.
      const inserts = statements.filter((sql) => /^insert into "notifs_notifications"/i.test(sql));
      expect(inserts.length).toBeGreaterThan(0);
      expect(inserts.every((sql) => /select \* from unnest\(/.test(sql))).toBe(true);
    }
  });

  test('calls with an idempotency key, in the same burst, still answer the first call', async () => {
    const results = await Promise.all([
      probe(`keyed-${backend}-a`, {}, { idempotencyKey: `burst-key-${backend}` }),
      probe(`plain-${backend}-1`),
      probe(`keyed-${backend}-b`, {}, { idempotencyKey: `burst-key-${backend}` }),
      probe(`plain-${backend}-2`),
    ]);
    expect(results[2].id).toBe(results[0].id);
    expect(await sqlCount(app, 'notifs_notifications', `short_description like 'keyed-${backend}-%'`)).toBe(1);
    expect(await sqlCount(app, 'notifs_notifications', `short_description like 'plain-${backend}-%'`)).toBe(2);
  });

  test('silent calls in flight each get their delivery', async () => {
    const keys = Array.from({ length: CALLS }, (_, i) => `silent-${backend}-${i}`);
    const made = await Promise.all(keys.map((key) => probe(key, {}, { silent: true })));
    expect(made.every((one) => one.id === undefined)).toBe(true);
    if (backend === 'database') {
      const rows = await deliveryRows(app.strapi);
      expect(rows.filter((row) => keys.includes((row.payload as { key: string }).key))).toHaveLength(CALLS);
    } else {
      expect(
        recorded()
          .flatMap((call) => call.payloads.map((payload) => payload.key))
          .sort()
      ).toEqual([...keys].sort());
    }
  });
});

describe('group commit, sync backend: a send that fails reaches its own caller', () => {
  let app: TestApp;
  let bob: { id: number };
  beforeAll(async () => {
    app = await bootStrapi({ config: { backend: 'sync' } });
    bob = await createUser(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('one fatal send among calls in flight rejects that call; the others resolve', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        service(app.strapi, 'notify').notify({
          recipient: bob.id,
          channels: ['probe'],
          shortDescription: `send-${i}`,
          extraData: { context: { payload: { key: `send-${i}`, ...(i === 4 ? { fail: 'fatal' } : {}) } } },
        })
      )
    );
    expect(results.map((result) => result.status)).toEqual(results.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
    // The notification was committed before the send failed: it stays, as with a call alone.
    expect(await sqlCount(app, 'notifs_notifications', `short_description = 'send-4'`)).toBe(1);
  });
});
