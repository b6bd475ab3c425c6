/** The y axis of a count chart: whole, round ticks from 0 to a top at or above the largest value. */
export interface CountScale {
  max: number;
  ticks: number[];
}

/**
 * About `intervals` steps of 1, 2 or 5 × 10^n (never below 1: counts are whole), e.g. 0, 2, 4, 6, 8
 * for a largest value of 7, and 0, 5, 10 for 10.
 */
export const countScale = (largest: number, intervals = 4): CountScale => {
  const raw = Math.max(largest, 1) / intervals;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw);
  const max = Math.max(step, Math.ceil(largest / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= max; tick += step) ticks.push(tick);
  return { max, ticks };
};
