import { BaseNotificationProvider } from './base-provider';
import { discordOptions, type DiscordOptions } from '../config/chat-webhook-options';
import type { ChannelContext, SendOptions, SendResult, VerifyResult } from '../domain/types';
import { discordPayloadSchema, type DiscordPayload } from './discord-payload';
import { postChatWebhook, webhookOrigin } from './chat-webhook-post';

/** Discord's error body: `{ message, code, retry_after? (seconds), errors? }`. */
const explainDiscord = (body: unknown): { reason?: string; retryAfterMs?: number } => {
  if (typeof body !== 'object' || body === null) return {};
  const { message, code, retry_after: retryAfter } = body as { message?: unknown; code?: unknown; retry_after?: unknown };
  const reason = [typeof code === 'number' ? String(code) : undefined, typeof message === 'string' ? message : undefined]
    .filter(Boolean)
    .join(' ');
  return {
    reason: reason || undefined,
    retryAfterMs: typeof retryAfter === 'number' && retryAfter >= 0 ? Math.ceil(retryAfter * 1000) : undefined,
  };
};

/**
 * Built-in `discord` provider: "Execute Webhook" on the configured incoming-webhook URL, with
 * `?wait=true` so that Discord answers the message, whose `id` is returned as `externalId`.
 * Nobody is pinged unless the payload says so in `allowed_mentions`. 429 is retried after Discord's
 * `retry_after`, 5xx and no answer are retried, other 4xx (unknown webhook, invalid body) are not.
 */
export class DiscordProvider extends BaseNotificationProvider<DiscordPayload, DiscordOptions> {
  static providerName = 'discord';
  static override optionsSchema = discordOptions.schema;
  static override optionFields = discordOptions.fields;

  schema = discordPayloadSchema;

  /** The webhook's host: one that hangs holds back only its own sends. */
  override destination(): string {
    return `discord ${webhookOrigin(this.options.url)}`;
  }

  async send(payload: DiscordPayload, _context: ChannelContext, options?: SendOptions): Promise<SendResult> {
    const url = new URL(this.options.url);
    url.searchParams.set('wait', 'true');
    const answer = await postChatWebhook({
      provider: this.providerName,
      service: 'Discord',
      url: url.href,
      body: { ...payload, allowed_mentions: payload.allowed_mentions ?? { parse: [] } },
      signal: options?.signal,
      explain: explainDiscord,
    });
    // 2xx is sent, whatever the body: a retry would post the message twice.
    const id = (answer.body as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? { externalId: id } : {};
  }

  /** "Get Webhook with Token" (`GET` on the URL): does Discord know this webhook? Sends no message. */
  override async verify(): Promise<VerifyResult> {
    const where = webhookOrigin(this.options.url);
    try {
      const response = await fetch(this.options.url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      const body = (await response.json().catch(() => null)) as { name?: unknown } | null;
      if (response.ok)
        return { ok: true, message: `Discord knows the webhook${typeof body?.name === 'string' ? ` "${body.name}"` : ''} (${where})` };
      const { reason } = explainDiscord(body);
      return {
        ok: false,
        message: `Discord webhook ${where} answered ${response.status}${reason ? ` ${reason}` : ''}: is the URL right, and the webhook not deleted?`,
      };
    } catch (error) {
      const { cause, message } = (error ?? {}) as { cause?: { code?: string }; message?: string };
      return { ok: false, message: `Discord webhook ${where} cannot be reached (${cause?.code ?? message ?? 'no answer'})` };
    }
  }
}
