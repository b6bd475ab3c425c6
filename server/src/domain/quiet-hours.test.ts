import { quietHoursEnd } from './quiet-hours';
import type { QuietHours } from './preferences';

const end = (at: string, quiet: QuietHours): string | null => quietHoursEnd(new Date(at), quiet)?.toISOString() ?? null;
const night = (timeZone: string): QuietHours => ({ start: '22:00', end: '07:00', timeZone });
const window = (start: string, endAt: string, timeZone: string): QuietHours => ({ start, end: endAt, timeZone });

describe('quietHoursEnd', () => {
  test('a window across midnight, in UTC: start inclusive, end exclusive', () => {
    expect(end('2026-06-01T23:00:00Z', night('UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(end('2026-06-02T06:00:00Z', night('UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(end('2026-06-01T22:00:00Z', night('UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(end('2026-06-02T06:59:59Z', night('UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(end('2026-06-01T21:59:59Z', night('UTC'))).toBeNull();
    expect(end('2026-06-02T07:00:00Z', night('UTC'))).toBeNull();
    expect(end('2026-06-02T12:00:00Z', night('UTC'))).toBeNull();
  });

  test('a window within one day', () => {
    const lunch = window('12:00', '13:30', 'UTC');
    expect(end('2026-06-01T12:00:00Z', lunch)).toBe('2026-06-01T13:30:00.000Z');
    expect(end('2026-06-01T13:29:00Z', lunch)).toBe('2026-06-01T13:30:00.000Z');
    expect(end('2026-06-01T13:30:00Z', lunch)).toBeNull();
    expect(end('2026-06-01T11:59:00Z', lunch)).toBeNull();
    expect(end('2026-06-01T23:00:00Z', lunch)).toBeNull();
  });

  test('a window ending at midnight ends on the next day', () => {
    expect(end('2026-06-01T23:00:00Z', window('22:00', '00:00', 'UTC'))).toBe('2026-06-02T00:00:00.000Z');
    expect(end('2026-06-02T00:00:00Z', window('22:00', '00:00', 'UTC'))).toBeNull();
  });

  test('a half-hour offset (Asia/Kolkata, UTC+05:30)', () => {
    // 22:30 IST on June 1st; the window ends at 07:00 IST on June 2nd.
    expect(end('2026-06-01T17:00:00Z', night('Asia/Kolkata'))).toBe('2026-06-02T01:30:00.000Z');
    // 06:00 IST on June 2nd (00:30 UTC): the same end.
    expect(end('2026-06-02T00:30:00Z', night('Asia/Kolkata'))).toBe('2026-06-02T01:30:00.000Z');
    expect(end('2026-06-01T16:00:00Z', night('Asia/Kolkata'))).toBeNull(); // 21:30 IST
    expect(end('2026-06-02T01:30:00Z', night('Asia/Kolkata'))).toBeNull(); // 07:00 IST
  });

  test('America/New_York, spring forward (2026-03-08): the evening is EST, the morning EDT', () => {
    // The night before: 22:30 EST on March 6th → 07:00 EST (UTC-5).
    expect(end('2026-03-07T03:30:00Z', night('America/New_York'))).toBe('2026-03-07T12:00:00.000Z');
    // 22:30 EST (UTC-5) on March 7th → 07:00 EDT (UTC-4) on March 8th: an hour earlier in UTC.
    expect(end('2026-03-08T03:30:00Z', night('America/New_York'))).toBe('2026-03-08T11:00:00.000Z');
    // An end inside the gap (02:30 never happens): the window ends when the clocks jump, 03:00 EDT.
    expect(end('2026-03-08T06:30:00Z', window('01:00', '02:30', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    // The same from the evening before, across midnight (23:00 EST on March 7th).
    expect(end('2026-03-08T04:00:00Z', window('22:00', '02:30', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    // 03:00 EDT is past the end.
    expect(end('2026-03-08T07:00:00Z', window('01:00', '02:30', 'America/New_York'))).toBeNull();
  });

  test('America/New_York, fall back (2026-11-01): the evening is EDT, the morning EST', () => {
    // The night before: 22:30 EDT on October 30th → 07:00 EDT (UTC-4).
    expect(end('2026-10-31T02:30:00Z', night('America/New_York'))).toBe('2026-10-31T11:00:00.000Z');
    // 22:30 EDT (UTC-4) on October 31st → 07:00 EST (UTC-5) on November 1st: an hour later in UTC.
    expect(end('2026-11-01T02:30:00Z', night('America/New_York'))).toBe('2026-11-01T12:00:00.000Z');
    const early = window('00:00', '01:30', 'America/New_York');
    // 01:30 happens twice: from 00:10 EDT, the window ends at the first one (EDT).
    expect(end('2026-11-01T04:10:00Z', early)).toBe('2026-11-01T05:30:00.000Z');
    // Across midnight too: from 22:30 EDT on October 31st, at the first 01:30.
    expect(end('2026-11-01T02:30:00Z', window('22:00', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    // 01:40 EDT is outside, though the clock reads 01:00 to 01:29 again an hour later.
    expect(end('2026-11-01T05:40:00Z', early)).toBeNull();
    // From 01:10 EST (the repeated hour reads as inside; the first 01:30 has passed): at the second one.
    expect(end('2026-11-01T06:10:00Z', early)).toBe('2026-11-01T06:30:00.000Z');
  });

  test('Europe/Paris, spring forward (2026-03-29): 02:00 CET jumps to 03:00 CEST', () => {
    // The night before: 22:30 CET on March 27th → 07:00 CET (UTC+1).
    expect(end('2026-03-27T21:30:00Z', night('Europe/Paris'))).toBe('2026-03-28T06:00:00.000Z');
    // 22:30 CET (UTC+1) on March 28th → 07:00 CEST (UTC+2).
    expect(end('2026-03-28T21:30:00Z', night('Europe/Paris'))).toBe('2026-03-29T05:00:00.000Z');
    // 06:30 CEST, after the change: the same end.
    expect(end('2026-03-29T04:30:00Z', night('Europe/Paris'))).toBe('2026-03-29T05:00:00.000Z');
    // An end inside the gap (02:30): at 03:00 CEST, from 01:30 CET.
    expect(end('2026-03-29T00:30:00Z', window('01:00', '02:30', 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z');
  });

  test('Europe/Paris, fall back (2026-10-25): 03:00 CEST goes back to 02:00 CET', () => {
    // The night before: 22:30 CEST on October 23rd → 07:00 CEST (UTC+2).
    expect(end('2026-10-23T20:30:00Z', night('Europe/Paris'))).toBe('2026-10-24T05:00:00.000Z');
    // 22:30 CEST (UTC+2) on October 24th → 07:00 CET (UTC+1).
    expect(end('2026-10-24T20:30:00Z', night('Europe/Paris'))).toBe('2026-10-25T06:00:00.000Z');
    // 02:30 happens twice: from 23:30 CEST, the window ends at the first one (CEST).
    const late = window('23:00', '02:30', 'Europe/Paris');
    expect(end('2026-10-24T21:30:00Z', late)).toBe('2026-10-25T00:30:00.000Z');
    // From 02:10 CET, in the repeated hour after the first 02:30: at the second one (CET).
    expect(end('2026-10-25T01:10:00Z', late)).toBe('2026-10-25T01:30:00.000Z');
    // 02:40 CEST is outside.
    expect(end('2026-10-25T00:40:00Z', late)).toBeNull();
  });

  test('Australia/Sydney, ahead of UTC, daylight saving ending in April (2026-04-05)', () => {
    // 22:30 AEDT (UTC+11) on April 4th → 07:00 AEST (UTC+10) on April 5th.
    expect(end('2026-04-04T11:30:00Z', night('Australia/Sydney'))).toBe('2026-04-04T21:00:00.000Z');
    // 06:00 AEST on April 5th: the same window, ending an hour later by the clock.
    expect(end('2026-04-04T20:00:00Z', night('Australia/Sydney'))).toBe('2026-04-04T21:00:00.000Z');
    // 02:30 happens twice (03:00 AEDT goes back to 02:00 AEST): from 22:30 AEDT, at the first one.
    expect(end('2026-04-04T11:30:00Z', window('22:00', '02:30', 'Australia/Sydney'))).toBe('2026-04-04T15:30:00.000Z');
  });

  test('Australia/Sydney, daylight saving starting in October (2026-10-04)', () => {
    // The night before: 22:30 AEST on October 2nd → 07:00 AEST (UTC+10).
    expect(end('2026-10-02T12:30:00Z', night('Australia/Sydney'))).toBe('2026-10-02T21:00:00.000Z');
    // 22:30 AEST (UTC+10) on October 3rd → 07:00 AEDT (UTC+11) on October 4th.
    expect(end('2026-10-03T12:30:00Z', night('Australia/Sydney'))).toBe('2026-10-03T20:00:00.000Z');
    // An end inside the gap (02:00 AEST jumps to 03:00 AEDT): at 03:00 AEDT, from 01:30 AEST.
    expect(end('2026-10-03T15:30:00Z', window('01:00', '02:30', 'Australia/Sydney'))).toBe('2026-10-03T16:00:00.000Z');
  });

  test('a half-hour daylight-saving gap (Australia/Lord_Howe, 02:00 jumps to 02:30 on 2026-10-04)', () => {
    // From 01:30 (UTC+10:30), an end at 02:15 falls in the gap: the window ends at 02:30 (UTC+11).
    expect(end('2026-10-03T15:00:00Z', window('01:00', '02:15', 'Australia/Lord_Howe'))).toBe('2026-10-03T15:30:00.000Z');
  });

  test('a zone named in another case reads the same clock', () => {
    expect(end('2026-03-28T21:30:00Z', night('europe/PARIS'))).toBe('2026-03-29T05:00:00.000Z');
  });
});
