import { groupCommit } from './group-commit';

describe('groupCommit', () => {
  test('items added while a flush runs share the next flush; each gets its own result', async () => {
    const flushed: number[][] = [];
    const doubler = groupCommit<number, number>(async (items) => {
      flushed.push(items);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return items.map((item) => item * 2);
    });
    const first = doubler.add(1);
    await new Promise((resolve) => setImmediate(resolve)); // the first flush starts alone
    const rest = [2, 3, 4].map((item) => doubler.add(item));
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(flushed).toEqual([[1], [2, 3, 4]]);
  });

  test('a failed flush rejects its own batch only', async () => {
    const writer = groupCommit<string>(async (items) => {
      if (items.includes('bad')) throw new Error('write failed');
    });
    await expect(writer.add('bad')).rejects.toThrow('write failed');
    await expect(writer.add('good')).resolves.toBeUndefined();
  });
});

describe('groupCommit with two flights', () => {
  /** A flush that records its items and how many flushes ran beside it, then waits until released. */
  const recorder = () => {
    const flushes: { items: number[]; beside: number }[] = [];
    let running = 0;
    const gates: (() => void)[] = [];
    const flush = async (items: number[]) => {
      flushes.push({ items, beside: running });
      running += 1;
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
      return items;
    };
    const releaseAll = () => gates.splice(0).forEach((open) => open());
    return { flushes, flush, releaseAll };
  };
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  test('what arrives together is shared between the two flights, which run side by side', async () => {
    const { flushes, flush, releaseAll } = recorder();
    const writer = groupCommit<number, number>(flush, { flights: 2, minShare: 8 });
    const results = Promise.all(Array.from({ length: 50 }, (_, i) => writer.add(i)));
    await turn();
    await turn();
    expect(flushes.map(({ items }) => items.length)).toEqual([25, 25]);
    expect(flushes.map(({ beside }) => beside)).toEqual([0, 1]);
    releaseAll();
    expect(await results).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test('fewer than two shares of minShare go as one flush', async () => {
    const { flushes, flush, releaseAll } = recorder();
    const writer = groupCommit<number, number>(flush, { flights: 2, minShare: 8 });
    const results = Promise.all(Array.from({ length: 15 }, (_, i) => writer.add(i)));
    await turn();
    await turn();
    expect(flushes.map(({ items }) => items.length)).toEqual([15]);
    releaseAll();
    await results;
  });

  test('while one flight waits, a second opens for minShare new items, and no third', async () => {
    const { flushes, flush, releaseAll } = recorder();
    const writer = groupCommit<number, number>(flush, { flights: 2, minShare: 8 });
    const first = writer.add(0);
    await turn();
    expect(flushes).toHaveLength(1);
    // Seven do not open a second flight: they wait for the first.
    const few = Array.from({ length: 7 }, (_, i) => writer.add(1 + i));
    await turn();
    expect(flushes).toHaveLength(1);
    // The eighth does; what comes after waits for a flight to end.
    const eighth = writer.add(8);
    await turn();
    expect(flushes.map(({ items }) => items)).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8]]);
    const later = Array.from({ length: 20 }, (_, i) => writer.add(9 + i));
    await turn();
    expect(flushes).toHaveLength(2);
    releaseAll();
    await Promise.all([first, ...few, eighth]);
    await turn();
    expect(flushes[2].items).toEqual(Array.from({ length: 20 }, (_, i) => 9 + i));
    releaseAll();
    expect(await Promise.all(later)).toEqual(Array.from({ length: 20 }, (_, i) => 9 + i));
  });
});
