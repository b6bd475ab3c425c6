import { z } from 'zod';
import { BaseNotificationProvider } from './base-provider';
import { webhookOptionsSchema, type WebhookOptions } from '../config/provider-options';
import { DeliveryError } from '../errors';
import type { VerifyResult } from '../types';
import { isRetryableStatus, parseRetryAfter } from './retry-policy';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

const DEFAULT_TIMEOUT_MS = 10_000;

const webhookPayloadSchema = z.strictObject({
  /** Names what happened, for the receiver to route on; `"notification"` when omitted. */
  event: z.string().min(1).max(255).optional(),
  /** Anything JSON: the body's `data`. */
  data: z.unknown(),
  /** Posts here instead of the configured `url`(s). */
  url: z.union([z.url({ protocol: /^https?$/ }), z.array(z.url({ protocol: /^https?$/ })).min(1)]).optional(),
});

/** One payload of the `webhook` provider. */
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/**
 * Built-in `webhook` provider: POSTs `{ "event", "data" }` as JSON to each configured URL, signed
 * with `X-Notifs-Signature` when a `secret` is set (see `verifyWebhookSignature`).
 * 2xx is sent; 408, 429 and 5xx, refused connections and timeouts are retryable; other 4xx are not.
 */
export class WebhookProvider extends BaseNotificationProvider<WebhookPayload, WebhookOptions> {
  static providerName = 'webhook';
  static override optionsSchema = webhookOptionsSchema;

  schema = webhookPayloadSchema;

  async send(payload: WebhookPayload): Promise<void> {
    const urls = [payload.url ?? this.options.url].flat();
    const body = JSON.stringify({ event: payload.event ?? 'notification', data: payload.data ?? null });
    const results = await Promise.allSettled(urls.map((url) => this.post(url, body)));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as DeliveryError] : []));
    if (failures.length === 0) return;
    if (failures.length === 1) throw failures[0];
    // One attempt posts to every URL; a retry helps if any failure was retryable.
    const retryable = failures.some((failure) => failure.retryable);
    throw new DeliveryError(
      `${failures.length} of ${urls.length} webhook URLs failed: ${failures.map((failure) => failure.message).join('; ')}`,
      {
        provider: this.providerName,
        status: failures[0].status,
        retryable,
        retryAfterMs: retryable ? Math.max(0, ...failures.map((failure) => failure.retryAfterMs ?? 0)) || undefined : undefined,
      }
    );
  }

  /** Checks the configured URLs parse; a POST would deliver something, so nothing is sent. */
  override async verify(): Promise<VerifyResult> {
    const urls = [this.options.url].flat();
    return {
      ok: true,
      message: `webhook posts to ${urls.map(describeUrl).join(', ')}${this.options.secret ? ', signed' : ', unsigned (no secret)'}`,
    };
  }

  private async post(url: string, body: string): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'strapi-plugin-notifs' };
    if (this.options.secret) {
      const timestamp = Math.floor(Date.now() / 1000);
      headers[WEBHOOK_SIGNATURE_HEADER] = signWebhookBody(this.options.secret, body, timestamp);
      headers['X-Notifs-Timestamp'] = String(timestamp);
    }
    const where = describeUrl(url);
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    } catch (error) {
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : networkReason(error);
      throw new DeliveryError(`Webhook ${where} failed: ${reason}`, { provider: this.providerName, retryable: true });
    }
    // The body is not needed, but must be consumed or cancelled to free the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return;
    const retryable = isRetryableStatus(response.status);
    throw new DeliveryError(`Webhook ${where} answered ${response.status}${retryable ? '' : ' (not retried)'}`, {
      provider: this.providerName,
      status: response.status,
      retryable,
      retryAfterMs: retryable ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
    });
  }
}

/** Scheme, host and port only: a path or query may hold a token (Slack-style incoming webhooks do). */
const describeUrl = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
};

/**
 * undici says "fetch failed" and puts the reason (ECONNREFUSED…) in `cause`. Duck-typed, not
 * `instanceof Error`: fetch's errors may come from another realm (Jest's sandbox is one).
 */
const networkReason = (error: unknown): string => {
  const { message, cause } = (error ?? {}) as { message?: string; cause?: { code?: string; message?: string } };
  return cause?.code ?? cause?.message ?? message ?? String(error);
};
