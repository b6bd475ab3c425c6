import type { Core } from '@strapi/strapi';
import { dialectOf } from './table';

/** How long a measured offset is trusted before it is measured again. */
const REFRESH_MS = 30_000;
/** Round trips per measure; the shortest one is kept. */
const SAMPLES = 3;

/** The database's current time in milliseconds since the epoch, by dialect (none for SQLite: it is this machine's clock). */
const NOW_MS_SQL: Record<string, string | undefined> = {
  postgres: 'select floor(extract(epoch from clock_timestamp()) * 1000) as ms',
  mysql: 'select floor(unix_timestamp(now(3)) * 1000) as ms',
};

/**
 * Time as the shared database sees it. Leases and run times are compared by every instance, so
 * they must come from one clock: instances' own clocks may differ by seconds, which would let one
 * instance take another's delivery while its lease still runs. The offset from this machine's
 * clock is measured at most every 30 s (three queries of a few hundred microseconds); on SQLite, the
 * database and the app share the machine's clock, and nothing is measured.
 */
export const createDbClock = (strapi: Core.Strapi) => {
  let offsetMs = 0;
  let measuredAt = Number.NEGATIVE_INFINITY;

  /** One round trip: the database's time minus this machine's at the round trip's midpoint, and how long it took. */
  const sample = async (sql: string): Promise<{ offsetMs: number; roundTripMs: number }> => {
    const before = Date.now();
    const result = (await strapi.db.connection.raw(sql)) as unknown;
    const after = Date.now();
    // pg answers { rows }, mysql2 [rows, fields].
    const rows = (Array.isArray(result) ? result[0] : (result as { rows: unknown[] }).rows) as { ms: string | number }[];
    return { offsetMs: Number(rows[0].ms) - (before + after) / 2, roundTripMs: after - before };
  };

  // The midpoint is only as good as the round trip is short: an answer that waits behind a busy
  // event loop (a boot, a batch of sends) skews it by half the wait. Like NTP, take a few samples
  // and keep the one with the shortest round trip.
  const measure = async (): Promise<void> => {
    const sql = NOW_MS_SQL[dialectOf(strapi)];
    measuredAt = Date.now();
    if (!sql) return;
    let best = await sample(sql);
    for (let i = 1; i < SAMPLES; i += 1) {
      const next = await sample(sql);
      if (next.roundTripMs < best.roundTripMs) best = next;
    }
    offsetMs = best.offsetMs;
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
