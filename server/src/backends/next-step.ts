import type { SendOutcome } from '../delivery/outcome';
import type { QueueConfig } from '../config/schema';
import { retryDelayMs } from './backoff';

/** What a durable backend writes on a delivery's row once a send has come to `outcome`. */
export type NextStep =
  | { status: 'sent'; externalId?: string }
  | { status: 'skipped'; lastError: string }
  | { status: 'failed'; lastError: string; delayMs: number }
  | { status: 'dead'; lastError: string };

/**
 * The retry-or-dead decision, written once for both durable backends. `attempts` counts this one
 * (attempts are counted when a delivery is claimed, so a send that crashes its worker counts too).
 */
export const nextStep = (outcome: SendOutcome, attempts: number, queue: Pick<QueueConfig, 'maxAttempts' | 'backoff'>): NextStep => {
  if (outcome.status !== 'failed') return outcome.status === 'sent' ? outcome : { status: 'skipped', lastError: outcome.reason };
  const { error } = outcome;
  if (!error.retryable) return { status: 'dead', lastError: error.message };
  if (attempts >= queue.maxAttempts) return { status: 'dead', lastError: error.message };
  return { status: 'failed', lastError: error.message, delayMs: retryDelayMs(attempts, queue.backoff, error.retryAfterMs) };
};
