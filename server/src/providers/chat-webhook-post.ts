import { DeliveryError } from '../domain/errors';
import { isRetryableStatus, parseRetryAfter } from './retry-policy';

const DEFAULT_TIMEOUT_MS = 10_000;
/** The far side's own words, kept short: an error page must not fill `lastError`. */
const REASON_MAX = 300;

/** What a chat service answered to a successful POST. */
export interface ChatWebhookAnswer {
  status: number;
  /** The body, parsed when it is JSON. */
  body: unknown;
}

export interface ChatWebhookPost {
  provider: string;
  /** "Discord", "Teams": how messages name the far side. */
  service: string;
  url: string;
  body: unknown;
  signal?: AbortSignal;
  /** Reads the service's own reason out of an error body, and a wait it asks for (Discord's `retry_after`, preferred to `Retry-After`). */
  explain?: (body: unknown) => { reason?: string; retryAfterMs?: number };
}

/**
 * The only part of an incoming-webhook URL that may be shown: its origin. The path and query hold the
 * webhook's token or signature, so they are never in an error, a log or a destination key.
 */
export const webhookOrigin = (url: string): string => (URL.canParse(url) ? new URL(url).origin : '(invalid URL)');

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * POSTs JSON to a chat service's incoming webhook, under the queue's signal and a 10 s deadline.
 * 2xx answers the parsed body; 408, 429 and 5xx, and no answer, are retryable DeliveryErrors (with
 * the service's Retry-After); any other 4xx is not. No message ever holds the URL's path or query.
 */
export const postChatWebhook = async ({ provider, service, url, body, signal, explain }: ChatWebhookPost): Promise<ChatWebhookAnswer> => {
  const where = `${service} webhook ${webhookOrigin(url)}`;
  const deadline = AbortSignal.timeout(DEFAULT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'strapi-plugin-notifs' },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
      redirect: 'manual',
    });
  } catch (error) {
    const { cause, message } = (error ?? {}) as { cause?: { code?: string; message?: string }; message?: string };
    const reason = deadline.aborted
      ? `no answer within ${DEFAULT_TIMEOUT_MS} ms`
      : signal?.aborted
        ? "no answer before the queue's deadline (queue.sendTimeoutMs) or shutdown"
        : (cause?.code ?? cause?.message ?? message ?? String(error));
    // undici may quote the URL in its own words: keep only the origin.
    throw new DeliveryError(`${where} failed: ${reason.split(url).join(webhookOrigin(url))}`, { provider, retryable: true });
  }
  const parsed = parseBody(await response.text().catch(() => ''));
  if (response.status >= 200 && response.status < 300) return { status: response.status, body: parsed };
  const retryable = isRetryableStatus(response.status);
  const explained = explain?.(parsed) ?? {};
  const reason = explained.reason ? ` ${explained.reason.slice(0, REASON_MAX).split(url).join(webhookOrigin(url))}` : '';
  throw new DeliveryError(`${where} answered ${response.status}${reason}${retryable ? '' : ' (not retried)'}`, {
    provider,
    status: response.status,
    retryable,
    retryAfterMs: retryable ? (explained.retryAfterMs ?? parseRetryAfter(response.headers.get('retry-after'))) : undefined,
  });
};
