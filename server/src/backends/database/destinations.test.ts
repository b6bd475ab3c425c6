import { createDestinations, SLOW_SEND_MS } from './destinations';

const clock = () => {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

test('a destination never heard from gets cap slots', () => {
  const destinations = createDestinations({ cap: 2, concurrency: 10 });
  destinations.start('a');
  expect(destinations.hasRoom('a')).toBe(true);
  destinations.start('a');
  expect(destinations.hasRoom('a')).toBe(false);
  expect(destinations.hasRoom('b')).toBe(true);
  expect(destinations.saturated(['b'])).toEqual(['a']);
});

test('a destination whose last send was fast may use every slot, until a send of it is in flight for a second', () => {
  const time = clock();
  const destinations = createDestinations({ cap: 2, concurrency: 10, now: time.now });
  destinations.end(destinations.start('smtp'));
  const tokens = Array.from({ length: 9 }, () => destinations.start('smtp'));
  expect(destinations.hasRoom('smtp')).toBe(true);
  tokens.push(destinations.start('smtp'));
  expect(destinations.hasRoom('smtp')).toBe(false); // 10 of 10
  expect(destinations.saturated(['smtp'])).toEqual([]); // claimed ones go quickly: claim more
  tokens.slice(0, 5).forEach((token) => destinations.end(token));
  time.advance(SLOW_SEND_MS + 1);
  expect(destinations.hasRoom('smtp')).toBe(false); // 5 in flight for over a second: back to cap 2
  expect(destinations.saturated([])).toEqual(['smtp']);
});

test('a slow send takes the proof away', () => {
  const time = clock();
  const destinations = createDestinations({ cap: 1, concurrency: 4, now: time.now });
  destinations.end(destinations.start('hook'));
  const slow = destinations.start('hook');
  time.advance(SLOW_SEND_MS + 5);
  destinations.end(slow);
  destinations.start('hook');
  expect(destinations.hasRoom('hook')).toBe(false);
});
