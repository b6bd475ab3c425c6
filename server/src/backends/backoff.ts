import { MAX_RETRY_DELAY_MS } from '../domain/limits';

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential from `baseMs`, capped at
 * `maxMs`, with "full jitter" (a random point in the upper half) so that deliveries that failed
 * together do not all come back together. A far side's Retry-After wins when it asks for longer,
 * up to `maxMs` too: a receiver asking for a year (or for 99999999999999 seconds) gets `maxMs`.
 */
export const retryDelayMs = (
  attempt: number,
  { baseMs, maxMs }: { baseMs: number; maxMs: number },
  retryAfterMs?: number,
  random: () => number = Math.random
): number => {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  const asked = Number.isFinite(retryAfterMs) ? Math.min(retryAfterMs as number, maxMs) : 0;
  return Math.min(MAX_RETRY_DELAY_MS, Math.round(Math.max(jittered, asked)));
};
