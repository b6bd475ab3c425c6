import { toJsonInput } from './json-input';

test('copies JSON as it is, a Date as its ISO string, without undefined keys; the input is not changed', () => {
  const input = { a: [1, 'two', null, true], b: { when: new Date(0), gone: undefined } };
  expect(toJsonInput(input, ['extraData'])).toEqual({ value: { a: [1, 'two', null, true], b: { when: '1970-01-01T00:00:00.000Z' } } });
  expect(input.b.when).toBeInstanceOf(Date);
});

test('an object met twice on different branches is no cycle; one met inside itself is, named by the first path', () => {
  const shared = { n: 1 };
  expect(toJsonInput({ x: shared, y: [shared] }, [])).toEqual({ value: { x: { n: 1 }, y: [{ n: 1 }] } });
  const loop: Record<string, unknown> = {};
  loop.inner = { back: loop };
  expect(toJsonInput({ loop }, ['extraData'])).toEqual({
    issue: { path: ['extraData', 'loop', 'inner', 'back'], message: expect.stringMatching(/^is circular/) },
  });
});

test('an object with a null prototype is plain', () => {
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: 1 });
  expect(toJsonInput(bare, [])).toEqual({ value: { k: 1 } });
});
