import { countScale } from '../../admin/src/components/chart-scale';

describe('countScale', () => {
  test.each([
    [0, [0, 1]],
    [3, [0, 1, 2, 3]],
    [7, [0, 2, 4, 6, 8]],
    [10, [0, 5, 10]],
    [37, [0, 10, 20, 30, 40]],
    [950, [0, 500, 1000]],
  ])('largest %i: ticks %j, whole and evenly spaced', (largest, ticks) => {
    const scale = countScale(largest);
    expect(scale.ticks).toEqual(ticks);
    expect(scale.max).toBeGreaterThanOrEqual(largest);
    expect(scale.ticks.every(Number.isInteger)).toBe(true);
  });
});
