import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import { DeliveryError } from '../domain/errors';
import { isRetryableStatus } from './retry-policy';
import { redact } from './redact';

/** Slack reasons (`ok: false`) that say "try later" rather than "this request is wrong". */
const TRANSIENT_REASONS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

const isSlackError = (error: unknown): error is WebAPICallError =>
  typeof error === 'object' && error !== null && Object.values<unknown>(ErrorCode).includes((error as { code?: unknown }).code);

/** The `error` field of a JSON body Slack answered with, when there is one. */
const reasonInBody = (body: unknown): string | undefined =>
  typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string'
    ? (body as { error: string }).error
    : undefined;

/**
 * Turns what `@slack/web-api` throws into a `DeliveryError` the queue understands: rate limits and
 * server or network trouble are retryable, Slack refusing the request (`channel_not_found`,
 * `invalid_auth`…) is not. The token is redacted from anything the SDK said.
 */
export const toSlackDeliveryError = (error: unknown, method: string, token: string): DeliveryError => {
  const provider = 'slack';
  const fail = (reason: string, details: { status?: number; retryable: boolean; retryAfterMs?: number }) =>
    new DeliveryError(redact(`Slack ${method} failed: ${reason}`, [token]), { provider, ...details });
  if (!isSlackError(error)) {
    const message = (error as { message?: unknown } | null)?.message;
    return fail(typeof message === 'string' ? message : String(error), { retryable: true });
  }
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      return fail(`rate limited, retry after ${error.retryAfter} s`, {
        status: 429,
        retryable: true,
        retryAfterMs: error.retryAfter * 1000,
      });
    case ErrorCode.PlatformError: {
      const reason = error.data.error;
      return fail(reason, { retryable: TRANSIENT_REASONS.has(reason) });
    }
    case ErrorCode.HTTPError: {
      const reason = reasonInBody(error.body);
      return fail(`HTTP ${error.statusCode}${reason ? ` ${reason}` : ''}`, {
        status: error.statusCode,
        retryable: isRetryableStatus(error.statusCode),
      });
    }
    case ErrorCode.RequestError: {
      const original = error.original as { code?: string; message?: string } | undefined;
      return fail(`no answer (${original?.code ?? original?.message ?? error.message})`, { retryable: true });
    }
  }
};
