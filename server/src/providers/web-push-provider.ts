import { generateRequestDetails } from 'web-push';
import { BaseNotificationProvider } from './base-provider';
import { webPushOptions, webPushOptionsSchema, type WebPushOptions } from '../config/web-push-options';
import { DeliveryError } from '../domain/errors';
import type { ChannelContext, SendOptions, SendResult, VerifyResult } from '../domain/types';
import type { StoredPushSubscription } from '../domain/push-subscriptions';
import { isRetryableStatus, parseRetryAfter } from './retry-policy';
import { webPushMessage, webPushPayloadSchema, type WebPushPayload } from './web-push-payload';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_TTL_S = 24 * 60 * 60;
const EXTERNAL_ID_LENGTH = 255;

/**
 * Built-in `web_push` provider: encrypts the message (aes128gcm) for each subscription's browser and
 * posts it to the browser's push service, signed with the app's VAPID key, through the `web-push`
 * library's request builder (the POST itself is ours, so the queue's deadline can stop it and a push
 * service on loopback can be plain http in development).
 *
 * Each subscription is its own delivery: a retry repeats only the one that failed. The push service's
 * 404 or 410 means the browser dropped the subscription: its row is removed and the delivery ends, not
 * retried. 408, 429 and 5xx are retried (honouring Retry-After); other answers are not.
 */
export class WebPushProvider extends BaseNotificationProvider<WebPushPayload, WebPushOptions> {
  static providerName = 'web_push';
  static override optionsSchema = webPushOptionsSchema;
  static override optionFields = webPushOptions.fields;

  schema = webPushPayloadSchema;

  /** One payload per subscription; none when the recipient has no subscription. */
  override targets(payload: WebPushPayload): WebPushPayload[] {
    return payload.subscriptions.map((subscription) => ({ ...payload, subscriptions: [subscription] }));
  }

  /** The push service (its origin): one that hangs holds back its own sends only. */
  override destination(payload: WebPushPayload): string {
    return payload.subscriptions[0]?.service ?? this.providerName;
  }

  async send(payload: WebPushPayload, context: ChannelContext, options?: SendOptions): Promise<SendResult | void> {
    void context;
    const results = await Promise.allSettled(payload.subscriptions.map(({ id }) => this.sendTo(id, payload, options?.signal)));
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [DeliveryError.from(result.reason, this.providerName)] : []
    );
    if (failures.length === 1 && results.length === 1) throw failures[0];
    if (failures.length) {
      // Only a payload sent without targets() (a custom call) holds several subscriptions.
      const retryable = failures.some((failure) => failure.retryable);
      throw new DeliveryError(
        `${failures.length} of ${results.length} web pushes failed: ${failures.map((failure) => failure.message).join('; ')}`,
        {
          provider: this.providerName,
          status: failures[0].status,
          retryable,
        }
      );
    }
    const ids = results.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
    return ids.length === 1 ? { externalId: ids[0] } : undefined;
  }

  /** Checks the options without sending: a push needs a subscription, and the admin's test has none. */
  override async verify(): Promise<VerifyResult> {
    return {
      ok: true,
      message: `web_push signs with the VAPID key ${this.options.vapidPublicKey.slice(0, 12)}… as ${this.options.subject}`,
    };
  }

  /** One subscription: resolves with the push service's message id (its `Location`), when it gives one. */
  private async sendTo(id: number, payload: WebPushPayload, signal: AbortSignal | undefined): Promise<string | undefined> {
    const subscription = await this.subscription(id, payload.recipient);
    const where = originOf(subscription.endpoint);
    let details: ReturnType<typeof generateRequestDetails>;
    try {
      details = generateRequestDetails(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh as string, auth: subscription.auth as string } },
        JSON.stringify(webPushMessage(payload)),
        {
          vapidDetails: { subject: this.options.subject, publicKey: this.options.vapidPublicKey, privateKey: this.options.vapidPrivateKey },
          TTL: payload.ttl ?? DEFAULT_TTL_S,
          ...(payload.urgency ? { urgency: payload.urgency } : {}),
          ...(payload.topic ? { topic: payload.topic } : {}),
          contentEncoding: 'aes128gcm',
        }
      );
    } catch (error) {
      throw this.fail(`Web push to subscription ${id} (${where}) cannot be encrypted or signed: ${(error as Error).message}`, false);
    }
    // Content-Length is fetch's to set; every other header goes as web-push made it.
    const headers = Object.fromEntries(
      Object.entries(details.headers)
        .filter(([name]) => name.toLowerCase() !== 'content-length')
        .map(([name, value]) => [name, String(value)])
    );
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(details.endpoint, {
        method: details.method,
        headers,
        body: details.body ?? undefined,
        signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
        redirect: 'manual',
      });
    } catch (error) {
      const reason = deadline.aborted
        ? `no answer within ${timeoutMs} ms`
        : signal?.aborted
          ? (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError'
            ? "no answer before the queue's deadline (queue.sendTimeoutMs)"
            : 'stopped: the send was cancelled'
          : networkReason(error);
      throw this.fail(`Web push to subscription ${id} (${where}) failed: ${reason}`, true);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return response.headers.get('location')?.slice(0, EXTERNAL_ID_LENGTH) || undefined;
    if (response.status === 404 || response.status === 410) {
      await this.pushSubscriptions?.remove(id);
      throw this.fail(
        `Push service ${where} answered ${response.status}: subscription ${id} has expired or was unsubscribed; it is removed (not retried)`,
        false,
        response.status
      );
    }
    const retryable = isRetryableStatus(response.status);
    const said = text.trim() ? `: ${text.trim().slice(0, 200)}` : '';
    throw this.fail(
      `Push service ${where} answered ${response.status} for subscription ${id}${said}${retryable ? '' : ' (not retried)'}`,
      retryable,
      response.status,
      retryable ? parseRetryAfter(response.headers.get('retry-after')) : undefined
    );
  }

  /** The subscription, if it still exists, is a browser's, and still belongs to the recipient. */
  private async subscription(id: number, recipient: number | null): Promise<StoredPushSubscription> {
    if (!this.pushSubscriptions) throw this.fail('web_push was made without the push subscription store', false);
    const found = await this.pushSubscriptions.find(id);
    if (!found) throw this.fail(`Push subscription ${id} no longer exists (unsubscribed, or expired): nothing to send`, false);
    if (found.kind !== 'web_push' || !found.p256dh || !found.auth)
      throw this.fail(`Push subscription ${id} is not a web push subscription`, false);
    // A browser registered again by someone else moved to them: this notification is not theirs.
    if (recipient === null || found.userId !== recipient)
      throw this.fail(`Push subscription ${id} now belongs to another user: not sent to it`, false);
    return found;
  }

  private fail(message: string, retryable: boolean, status?: number, retryAfterMs?: number): DeliveryError {
    return new DeliveryError(message, {
      provider: this.providerName,
      retryable,
      ...(status ? { status } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
}

/** Scheme, host and port only: the endpoint's path is the subscription's secret handle. */
const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
};

/** undici says "fetch failed" and puts the reason (ECONNREFUSED…) in `cause`. */
const networkReason = (error: unknown): string => {
  const { message, cause } = (error ?? {}) as { message?: string; cause?: { code?: string; message?: string } };
  return cause?.code ?? cause?.message ?? message ?? String(error);
};
