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

  test("a failed flush rejects its own batch only", async () => {
    const writer = groupCommit<string>(async (items) => {
      if (items.includes('bad')) throw new Error('write failed');
    });
    await expect(writer.add('bad')).rejects.toThrow('write failed');
    await expect(writer.add('good')).resolves.toBeUndefined();
  });
});
