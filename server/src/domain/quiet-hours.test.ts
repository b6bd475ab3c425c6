import { quietHoursEnd } from './quiet-hours';
import type { QuietHours } from './preferences';

const end = (at: string, quiet: QuietHours): string | null => quietHoursEnd(new Date(at), quiet)?.toISOString() ?? null;
const night = (timeZone: string): QuietHours => ({ start: '22:00', end: '07:00', timeZone });

describe('quietHoursEnd', () => {
  test('a window across midnight, in UTC: start inclusive, end exclusive', () => {
    expect(end('2026-06-01T23:00:00Z', night('UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(end('2026-06-02T06:00:00Z', night('UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(end('2026-06-01T22:00:00Z', night('UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(end('2026-06-01T21:59:59Z', night('UTC'))).toBeNull();
    expect(end('2026-06-02T07:00:00Z', night('UTC'))).toBeNull();
    expect(end('2026-06-02T12:00:00Z', night('UTC'))).toBeNull();
  });

  test('a window within one day', () => {
    const lunch: QuietHours = { start: '12:00', end: '13:30', timeZone: 'UTC' };
    expect(end('2026-06-01T12:00:00Z', lunch)).toBe('2026-06-01T13:30:00.000Z');
    expect(end('2026-06-01T13:29:00Z', lunch)).toBe('2026-06-01T13:30:00.000Z');
    expect(end('2026-06-01T13:30:00Z', lunch)).toBeNull();
    expect(end('2026-06-01T11:59:00Z', lunch)).toBeNull();
  });

  test('a half-hour offset (Asia/Kolkata, UTC+05:30)', () => {
    // 22:30 IST on June 1st; the window ends at 07:00 IST on June 2nd.
    expect(end('2026-06-01T17:00:00Z', night('Asia/Kolkata'))).toBe('2026-06-02T01:30:00.000Z');
    expect(end('2026-06-01T16:00:00Z', night('Asia/Kolkata'))).toBeNull(); // 21:30 IST
  });

  test('America/New_York, spring forward (2026-03-08): the evening is EST, the morning EDT', () => {
    // 22:30 EST (UTC-5) on March 7th → 07:00 EDT (UTC-4) on March 8th.
    expect(end('2026-03-08T03:30:00Z', night('America/New_York'))).toBe('2026-03-08T11:00:00.000Z');
    // An end inside the gap (02:30 never happens): the window ends when the clocks jump, 03:00 EDT.
    expect(end('2026-03-08T06:30:00Z', { start: '01:00', end: '02:30', timeZone: 'America/New_York' })).toBe('2026-03-08T07:00:00.000Z');
  });

  test('America/New_York, fall back (2026-11-01): the evening is EDT, the morning EST', () => {
    // 22:30 EDT (UTC-4) on October 31st → 07:00 EST (UTC-5) on November 1st.
    expect(end('2026-11-01T02:30:00Z', night('America/New_York'))).toBe('2026-11-01T12:00:00.000Z');
    const early: QuietHours = { start: '00:00', end: '01:30', timeZone: 'America/New_York' };
    // 01:30 happens twice: from 00:10 EDT, the window ends at the first one (EDT).
    expect(end('2026-11-01T04:10:00Z', early)).toBe('2026-11-01T05:30:00.000Z');
    // From 01:10 EST (the repeated hour, after the first 01:30 has passed), at the second one.
    expect(end('2026-11-01T06:10:00Z', early)).toBe('2026-11-01T06:30:00.000Z');
  });

  test('Europe/Paris across both changes of 2026', () => {
    // Spring (03-29): 22:30 CET (UTC+1) → 07:00 CEST (UTC+2).
    expect(end('2026-03-28T21:30:00Z', night('Europe/Paris'))).toBe('2026-03-29T05:00:00.000Z');
    // Autumn (10-25): 22:30 CEST (UTC+2) → 07:00 CET (UTC+1).
    expect(end('2026-10-24T20:30:00Z', night('Europe/Paris'))).toBe('2026-10-25T06:00:00.000Z');
  });

  test('Australia/Sydney, ahead of UTC, daylight saving ending in April (2026-04-05)', () => {
    // 22:30 AEDT (UTC+11) on April 4th → 07:00 AEST (UTC+10) on April 5th.
    expect(end('2026-04-04T11:30:00Z', night('Australia/Sydney'))).toBe('2026-04-04T21:00:00.000Z');
    // 06:00 AEST on April 5th: the same window, ending an hour later by the clock.
    expect(end('2026-04-04T20:00:00Z', night('Australia/Sydney'))).toBe('2026-04-04T21:00:00.000Z');
  });
});
