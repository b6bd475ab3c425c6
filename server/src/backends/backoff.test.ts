import { retryDelayMs } from './backoff';

const backoff = { baseMs: 1_000, maxMs: 60_000 };

test('doubles each attempt, within the upper half of the step', () => {
  expect(retryDelayMs(1, backoff, undefined, () => 0)).toBe(500);
  expect(retryDelayMs(1, backoff, undefined, () => 1)).toBe(1_000);
  expect(retryDelayMs(3, backoff, undefined, () => 1)).toBe(4_000);
  expect(retryDelayMs(3, backoff, undefined, () => 0)).toBe(2_000);
});

test('never passes maxMs', () => {
  expect(retryDelayMs(30, backoff, undefined, () => 1)).toBe(60_000);
});

test('honours a longer Retry-After, up to maxMs', () => {
  expect(retryDelayMs(1, backoff, 7_000, () => 1)).toBe(7_000);
  expect(retryDelayMs(5, backoff, 10, () => 1)).toBe(16_000);
});

test('an absurd Retry-After is capped at maxMs, and never leaves the Date range', () => {
  expect(retryDelayMs(1, backoff, 99_999_999_999_999_000, () => 1)).toBe(60_000);
  expect(retryDelayMs(1, backoff, Number.POSITIVE_INFINITY, () => 1)).toBe(1_000);
  expect(retryDelayMs(1, { baseMs: 1_000, maxMs: Number.MAX_SAFE_INTEGER }, 1e300, () => 1)).toBe(7 * 24 * 60 * 60 * 1000);
});
