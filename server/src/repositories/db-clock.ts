import type { Core } from '@strapi/strapi';

/** How long a measured offset is trusted before it is measured again. */
const REFRESH_MS = 30_000;

/** The database's current time in milliseconds since the epoch, by dialect (none for SQLite: it is this machine's clock). */
const NOW_MS_SQL: Record<string, string | undefined> = {
  postgres: 'select floor(extract(epoch from clock_timestamp()) * 1000) as ms',
  mysql: 'select floor(unix_timestamp(now(3)) * 1000) as ms',
};

/**
 * Time as the shared database sees it. Leases and run times are compared by every instance, so
 * they must come from one clock: instances' own clocks may differ by seconds, which would let one
 * instance take another's delivery while its lease still runs. The offset from this machine's
 * clock is measured at most every 30 s (a query of a few hundred microseconds); on SQLite, the
 * database and the app share the machine's clock, and nothing is measured.
 */
export const createDbClock = (strapi: Core.Strapi) => {
  let offsetMs = 0;
  let measuredAt = Number.NEGATIVE_INFINITY;

  const measure = async (): Promise<void> => {
    const sql = NOW_MS_SQL[(strapi.db.dialect as unknown as { client: string }).client];
    measuredAt = Date.now();
    if (!sql) return;
    const before = Date.now();
    const result = (await strapi.db.connection.raw(sql)) as unknown;
    const after = Date.now();
    // pg answers { rows }, mysql2 [rows, fields].
    const rows = (Array.isArray(result) ? result[0] : (result as { rows: unknown[] }).rows) as { ms: string | number }[];
    offsetMs = Number(rows[0].ms) - (before + after) / 2;
  };

  return {
    /** The database's time now (this machine's clock corrected by the last measured offset). */
    now: (): Date => new Date(Date.now() + offsetMs),
    /** Measures the offset again if the last measure is older than 30 s (undefined when it is fresh: nothing to await). */
    refresh(): Promise<void> | undefined {
      return Date.now() - measuredAt >= REFRESH_MS ? measure() : undefined;
    },
    /** The offset in milliseconds (database minus this machine), for tests and logs. */
    offsetMs: (): number => offsetMs,
  };
};

export type DbClock = ReturnType<typeof createDbClock>;
