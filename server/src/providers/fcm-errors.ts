import { DeliveryError } from '../domain/errors';
import type { TokenFailure } from './fcm-credential';

/** firebase-admin's messaging codes (`messaging/<code>`) that say "try later". */
const RETRYABLE = new Set([
  'server-unavailable',
  'internal-error',
  'unknown-error',
  'message-rate-exceeded',
  'device-message-rate-exceeded',
  'topics-message-rate-exceeded',
]);

/** The HTTP status FCM answered for each code firebase-admin maps it to (firebase-admin keeps only the code). */
const STATUS: Record<string, number> = {
  'registration-token-not-registered': 404,
  'invalid-registration-token': 400,
  'invalid-argument': 400,
  'message-rate-exceeded': 429,
  'device-message-rate-exceeded': 429,
  'topics-message-rate-exceeded': 429,
  'server-unavailable': 503,
  'internal-error': 500,
  'third-party-auth-error': 401,
  'mismatched-credential': 403,
  'authentication-error': 401,
};

/** What an FCM failure means for the device token and for the queue. */
export interface FcmFailure {
  error: DeliveryError;
  /** FCM says the token is dead (UNREGISTERED, or INVALID_ARGUMENT about the token): forget it. */
  staleToken: boolean;
}

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

const messageOf = (error: unknown): string => {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
};

/**
 * Turns what firebase-admin's `send` threw into a `DeliveryError`. A dead token (404 UNREGISTERED;
 * 400 INVALID_ARGUMENT whose reason is the registration token) is not retried and is reported as
 * stale, so the caller removes it; other INVALID_ARGUMENTs are a wrong message, not a wrong token.
 * Rate limits, 5xx and network errors are retryable. A failed token exchange keeps the reason the
 * credential recorded (firebase-admin rewraps it as `app/invalid-credential`).
 */
export const toFcmFailure = (error: unknown, tokenFailure: TokenFailure | undefined): FcmFailure => {
  const provider = 'fcm';
  const code = codeOf(error);
  if (code === 'app/invalid-credential' && tokenFailure) {
    return {
      error: new DeliveryError(`FCM access token: ${tokenFailure.message}`, {
        provider,
        status: tokenFailure.status,
        retryable: tokenFailure.retryable,
      }),
      staleToken: false,
    };
  }
  if (code.startsWith('app/')) {
    // app/network-error, app/network-timeout…: the request did not get an answer.
    const retryable = code === 'app/network-error' || code === 'app/network-timeout';
    return { error: new DeliveryError(`FCM request failed: ${messageOf(error)}`, { provider, retryable }), staleToken: false };
  }
  if (!code.startsWith('messaging/')) {
    return { error: new DeliveryError(`FCM send failed: ${messageOf(error)}`, { provider, retryable: true }), staleToken: false };
  }
  const reason = code.slice('messaging/'.length);
  const staleToken =
    reason === 'registration-token-not-registered' ||
    reason === 'invalid-registration-token' ||
    (reason === 'invalid-argument' && /registration token/i.test(messageOf(error)));
  const retryable = !staleToken && RETRYABLE.has(reason);
  const what = staleToken ? ' (the device token is dead: removed, not retried)' : retryable ? '' : ' (not retried)';
  return {
    error: new DeliveryError(`FCM refused the message: ${reason}: ${messageOf(error)}${what}`, {
      provider,
      status: STATUS[reason],
      retryable,
    }),
    staleToken,
  };
};
