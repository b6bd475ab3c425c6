import { DeliveryError } from '../domain/errors';
import { isRetryableStatus } from './retry-policy';
import { redact } from './redact';

const PROVIDER = 'twilio_sms';

/** A `RestException` (or `TwilioServiceException`) of the `twilio` library: the far side answered non-2xx. */
interface TwilioRestError {
  status: number;
  code?: number;
  message?: string;
  moreInfo?: string;
}

const isRestError = (error: unknown): error is TwilioRestError =>
  typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';

/**
 * Turns what a `twilio` call threw into a `DeliveryError` the queue understands: 408, 429 and 5xx
 * (and no answer at all) are retryable; another 4xx, such as 21211 (invalid "To" number) or 20003
 * (authentication), will fail the same way again. The auth token is redacted from anything said.
 */
export const toTwilioDeliveryError = (
  error: unknown,
  secrets: { authToken: string },
  retryAfterMs: number | undefined,
  signal: AbortSignal | undefined
): DeliveryError => {
  const fail = (reason: string, details: { status?: number; retryable: boolean; retryAfterMs?: number }) =>
    new DeliveryError(redact(`Twilio SMS failed: ${reason}`, [secrets.authToken]), { provider: PROVIDER, ...details });
  if (isRestError(error)) {
    const retryable = isRetryableStatus(error.status);
    const code = error.code !== undefined ? ` ${error.code}` : '';
    const said = error.message && !error.message.startsWith('[HTTP') ? ` ${error.message}` : '';
    return fail(`HTTP ${error.status}${code}${said}${retryable ? '' : ' (not retried)'}`, {
      status: error.status,
      retryable,
      retryAfterMs: retryable ? retryAfterMs : undefined,
    });
  }
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: string; message?: string } };
  if (signal?.aborted) return fail("no answer before the queue's deadline (queue.sendTimeoutMs) or shutdown", { retryable: true });
  if (name === 'TimeoutError') return fail('no answer in time', { retryable: true });
  return fail(`no answer (${cause?.code ?? cause?.message ?? (typeof message === 'string' ? message : String(error))})`, {
    retryable: true,
  });
};
