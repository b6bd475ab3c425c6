import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BaseNotificationProvider } from './base-provider';
import { webhookOptions, type WebhookOptions } from '../config/provider-options';
import { DeliveryError } from '../domain/errors';
import type { ChannelContext, SendOptions, VerifyResult } from '../domain/types';
import { isRetryableStatus, parseRetryAfter } from './retry-policy';
import { probeConnection } from './connect-probe';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';
import { STANDARD_WEBHOOK_HEADERS, signStandardWebhook, standardWebhookKey } from './standard-webhooks';

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

/** The header that carries the delivery's id: the same on every attempt, so receivers can drop repeats. */
export const WEBHOOK_DELIVERY_ID_HEADER = 'X-Notifs-Delivery-Id';

/**
 * Built-in `webhook` provider: POSTs `{ "event", "data" }` as JSON to each configured URL, with the
 * Standard Webhooks headers (`webhook-id` = the delivery's id; signed when a `secret` is set), or
 * with `signature: 'notifs'` today's `X-Notifs-Signature` (see `verifyWebhookSignature`). Each URL is
 * its own delivery, so a retry posts again only where it failed. 2xx is sent; 408, 429 and 5xx,
 * refused connections and timeouts are retryable; other 4xx are not. It answers no `externalId`: a
 * receiver's answer carries no agreed id, and the one it knows the message by (`webhook-id`) is the
 * delivery's own.
 */
export class WebhookProvider extends BaseNotificationProvider<WebhookPayload, WebhookOptions> {
  static providerName = 'webhook';
  static override optionsSchema = webhookOptions.schema;
  static override optionFields = webhookOptions.fields;

  schema = webhookPayloadSchema;

  /** The Standard Webhooks HMAC key the secret stands for (decoded once). */
  private readonly key = this.options.secret ? standardWebhookKey(this.options.secret) : undefined;

  /** One payload per URL: the payload's own, or each configured one. */
  override targets(payload: WebhookPayload): WebhookPayload[] {
    const urls = [payload.url ?? this.options.url].flat();
    return urls.length > 1 ? urls.map((url) => ({ ...payload, url })) : [payload];
  }

  /** The receiver's origin: a host that hangs holds its own sends back, not everyone's. */
  override destination(payload: WebhookPayload): string {
    return `webhook ${describeUrl([payload.url ?? this.options.url].flat()[0])}`;
  }

  async send(payload: WebhookPayload, context: ChannelContext, options?: SendOptions): Promise<void> {
    const urls = [payload.url ?? this.options.url].flat();
    const body = JSON.stringify({ event: payload.event ?? 'notification', data: payload.data ?? null });
    const results = await Promise.allSettled(urls.map((url) => this.post(url, body, context.deliveryId, options?.signal)));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as DeliveryError] : []));
    if (failures.length === 0) return;
    if (failures.length === 1) throw failures[0];
    // Only a payload planned before deliveries were split per URL still holds several.
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

  /**
   * Connects to each URL's host and port (TLS for https) within 2 s, sending no request: a receiver
   * that is down, or a wrong host or port, shows here rather than at the first notification.
   */
  override async verify(): Promise<VerifyResult> {
    const urls = [this.options.url].flat();
    const problems = await Promise.all(urls.map((url) => probeConnection(url)));
    const unreachable = urls.flatMap((url, i) => (problems[i] ? [`${describeUrl(url)} (${problems[i]})`] : []));
    if (unreachable.length) {
      return { ok: false, message: `webhook cannot connect to ${unreachable.join(', ')}: is the receiver running, and are host and port right?` };
    }
    const signed = this.options.signature === 'notifs' ? ', signed (X-Notifs-Signature)' : ', signed (Standard Webhooks)';
    return {
      ok: true,
      message: `webhook connects to ${urls.map(describeUrl).join(', ')}${this.options.secret ? signed : ', unsigned (no secret)'}`,
    };
  }

  /**
   * The request's headers. `standard` (the default): `webhook-id` (the delivery's id, the same on
   * every attempt), `webhook-timestamp` and, with a secret, `webhook-signature`, as the Standard
   * Webhooks scheme has them. `notifs`: `X-Notifs-Signature` and `X-Notifs-Timestamp`, as before.
   * `X-Notifs-Delivery-Id` goes in both, for receivers that drop repeats by it.
   */
  private headersFor(body: string, deliveryId: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'strapi-plugin-notifs' };
    if (deliveryId) headers[WEBHOOK_DELIVERY_ID_HEADER] = deliveryId;
    const timestamp = Math.floor(Date.now() / 1000);
    if ((this.options.signature ?? 'standard') === 'notifs') {
      if (this.options.secret) {
        headers[WEBHOOK_SIGNATURE_HEADER] = signWebhookBody(this.options.secret, body, timestamp);
        headers['X-Notifs-Timestamp'] = String(timestamp);
      }
      return headers;
    }
    // The queue always gives a delivery id; a provider called by hand gets one per request.
    const id = deliveryId ?? `msg_${randomUUID()}`;
    headers[STANDARD_WEBHOOK_HEADERS.id] = id;
    headers[STANDARD_WEBHOOK_HEADERS.timestamp] = String(timestamp);
    if (this.key) headers[STANDARD_WEBHOOK_HEADERS.signature] = signStandardWebhook(this.key, id, timestamp, body);
    return headers;
  }

  private async post(url: string, body: string, deliveryId: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers = this.headersFor(body, deliveryId);
    const where = describeUrl(url);
    let response: Response;
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: signal ? AbortSignal.any([deadline, signal]) : deadline, redirect: 'manual' });
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      const reason =
        deadline.aborted
          ? `no answer within ${timeoutMs} ms`
          : deadlinePassed(signal)
            ? "no answer before the queue's deadline (queue.sendTimeoutMs)"
            : name === 'AbortError'
              ? 'stopped: the send was cancelled'
              : networkReason(error);
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

/** Whether the queue's deadline (not a shutdown) aborted the send: its reason is a TimeoutError. */
const deadlinePassed = (signal: AbortSignal | undefined): boolean =>
  Boolean(signal?.aborted && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError');
