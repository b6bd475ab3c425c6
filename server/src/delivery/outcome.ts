import type { DeliveryError } from '../domain/errors';

/** What one send came to, as the dispatcher reports it. */
export type SendOutcome =
  /** `externalId`: the far side's id for the message, when the provider answered one (stored on the row). */
  | { status: 'sent'; externalId?: string }
  /** Not sent on purpose (a `notifs.pre_send` veto): never retried. */
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: DeliveryError };
