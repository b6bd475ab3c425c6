import type { QuietHours } from './preferences';

/*
 * Quiet hours are wall-clock times in the recipient's zone ("22:00" to "07:00"), while the queue runs on
 * instants. Only Intl knows the zones' rules, and it converts one way (instant → wall time), so the
 * way back is found by trying the zone's offsets around the date, which is exact across daylight-saving
 * changes: a wall time skipped by a spring-forward gap ends at the first instant after the gap, and
 * one repeated by a fall-back ends at its first occurrence still ahead.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

interface WallTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
}

/** Intl accepts a zone in any case ("europe/PARIS"), so stored names can vary without end: the cache is bounded. */
const MAX_CACHED_FORMATTERS = 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall time in `timeZone` at an instant (to the minute). */
const wallTimeAt = (at: number, timeZone: string): WallTime => {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(at))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)])
  );
  return { year: parts.year, month: parts.month, day: parts.day, minutes: parts.hour * 60 + parts.minute };
};

/** A wall time as if it were UTC: comparable, and the zone's offset is the difference to the instant. */
const asUtc = (wall: WallTime): number => Date.UTC(wall.year, wall.month - 1, wall.day) + wall.minutes * MINUTE_MS;

/** The zone's offset from UTC at an instant, in ms (to the minute). */
const offsetAt = (at: number, timeZone: string): number => asUtc(wallTimeAt(at, timeZone)) - Math.floor(at / MINUTE_MS) * MINUTE_MS;

/**
 * The first instant after `after` whose wall time in `timeZone` is `wall` or later (on that date).
 * The zone's offsets a day before and a day after give the candidates; a gap (no instant has that
 * wall time) is searched minute by minute, by halves, for where the clocks jumped.
 */
const instantOf = (wall: WallTime, timeZone: string, after: number): number => {
  const target = asUtc(wall);
  const candidates = [...new Set([target - offsetAt(target - DAY_MS, timeZone), target - offsetAt(target + DAY_MS, timeZone)])].sort(
    (a, b) => a - b
  );
  const exact = candidates.filter((at) => asUtc(wallTimeAt(at, timeZone)) === target && at > after);
  if (exact.length) return exact[0];
  // In a spring-forward gap: the earliest candidate reads before the wall time, the latest after it.
  let low = candidates[0];
  let high = candidates[candidates.length - 1];
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (asUtc(wallTimeAt(middle, timeZone)) >= target) high = middle;
    else low = middle;
  }
  return high;
};

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet hours that `at` falls in end, or null when `at` is outside them. Decided on the wall
 * time of `at` in the recipient's zone: `start` inclusive, `end` exclusive, a window may cross midnight.
 */
export const quietHoursEnd = (at: Date, quiet: QuietHours): Date | null => {
  const now = at.getTime();
  const wall = wallTimeAt(now, quiet.timeZone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? wall.minutes >= start || wall.minutes < end : wall.minutes >= start && wall.minutes < end;
  if (!inside) return null;
  // Past midnight already, or a window within one day: it ends today; else tomorrow.
  const endsToday = !crossesMidnight || wall.minutes < end;
  const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + (endsToday ? 0 : 1)));
  const endWall: WallTime = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), minutes: end };
  return new Date(instantOf(endWall, quiet.timeZone, now));
};
