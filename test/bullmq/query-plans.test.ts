import type { Queue } from 'bullmq';
import { bootStrapi, databaseKind, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { recorded, clearRecorded } from '../helpers/recording';
import { waitFor } from '../helpers/deliveries';
import { announceSkip, openQueue, redisAvailable, REDIS_URL, removeQueue, uniqueQueueName } from './redis';

interface PlanNode {
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const indexesIn = (node: PlanNode): string[] => [
  ...(node['Index Name'] ? [node['Index Name']] : []),
  ...(node.Plans ?? []).flatMap(indexesIn),
];

const runs = databaseKind() === 'postgres' && redisAvailable;
if (!runs)
  announceSkip(
    '"the worker\'s row statements under stale statistics": needs NOTIFS_TEST_DB=postgres://… and Redis (a PostgreSQL planner question)'
  );

/**
 * A burst of waiting rows that the table's statistics have not seen yet (autovacuum analyzes once a
 * tenth of the table changed): PostgreSQL then believes few rows wait, and a statement that picks
 * rows by id and checks their status could read the whole (status, run_at) index for each batch.
 */
(runs ? describe : describe.skip)("the worker's row statements under stale statistics (PostgreSQL)", () => {
  const queueName = uniqueQueueName('plans');
  let app: TestApp;
  let jobs: Queue;

  beforeAll(async () => {
    app = await bootStrapi({ config: { backend: 'bullmq', bullmq: { connection: REDIS_URL, queueName }, queue: { concurrency: 4 } } });
    jobs = openQueue(queueName);
  });
  afterAll(async () => {
    await app?.stop();
    await jobs?.close();
    await removeQueue(queueName);
  });

  test('every statement that picks deliveries by id is planned on the primary key, not the status index', async () => {
    const db = app.strapi.db.connection;
    // 4,000 sent rows, analyzed; then 4,000 waiting (due in a year: no job, no relay) the statistics never see.
    await db.raw(`alter table notifs_deliveries set (autovacuum_enabled = false)`);
    const insertRows = (status: string, runAt: string) =>
      db.raw(
        `insert into notifs_deliveries (document_id, channel, provider, payload, status, attempts, run_at, created_at, updated_at, published_at)
         select 'plan' || g || '${status}', 'probe', 'recording', '{}', '${status}', 0, ${runAt}, now(), now(), now() from generate_series(1, 4000) g`
      );
    await insertRows('sent', 'now()');
    await db.raw('analyze notifs_deliveries');
    await insertRows('queued', "now() + interval '1 year'");

    const statements: { sql: string; bindings: unknown[] }[] = [];
    const capture = (query: { sql: string; bindings?: unknown[] }) => {
      if (/notifs_deliveries/.test(query.sql) && /"id" in \(/.test(query.sql))
        statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
    };
    db.on('query', capture);
    try {
      clearRecorded();
      // One notifyMany: its jobs are added together, so the worker's marks carry several ids a statement.
      const recipients: number[] = [];
      for (let i = 0; i < 12; i += 1) recipients.push((await createUser(app.strapi, `plans${i}`)).id);
      await service(app.strapi, 'notify').notifyMany(recipients, {
        channels: ['probe'],
        extraData: { context: { payload: { key: 'plans' } } },
      });
      await waitFor(() => recorded().length === recipients.length, 10_000, 'the sends');
      await service(app.strapi, 'queue').drain();
    } finally {
      db.off('query', capture);
    }

    // The worker's status marks (sending, sent), and whatever else picked rows by id; some name several.
    const manyIds = statements.filter((statement) => statement.sql.startsWith('update') && /"id" in \(\$\d+, /.test(statement.sql));
    expect(manyIds.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const explained = (await db.raw(`explain (format json) ${statement.sql.replace(/\$\d+/g, '?')}`, statement.bindings as never[])) as {
        rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[];
      };
      const plan = explained.rows[0]['QUERY PLAN'][0];
      const indexes = indexesIn(plan.Plan);
      expect({ sql: statement.sql, indexes }).toEqual({ sql: statement.sql, indexes: expect.arrayContaining(['notifs_deliveries_pkey']) });
      expect({ sql: statement.sql, indexes }).toEqual({
        sql: statement.sql,
        indexes: expect.not.arrayContaining(['notifs_deliveries_claim_idx']),
      });
    }
  });
});
