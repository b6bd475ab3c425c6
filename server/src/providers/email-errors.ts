import { DeliveryError } from '../domain/errors';
import { redact } from './redact';

/** Problems with the message or the setup: the same message would fail the same way. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EAUTH', 'ECONFIG', 'EREQUIREDAUTH']);

/**
 * Maps a nodemailer (or Strapi email provider) failure: SMTP 4xx replies are retryable, 5xx
 * replies are not, connection trouble is retryable. `secrets` are redacted from the message.
 */
export const toEmailDeliveryError = (error: unknown, secrets: readonly (string | undefined)[]): DeliveryError => {
  const { responseCode, code, message } = (error ?? {}) as { responseCode?: unknown; code?: unknown; message?: unknown };
  const status = typeof responseCode === 'number' ? responseCode : undefined;
  const retryable =
    status !== undefined
      ? status >= 400 && status < 500
      : typeof code === 'string' && PERMANENT_CODES.has(code)
        ? false
        : true; // ECONNECTION, ETIMEDOUT, ESOCKET… (no answer at all), or unknown: a later attempt may get through.
  const reason = typeof message === 'string' ? message : String(error);
  return new DeliveryError(redact(`Email failed: ${reason}`, secrets), { provider: 'email', status, retryable });
};
