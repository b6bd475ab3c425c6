import type { DeliveryError } from '../domain/errors';

/** What one send came to, as the dispatcher reports it. */
export type SendOutcome =
  | { status: 'sent' }
  /** Not sent on purpose (a `notifs.pre_send` veto): never retried. */
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: DeliveryError };
