import type { Core } from '@strapi/strapi';
import { createDbClock } from './db-clock';

/**
 * A PostgreSQL-shaped connection on this machine's clock (the true offset is 0) whose answers reach
 * the app `lateMs[n]` after the database read its clock: what a busy event loop (a boot, a batch of
 * sends) does to a round trip. Pure logic, so a fake connection is enough here; the engine tests
 * run the real thing on PostgreSQL and MariaDB.
 */
const strapiAnsweringLate = (lateMs: number[]) => {
  let call = 0;
  const raw = async () => {
    const ms = Date.now();
    await new Promise((resolve) => setTimeout(resolve, lateMs[Math.min(call, lateMs.length - 1)]));
    call += 1;
    return { rows: [{ ms: String(ms) }] };
  };
  return { db: { dialect: { client: 'postgres' }, connection: { raw } } } as unknown as Core.Strapi;
};

describe('db clock', () => {
  test('one answer delayed by a stalled event loop does not skew the offset', async () => {
    const clock = createDbClock(strapiAnsweringLate([600, 1, 1]));
    await clock.refresh();
    // Before: the one round trip's midpoint put the database 300 ms in the past.
    expect(Math.abs(clock.offsetMs())).toBeLessThan(50);
  });

  test('every answer late: the offset is still measured (within half the shortest round trip)', async () => {
    const clock = createDbClock(strapiAnsweringLate([120, 120, 120]));
    await clock.refresh();
    expect(clock.offsetMs()).toBeLessThanOrEqual(0);
    expect(clock.offsetMs()).toBeGreaterThan(-100);
  });

  test('SQLite shares this machine clock: nothing is measured', async () => {
    const strapi = { db: { dialect: { client: 'sqlite' }, connection: { raw: () => Promise.reject(new Error('not called')) } } } as unknown as Core.Strapi;
    const clock = createDbClock(strapi);
    await clock.refresh();
    expect(clock.offsetMs()).toBe(0);
    expect(clock.refresh()).toBeUndefined();
  });
});
