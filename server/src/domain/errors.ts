import { errors } from '@strapi/utils';

/**
 * Strapi's error classes fix `name` to their own literal type; ours keep the parent's
 * HTTP mapping (instanceof) but carry their own name, so callers can tell them apart.
 */
const rename = (error: Error, name: string): void => {
  Object.defineProperty(error, 'name', { value: name, enumerable: false, writable: true, configurable: true });
};

/** A notification cannot be read or changed by this caller (unknown id, wrong or missing recipient). */
export class NotificationError extends errors.ApplicationError<'NotificationError'> {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.name = 'NotificationError';
  }
}

/** A channel name that no registered channel answers to, or a channel class that cannot be registered. */
export class InvalidChannelError extends errors.ValidationError<string, Record<string, unknown> | undefined> {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
    rename(this, 'InvalidChannelError');
  }
}

/** A provider name that no registered provider answers to, or a provider class that cannot be registered. */
export class InvalidProviderError extends errors.ValidationError<string, Record<string, unknown> | undefined> {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
    rename(this, 'InvalidProviderError');
  }
}

/** One issue found in a payload, in Strapi's validation-error detail shape. */
export interface PayloadIssue {
  path: (string | number)[];
  message: string;
}

/** A channel built a payload that its provider's schema refuses (checked before anything is stored). */
export class InvalidPayloadError extends errors.ValidationError<
  string,
  { provider: string; channel?: string; errors: PayloadIssue[] }
> {
  constructor(message: string, details: { provider: string; channel?: string; errors: PayloadIssue[] }) {
    super(message, details);
    rename(this, 'InvalidPayloadError');
  }
}

/**
 * An `idempotencyKey` already used for another recipient: keys are scoped to one recipient, and a
 * reuse for someone else is a mistake in the caller's key scheme, never an answer to give back.
 */
export class IdempotencyConflictError extends errors.ApplicationError<'IdempotencyConflictError'> {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.name = 'IdempotencyConflictError';
  }
}

/** A provider is used without the options it needs (`providers.<name>` in the plugin config). */
export class ProviderConfigError extends errors.ApplicationError<'ProviderConfigError'> {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.name = 'ProviderConfigError';
  }
}

/** What a failed send tells the queue: who failed, the far side's status, whether to try again. */
export interface DeliveryErrorDetails {
  provider: string;
  /** HTTP (or protocol) status from the far side, when there was one. */
  status?: number;
  /** Whether a later attempt may succeed (network errors, 408, 429, 5xx). */
  retryable: boolean;
  /** Milliseconds the far side asked us to wait before retrying (Retry-After). */
  retryAfterMs?: number;
}

/** A provider failed to send. Providers throw it to say whether the queue should retry. */
export class DeliveryError extends errors.ApplicationError<'DeliveryError', string, DeliveryErrorDetails> {
  readonly provider: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(message: string, details: DeliveryErrorDetails, options?: { cause?: unknown }) {
    super(message, details);
    this.name = 'DeliveryError';
    this.provider = details.provider;
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    if (options?.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
    }
  }

  /** Wraps anything a provider threw; an error that says nothing about retrying is retried. */
  static from(error: unknown, provider: string): DeliveryError {
    if (error instanceof DeliveryError) return error;
    // Not `instanceof Error`: errors from another realm (Node's fetch under Jest, vm contexts) fail it.
    const message =
      error && typeof (error as { message?: unknown }).message === 'string' ? (error as Error).message : String(error);
    return new DeliveryError(`Provider "${provider}" failed: ${message}`, { provider, retryable: true }, { cause: error });
  }
}
